"""A new process on an unchanged Neo4j graph loads the projection another process saved under the
graph's change token (`compute.snapshots`) instead of reading the graph again; a changed graph, or a
damaged snapshot, is read."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from coauthor_graph.compute import keeper, snapshots
from coauthor_graph.loaders.jsonl import load as load_jsonl
from coauthor_graph.store.neo4j.settings import Neo4jSettings
from coauthor_graph.store.neo4j.store import Neo4jStore
from tests.conftest import DATA
from tests.store.contract.conftest import _empty_neo4j

pytestmark = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set: no Neo4j server")


async def _path(store: Neo4jStore, source: str, target: str) -> list[str] | None:
    (a,) = await store.find_author(source)
    (b,) = await store.find_author(target)
    found = await store.collaboration_path(a.id, b.id)
    return None if found is None else [author.name for author in found.authors]


def _no_reading(*_: object) -> None:
    raise AssertionError("the graph was read: the snapshot was not used")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "coauthor-graph" / "projections"


async def test_a_second_process_loads_the_snapshot_until_the_graph_changes(cache, monkeypatch, tmp_path):
    first = await _empty_neo4j()
    second = await Neo4jStore.connect(Neo4jSettings.from_environment())  # on the emptied database: sets it up
    try:
        await first.upsert(load_jsonl(DATA / "small-graph.jsonl"))
        expected = await _path(first, "Ann Archer", "Eve Evans")
        assert expected is not None and len(list(cache.glob("*.projection"))) == 1
        try:
            with monkeypatch.context() as patched:
                patched.setattr(keeper, "build", _no_reading)
                assert await _path(second, "Ann Archer", "Eve Evans") == expected
            grown = tmp_path / "grown.jsonl"
            grown.write_text('{"title": "A shortcut", "year": 2024, "authors": ["Ann Archer", "Eve Evans"]}\n')
            await first.upsert(load_jsonl(grown))  # another process's write: read in the background, then answered
            deadline = time.monotonic() + 30
            while (found := await _path(second, "Ann Archer", "Eve Evans")) != ["Ann Archer", "Eve Evans"]:
                assert found == expected and time.monotonic() < deadline
                await asyncio.sleep(0.1)
        finally:
            await second.close()
    finally:
        await first.close()


async def test_a_damaged_snapshot_is_dropped_and_the_graph_read(cache):
    first = await _empty_neo4j()
    try:
        await first.upsert(load_jsonl(DATA / "small-graph.jsonl"))
        expected = await _path(first, "Ann Archer", "Eve Evans")
        (saved,) = cache.glob("*.projection")
        saved.write_bytes(saved.read_bytes()[:100])
        second = await Neo4jStore.connect(Neo4jSettings.from_environment())
        try:
            assert await _path(second, "Ann Archer", "Eve Evans") == expected
        finally:
            await second.close()
        assert snapshots.load(await first._graph_version()) is not None  # read again, and saved again
    finally:
        await first.close()
