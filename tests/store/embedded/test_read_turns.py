"""The read thread takes turns between requests: one request's queued reads do not all run before
another request's first."""

from __future__ import annotations

import contextvars
import threading

from coauthor_graph.domain.requests import REQUEST
from coauthor_graph.store.embedded.read_turns import TurnTakingReads


def _as(request: object, submit, *args):
    context = contextvars.copy_context()
    context.run(REQUEST.set, request)
    return context.run(submit, *args)


def test_requests_take_turns_and_each_keeps_its_own_order():
    reads = TurnTakingReads("test-reads")
    gate = threading.Event()
    ran: list[str] = []

    def read(name: str, wait: bool = False):
        def work() -> str:
            if wait:
                gate.wait(5)
            ran.append(name)
            return name

        return work

    heavy, light = object(), object()
    futures = [_as(heavy, reads.submit, read("heavy 0", wait=True))]
    futures += [_as(heavy, reads.submit, read(f"heavy {n}")) for n in range(1, 5)]
    futures.append(_as(light, reads.submit, read("light")))
    skipped = _as(light, reads.submit, read("cancelled"))
    assert skipped.cancel()
    assert reads.longest_wait() > 0.0 and ran == []
    gate.set()
    assert [future.result(5) for future in futures][-1] == "light"
    assert ran == ["heavy 0", "light", "heavy 1", "heavy 2", "heavy 3", "heavy 4"]
    assert reads.longest_wait() == 0.0
    reads.shutdown()


def test_a_read_queued_during_its_requests_turn_is_not_lost():
    reads = TurnTakingReads("test-reads")
    request = object()
    later: list = []

    def first() -> str:
        later.append(_as(request, reads.submit, lambda: "second"))
        return "first"

    assert _as(request, reads.submit, first).result(5) == "first"
    assert later[0].result(5) == "second"
    reads.shutdown()


def test_a_failing_read_hands_its_error_to_the_caller():
    reads = TurnTakingReads("test-reads")

    def broken() -> None:
        raise ValueError("no such table")

    future = reads.submit(broken)
    assert isinstance(future.exception(5), ValueError)
    assert reads.submit(lambda: 42).result(5) == 42
    reads.shutdown()
