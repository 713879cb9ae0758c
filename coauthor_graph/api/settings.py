"""Which store to open, from an option or the environment."""

from __future__ import annotations

import os

from coauthor_graph.store.embedded.store import EmbeddedStore
from coauthor_graph.store.port import GraphStore

STORE_ENV = "COAUTHOR_GRAPH_STORE"
API_KEY_ENV = "COAUTHOR_GRAPH_API_KEY"
"""Enables the loadPapers mutation; callers send it as `Authorization: Bearer <key>`."""
TIME_LIMIT_SECONDS = 10.0
"""How long a GraphQL request may run, unless `serve --time-limit` says otherwise."""
DEFAULT_STORE = "coauthor-graph.sqlite"
NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def store_spec(option: str | None) -> str:
    """The option wins, then COAUTHOR_GRAPH_STORE, then a file in the working directory."""
    return option or os.environ.get(STORE_ENV) or DEFAULT_STORE


async def open_store(spec: str) -> GraphStore:
    """A Neo4j URI opens the Neo4j store (credentials from NEO4J_*); `PATH` or `embedded:PATH` the embedded one."""
    if spec.startswith(NEO4J_SCHEMES):
        # Imported here: the driver adds 0.15 s to every command run against the embedded store.
        from coauthor_graph.store.neo4j.settings import Neo4jSettings
        from coauthor_graph.store.neo4j.store import Neo4jStore

        return await Neo4jStore.connect(Neo4jSettings.from_environment(uri=spec))
    return EmbeddedStore(spec.removeprefix("embedded:"))
