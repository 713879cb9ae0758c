"""Which store to open, from an option or the environment."""

from __future__ import annotations

import os

from coauthor_graph.graph.embedded.store import EmbeddedStore
from coauthor_graph.graph.errors import StoreError
from coauthor_graph.graph.store import GraphStore

STORE_ENV = "COAUTHOR_GRAPH_STORE"
DEFAULT_STORE = "coauthor-graph.sqlite"


def store_spec(option: str | None) -> str:
    """The option wins, then COAUTHOR_GRAPH_STORE, then a file in the working directory."""
    return option or os.environ.get(STORE_ENV) or DEFAULT_STORE


def open_store(spec: str) -> GraphStore:
    """`PATH` or `embedded:PATH` opens the embedded store; server URIs name the Neo4j adapter."""
    if spec.startswith(("neo4j://", "neo4j+s://", "bolt://", "bolt+s://")):
        raise StoreError("the Neo4j store is not available in this build yet; use an embedded store path")
    return EmbeddedStore(spec.removeprefix("embedded:"))
