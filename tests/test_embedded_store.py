"""Embedded-store behaviour beyond the contract: commits made through other connections."""

from __future__ import annotations

from coauthor_graph.graph.embedded.store import EmbeddedStore
from coauthor_graph.loaders.jsonl import load as load_jsonl

from .conftest import DATA


async def test_a_reader_picks_up_commits_made_elsewhere(tmp_path):
    path = tmp_path / "shared.sqlite"
    reader, writer = EmbeddedStore(path), EmbeddedStore(path)  # two connections, as two processes have
    assert await reader.find_author("Ann Archer") == []
    await writer.upsert(load_jsonl(DATA / "small-graph.jsonl"))
    (ann,) = await reader.find_author("Ann Archer")
    (eve,) = await reader.find_author("Eve Evans")
    path_found = await reader.collaboration_path(ann.id, eve.id)  # needs the in-memory index, rebuilt
    assert [a.name for a in path_found.authors] == ["Ann Archer", "Dan Dorsey", "Eve Evans"]
    await reader.close()
    await writer.close()
