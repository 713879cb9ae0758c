"""Reads run on the store's read thread; a recommendation holds one state of the graph until it is done,
and lets go of it when it is cancelled, so loads neither land inside it nor wait forever after it."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from coauthor_graph.services.recommendations import recommend_collaborators
from coauthor_graph.store.embedded import candidates
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.conftest import SEED, records_of

OWNER = "author:yuhang-yao"


class PoolGate:
    """Holds a recommendation inside its pool (on the read thread) until the test opens the gate."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered = threading.Event()
        self.opened = threading.Event()
        gather = candidates.gather

        def gated(*args: object) -> object:
            self.entered.set()
            self.opened.wait(timeout=30)
            return gather(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(candidates, "gather", gated)

    async def reached(self) -> None:
        assert await asyncio.to_thread(self.entered.wait, 10), "the recommendation never reached its pool"


@pytest.fixture
async def store(tmp_path: Path):
    store = EmbeddedStore(tmp_path / "reads.sqlite")
    await store.upsert(records_of(SEED))
    yield store
    await store.close()


def joint_paper(tmp_path: Path, name: str) -> list:
    path = tmp_path / "joint.jsonl"
    path.write_text(f'{{"title": "Now together", "authors": ["Yuhang Yao", "{name}"], "year": 2026}}\n')
    return records_of(path)


async def test_a_load_commits_after_a_recommendation_in_progress_never_inside_it(store, tmp_path, monkeypatch):
    first = (await recommend_collaborators(store, OWNER, 5))[0].author
    gate = PoolGate(monkeypatch)
    recommending = asyncio.create_task(recommend_collaborators(store, OWNER, 5))
    await gate.reached()
    loading = asyncio.create_task(store.upsert(joint_paper(tmp_path, first.name)))
    await asyncio.sleep(0.5)  # ample for a one-paper load, were it free to commit
    assert not loading.done()
    gate.opened.set()
    assert (await recommending)[0].author == first  # the state from before the load, throughout
    report = await asyncio.wait_for(loading, 10)
    assert report.created["Paper"] == 1
    assert first.id in {c.coauthor.id for c in await store.coauthors(OWNER)}
    assert first.id not in {r.author.id for r in await recommend_collaborators(store, OWNER, 5)}


async def test_a_cancelled_recommendation_lets_go_of_the_graph(store, tmp_path, monkeypatch):
    first = (await recommend_collaborators(store, OWNER, 5))[0].author
    gate = PoolGate(monkeypatch)
    recommending = asyncio.create_task(recommend_collaborators(store, OWNER, 5))
    await gate.reached()
    recommending.cancel()
    gate.opened.set()
    with pytest.raises(asyncio.CancelledError):
        await recommending
    await asyncio.wait_for(store.upsert(joint_paper(tmp_path, first.name)), 10)
    assert first.id in {c.coauthor.id for c in await store.coauthors(OWNER)}
