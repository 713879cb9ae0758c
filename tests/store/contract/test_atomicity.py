"""Every store: set-up and readiness answer; a load that fails or is cancelled leaves the graph as it was."""

from __future__ import annotations

import asyncio
import threading

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.loaders.registry import LoadOptions, records_from
from tests.conftest import SEED, SEED_AS_OF, write_broken_load


async def _state(store) -> tuple:
    huang = (await store.find_author("Chengkai Huang"))[0]
    return await store.stats(), await store.coauthors(huang.id), await store.search_papers("fine paper")


async def test_prepare_and_ping_answer_on_an_empty_and_a_loaded_graph(store):
    await store.prepare()
    await store.ping()
    await store.upsert(records_from(SEED, LoadOptions(as_of=SEED_AS_OF)))
    await store.prepare()
    await store.ping()
    assert (await store.stats()).nodes["Paper"] == 22


async def test_a_failed_load_changes_nothing(store, tmp_path):
    await store.upsert(records_from(SEED, LoadOptions(as_of=SEED_AS_OF)))
    before = await _state(store)
    bad = write_broken_load(tmp_path / "bad.jsonl")
    with pytest.raises(LoadError) as error:
        await store.upsert(records_from(bad, LoadOptions(as_of=SEED_AS_OF)))
    assert error.value.line == 3
    assert await _state(store) == before
    assert await store.find_author("New Person") == []


async def test_a_cancelled_load_changes_nothing(store, tmp_path):
    await store.upsert(records_from(SEED, LoadOptions(as_of=SEED_AS_OF)))
    before = await _state(store)
    corpus = write_corpus(tmp_path / "corpus.jsonl", 6000)
    started, cancelled = threading.Event(), threading.Event()
    loop_thread = threading.current_thread()

    def records():
        for count, record in enumerate(records_from(corpus, LoadOptions(as_of=SEED_AS_OF))):
            if count == 100:
                started.set()
                # A store reading records in a worker thread is held here until the load is cancelled, so
                # it cannot finish first; one reading them on the event loop yields at every batch anyway.
                if threading.current_thread() is not loop_thread:
                    cancelled.wait(60)
            yield record

    load = asyncio.ensure_future(store.upsert(records()))
    assert await asyncio.to_thread(started.wait, 60)
    load.cancel()
    cancelled.set()
    with pytest.raises(asyncio.CancelledError):
        await load
    assert await _state(store) == before
