"""The embedded store's read thread, taking turns between requests.

SQLite reads and the in-memory index share one connection and one lock, so reads run on one
thread. As a plain queue (a `ThreadPoolExecutor` of one) it served them first come, first served:
a GraphQL query with thirty aliased `possibleDuplicates` queued thirty heavy reads, and a light read
sent after it waited the full 10 s time limit behind them. Here each request (`domain.requests.REQUEST`)
has its own queue and the thread takes one read from each in turn, so a light read waits for at most
one read of each request ahead of it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from coauthor_graph.domain.requests import REQUEST

T = TypeVar("T")


class TurnTakingReads:
    """An executor of one thread that serves its submitters' queues round-robin."""

    def __init__(self, name: str) -> None:
        self._queues: OrderedDict[object, deque[tuple[Future[Any], Callable[[], Any]]]] = OrderedDict()
        self._waiting_since: dict[object, float] = {}
        """Per submitter with work queued: since when its next read has waited for its turn."""
        self._changed = threading.Condition()
        self._closing = False
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[], T]) -> Future[T]:
        """Queue `work` as the current request's (`REQUEST`); cancelling the future before its turn skips it."""
        future: Future[T] = Future()
        owner = REQUEST.get()
        with self._changed:
            if self._closing:
                raise RuntimeError("the store is closed")
            queue = self._queues.setdefault(owner, deque())
            if not queue:
                self._waiting_since[owner] = time.monotonic()
            queue.append((future, work))
            self._changed.notify()
        return future

    def longest_wait(self) -> float:
        """Seconds the request waiting longest for its next turn has waited (0 when none waits)."""
        with self._changed:
            oldest = min(self._waiting_since.values(), default=None)
        return 0.0 if oldest is None else time.monotonic() - oldest

    def shutdown(self) -> None:
        """Serve what is queued, then stop the thread."""
        with self._changed:
            self._closing = True
            self._changed.notify()
        self._thread.join()

    def _serve(self) -> None:
        while True:
            with self._changed:
                while not self._queues and not self._closing:
                    self._changed.wait()
                if not self._queues:
                    return
                owner, queue = self._queues.popitem(last=False)
                future, work = queue.popleft()
                del self._waiting_since[owner]
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(work())
                except BaseException as error:  # handed to the caller, as an executor does
                    future.set_exception(error)
            with self._changed:
                arrived = self._queues.pop(owner, None)  # sent during its turn: queued behind the rest of its reads
                if arrived:
                    queue.extend(arrived)
                if queue:  # its next read waits for a turn behind the others'
                    self._queues[owner] = queue
                    self._waiting_since.setdefault(owner, time.monotonic())
