"""Every store: what another process writes reaches this one's paths and recommendations, whole.

The in-memory projection the whole-graph questions are computed on (`compute`) notices another
writer by the store's change mark (SQLite's data_version, Neo4j's change token) and is rebuilt;
until then it may answer from the state before (Neo4j does, to stay fast), never from a mix.
"""

from __future__ import annotations

import asyncio
import time

from coauthor_graph.loaders.jsonl import load as load_jsonl
from coauthor_graph.services.recommendations import recommend_collaborators
from tests.conftest import DATA

CATCH_UP_SECONDS = 30


async def _author(store, name):
    (found,) = await store.find_author(name)
    return found


async def _eventually(ask, done):
    """Ask until the answer is `done`; every answer on the way must be the old one or the new."""
    answers = []
    deadline = time.monotonic() + CATCH_UP_SECONDS
    while time.monotonic() < deadline:
        answers.append(await ask())
        if done(answers[-1]):
            return answers
        await asyncio.sleep(0.1)
    raise AssertionError(f"never caught up: {answers[-3:]}")


async def test_another_writers_paper_reaches_paths_and_recommendations(store, other_process, tmp_path):
    await store.upsert(load_jsonl(DATA / "small-graph.jsonl"))
    ann, eve, jose = [await _author(store, name) for name in ("Ann Archer", "Eve Evans", "José Müller")]
    assert await store.collaboration_path(ann.id, jose.id) is None
    assert jose.id not in {r.author.id for r in await recommend_collaborators(store, eve.id)}

    bridge = tmp_path / "bridge.jsonl"
    bridge.write_text('{"title": "Sluices", "year": 2025, "authors": ["Eve Evans", "Fay Fischer"]}\n', encoding="utf-8")
    await other_process.upsert(load_jsonl(bridge))

    answers = await _eventually(lambda: store.collaboration_path(ann.id, jose.id), lambda path: path is not None)
    assert all(path is None for path in answers[:-1])
    names = [a.name for a in answers[-1].authors]
    assert names == ["Ann Archer", "Dan Dorsey", "Eve Evans", "Fay Fischer", "José Müller"]
    assert answers[-1].hops[2].paper.title == "Sluices"
    recommended = {r.author.id: r for r in await recommend_collaborators(store, eve.id)}
    assert [a.id for a in recommended[jose.id].shared_coauthors] == [(await _author(store, "Fay Fischer")).id]
