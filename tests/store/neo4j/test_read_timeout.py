"""A read past NEO4J_READ_TIMEOUT is one line naming the setting, not a driver traceback."""

from __future__ import annotations

import dataclasses
import os

import pytest

from coauthor_graph.domain.errors import QueryTimeout
from coauthor_graph.store.neo4j.queries import Statement
from coauthor_graph.store.neo4j.settings import Neo4jSettings
from coauthor_graph.store.neo4j.store import Neo4jStore

pytestmark = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set: no Neo4j server")

SLOW = Statement("UNWIND range(1, 500000000) AS x RETURN count(x) AS n", ())
"""Seconds of counting on any server: past a tenth of a second for sure."""


async def test_a_read_past_the_timeout_names_the_setting():
    store = await Neo4jStore.connect(dataclasses.replace(Neo4jSettings.from_environment(), read_timeout=0.1))
    try:
        with pytest.raises(QueryTimeout) as error:
            await store._read(SLOW)
        assert str(error.value) == (
            f"Neo4j at {store._settings.uri}: a read ran past NEO4J_READ_TIMEOUT (0.1 s);"
            " set it higher, or ask a narrower question"
        )
        await store.ping()  # and the store goes on answering
    finally:
        await store.close()
