"""A slow read never holds up the server: /health, /ready and the time limit answer while it runs.

The server runs in this process (a real uvicorn server on a real port, on a real embedded store),
so the test can hold the index rebuild that follows an outside commit (the slowest read there is:
1.3-3.7 s at 200k papers) at a gate, and look at the server while it waits there.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import uvicorn

from coauthor_graph.api.app import create_app
from coauthor_graph.store.embedded.index import GraphIndex
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.api.conftest import free_port
from tests.conftest import SEED, records_of

PATH_QUERY = (
    '{ collaborationPath(from: "author:yuhang-yao", to: "author:zhiqiang-liu")'
    " { length authors { name } hops { paper { title } } } }"
)


class RebuildGate:
    """Holds every index build at a gate until the test opens it (30 s at most, so a broken server
    fails the test instead of hanging it)."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.opened = threading.Event()

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        build = GraphIndex.build.__func__  # type: ignore[attr-defined]

        def gated(cls: type[GraphIndex], db: object) -> GraphIndex:
            self.entered.set()
            self.opened.wait(timeout=30)
            return build(cls, db)

        monkeypatch.setattr(GraphIndex, "build", classmethod(gated))


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    path = tmp_path / "loop.sqlite"
    store = EmbeddedStore(path)
    asyncio.run(store.upsert(records_of(SEED)))
    asyncio.run(store.close())
    return path


def serve(store_file: Path, time_limit: float) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(store_file), time_limit=time_limit), port=port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:  # started means prepared: the index is built
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=40)


def commit_from_outside(store_file: Path, tmp_path: Path) -> None:
    """Another process's load, as the server sees it: a commit on another connection to the file."""
    joint = tmp_path / "joint.jsonl"
    joint.write_text('{"title": "A joint paper", "authors": ["Yuhang Yao", "Zhiqiang Liu"], "year": 2026}\n')
    other = EmbeddedStore(store_file)
    asyncio.run(other.upsert(records_of(joint)))
    asyncio.run(other.close())


def post_in_background(pool: ThreadPoolExecutor, url: str, query: str) -> Future[httpx.Response]:
    return pool.submit(httpx.post, f"{url}/graphql", json={"query": query}, timeout=60)


def test_health_and_ready_answer_while_a_read_rebuilds_the_index(store_file, tmp_path, monkeypatch):
    gate = RebuildGate()
    for url in serve(store_file, time_limit=60):
        gate.install(monkeypatch)
        commit_from_outside(store_file, tmp_path)
        with ThreadPoolExecutor(1) as pool:
            path = post_in_background(pool, url, PATH_QUERY)
            assert gate.entered.wait(timeout=10), "the path query never reached the index rebuild"
            try:
                assert httpx.get(f"{url}/health", timeout=5).json() == {"status": "ok"}
                assert httpx.get(f"{url}/ready", timeout=5).json() == {"status": "ready"}
                assert not path.done()  # still at the gate: the answers above did not wait for it
            finally:
                gate.opened.set()
            found = path.result().json()["data"]["collaborationPath"]
        # The rebuilt index has the outside commit: the two are now one hop apart, through that paper.
        assert found == {
            "length": 1,
            "authors": [{"name": "Yuhang Yao"}, {"name": "Zhiqiang Liu"}],
            "hops": [{"paper": {"title": "A joint paper"}}],
        }


def test_the_time_limit_answers_while_a_read_is_still_running(store_file, tmp_path, monkeypatch):
    gate = RebuildGate()
    for url in serve(store_file, time_limit=1.0):
        gate.install(monkeypatch)
        commit_from_outside(store_file, tmp_path)
        try:
            answer = httpx.post(f"{url}/graphql", json={"query": PATH_QUERY}, timeout=20).json()
            assert gate.entered.is_set() and not gate.opened.is_set()  # answered while the read still waits
        finally:
            gate.opened.set()
        (error,) = answer["errors"]
        assert error["extensions"]["code"] == "TIME_LIMIT_EXCEEDED"
        # The read the cut-off request left running finishes, and the next request gets its answer.
        answer = httpx.post(f"{url}/graphql", json={"query": PATH_QUERY}, timeout=20).json()
        assert answer["data"]["collaborationPath"]["length"] == 1
