"""A failed load leaves the store exactly as it was; a killed load lands whole or not at all."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.loaders.registry import LoadOptions, records_from
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.conftest import ROOT, SEED, SEED_AS_OF, records_of, write_broken_load


def dump(path) -> list[str]:
    """Every row of every table (FTS shadow tables included), in a stable order."""
    with sqlite3.connect(path) as db:
        return list(db.iterdump())


def test_failed_load_leaves_the_store_exactly_as_it_was(tmp_path):
    path = tmp_path / "store.sqlite"

    async def scenario():
        store = EmbeddedStore(path)
        await store.upsert(records_of(SEED))
        await store.close()
        before = dump(path)
        bad = write_broken_load(tmp_path / "bad.jsonl")
        store = EmbeddedStore(path)
        with pytest.raises(LoadError) as error:
            await store.upsert(records_from(bad, LoadOptions(as_of=SEED_AS_OF)))
        assert error.value.line == 3
        assert (await store.stats()).nodes["Author"] == 33  # the index is untouched too
        await store.close()
        return before

    before = asyncio.run(scenario())
    assert dump(path) == before


def test_reloading_changes_not_a_single_row(tmp_path):
    path = tmp_path / "store.sqlite"

    async def load_seed():
        store = EmbeddedStore(path)
        report = await store.upsert(records_of(SEED))
        await store.close()
        return report

    asyncio.run(load_seed())
    before = dump(path)
    assert not asyncio.run(load_seed()).changed
    assert dump(path) == before


LOADER = """
import asyncio, sys
from coauthor_graph.store.embedded.store import EmbeddedStore
from coauthor_graph.loaders.jsonl import load
async def main():
    store = EmbeddedStore(sys.argv[1])
    def records():
        for number, record in enumerate(load(__import__("pathlib").Path(sys.argv[2]))):
            if number == 5000:
                print("loading", flush=True)
            yield record
    await store.upsert(records())
    print("committed", flush=True)
asyncio.run(main())
"""


@pytest.mark.slow
def test_kill_9_during_a_load_leaves_all_or_nothing(tmp_path):
    store_path = tmp_path / "store.sqlite"
    corpus = write_corpus(tmp_path / "corpus.jsonl", 30_000)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", LOADER, str(store_path), str(corpus)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout.readline().strip() == "loading"
    time.sleep(0.5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.stdout.read() == ""  # killed before the commit, not after it

    async def count():
        store = EmbeddedStore(store_path)
        stats = await store.stats()
        await store.close()
        return stats

    stats = asyncio.run(count())
    assert stats.nodes["Paper"] == 0 and stats.relationships["AUTHORED"] == 0
    with sqlite3.connect(store_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
