"""A load Neo4j refuses is one line naming the server and what to do, and leaves the graph as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest

from coauthor_graph.domain.errors import StoreError
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.loaders.registry import LoadOptions, records_from
from coauthor_graph.store.neo4j.settings import Neo4jSettings
from coauthor_graph.store.neo4j.store import Neo4jStore
from tests.conftest import START_NEO4J_ENV

pytestmark = pytest.mark.skipif(
    os.environ.get(START_NEO4J_ENV) != "start",
    reason="needs the Neo4j server jars, to start a server with little transaction memory (scripts/test has them)",
)


def _little_transaction_memory(home: Path) -> None:
    with (home / "conf" / "neo4j.conf").open("a", encoding="utf-8") as conf:
        conf.write("db.memory.transaction.max=2m\n")


@pytest.mark.slow
async def test_a_load_past_the_transaction_memory_says_how_to_load_it(tmp_path):
    from coauthor_graph.store.neo4j.local_server import running_server

    records = list(records_from(write_corpus(tmp_path / "corpus.jsonl", 3_000), LoadOptions(dt.date(2026, 12, 7))))
    with running_server(_little_transaction_memory) as uri:
        store = await Neo4jStore.connect(dataclasses.replace(Neo4jSettings.from_environment(), uri=uri))
        try:
            with pytest.raises(StoreError) as error:
                await store.upsert(records)
            assert (await store.stats()).nodes == {"Author": 0, "Paper": 0, "Topic": 0, "Venue": 0}
        finally:
            await store.close()
    message = str(error.value)
    assert message.startswith(f"Neo4j at {uri}: batch ") and "nothing was written" in message
    assert "NEO4J_COMMIT_EVERY_BATCH=yes" in message and "\n" not in message
