"""The contract suite runs once per store, with the same expected answers.

Each store fixture opens a real, empty store. The embedded store always runs. The Neo4j
store runs when NEO4J_URI is set (with NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE) and
is reported as skipped otherwise: there is no stand-in for a real server. It empties the
database before each test, so it also demands COAUTHOR_GRAPH_TEST_NEO4J_MAY_CLEAR=yes.
"""

from __future__ import annotations

import os

import pytest

from coauthor_graph.store.embedded.store import EmbeddedStore

STORES = ["embedded", "neo4j"]


@pytest.fixture(params=STORES)
async def store(request, tmp_path):
    if request.param == "embedded":
        opened = EmbeddedStore(tmp_path / "contract.sqlite")
    else:
        opened = await _empty_neo4j()
    yield opened
    await opened.close()


@pytest.fixture
async def other_process(store, tmp_path):
    """A second store on the same database, as another process (a loader, another API replica) opens it."""
    if isinstance(store, EmbeddedStore):
        opened = EmbeddedStore(tmp_path / "contract.sqlite")
    else:
        from coauthor_graph.store.neo4j.settings import Neo4jSettings
        from coauthor_graph.store.neo4j.store import Neo4jStore

        opened = await Neo4jStore.connect(Neo4jSettings.from_environment())
    yield opened
    await opened.close()


async def _empty_neo4j():
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI is not set: no Neo4j server to run the contract suite against")
    if os.environ.get("COAUTHOR_GRAPH_TEST_NEO4J_MAY_CLEAR") != "yes":
        pytest.skip("set COAUTHOR_GRAPH_TEST_NEO4J_MAY_CLEAR=yes to let the tests empty that database")
    from coauthor_graph.store.neo4j.settings import Neo4jSettings
    from coauthor_graph.store.neo4j.store import Neo4jStore

    settings = Neo4jSettings.from_environment()
    store = await Neo4jStore.connect(settings)
    await store.clear()
    return store
