"""Embedded-store behaviour beyond the contract: commits made through other connections."""

from __future__ import annotations

from coauthor_graph.graph.embedded.store import EmbeddedStore
from coauthor_graph.loaders.jsonl import load as load_jsonl

from .conftest import DATA


async def test_a_reader_picks_up_commits_made_elsewhere(tmp_path):
    first_three = tmp_path / "first.jsonl"
    lines = (DATA / "small-graph.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    first_three.write_text("".join(lines[:3]), encoding="utf-8")
    path = tmp_path / "shared.sqlite"
    reader = EmbeddedStore(path)
    await reader.upsert(load_jsonl(first_three))  # Ann-Ben, Ben-Cleo, Ann-Dan
    (ann,) = await reader.find_author("Ann Archer")
    (cleo,) = await reader.find_author("Cleo Clark")
    assert (await reader.collaboration_path(ann.id, cleo.id)).length == 2  # the reader's index is built now

    writer = EmbeddedStore(path)  # another connection, as another process has
    await writer.upsert(load_jsonl(DATA / "small-graph.jsonl"))  # adds Dan-Cleo and Dan-Eve
    await writer.close()

    (eve,) = await reader.find_author("Eve Evans")
    found = await reader.collaboration_path(ann.id, eve.id)
    assert found is not None and [a.name for a in found.authors] == ["Ann Archer", "Dan Dorsey", "Eve Evans"]
    await reader.close()
