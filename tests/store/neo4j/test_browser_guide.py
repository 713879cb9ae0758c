"""The Neo4j Browser guide's queries, run on the sample profile in a real server: each returns rows."""

from __future__ import annotations

import os

import pytest

from coauthor_graph.loaders.registry import LoadOptions, records_from
from coauthor_graph.store.neo4j.settings import Neo4jSettings
from coauthor_graph.store.neo4j.store import Neo4jStore
from tests.conftest import SEED, SEED_AS_OF
from tests.store.neo4j.test_cypher_lint import browser_guide_statements

pytestmark = pytest.mark.skipif(
    not os.environ.get("NEO4J_URI") or os.environ.get("COAUTHOR_GRAPH_TEST_NEO4J_MAY_CLEAR") != "yes",
    reason="needs NEO4J_URI and COAUTHOR_GRAPH_TEST_NEO4J_MAY_CLEAR=yes (scripts/test starts a server)",
)


async def test_every_guide_query_returns_rows_on_the_sample():
    from neo4j import AsyncGraphDatabase

    settings = Neo4jSettings.from_environment()
    store = await Neo4jStore.connect(settings)
    try:
        await store.clear()
        await store.upsert(records_from(SEED, LoadOptions(as_of=SEED_AS_OF)))
    finally:
        await store.close()
    async with AsyncGraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
        rows = {
            name: len((await driver.execute_query(statement.cypher, database_=settings.database)).records)
            for name, statement in browser_guide_statements().items()
        }
    assert {name: count for name, count in rows.items() if count == 0} == {}
    assert len(rows) >= 12
