"""Opening the store a spec names: a Neo4j URI, or a file for the embedded store."""

from __future__ import annotations

from pathlib import Path

from coauthor_graph.domain.errors import StoreError
from coauthor_graph.store.port import GraphStore

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


async def open_store(spec: str, *, create: bool = True) -> GraphStore:
    """A Neo4j URI opens the Neo4j store (credentials from NEO4J_*); `PATH` or `embedded:PATH` the embedded one.

    With `create=False` (what read commands ask) a missing embedded store is an error, not a new empty
    file: a mistyped --store, or a command run in another folder, must not answer from an empty graph."""
    if spec.startswith(NEO4J_SCHEMES):
        # Imported here: the driver adds 0.15 s to every command run against the embedded store.
        from coauthor_graph.store.neo4j.settings import Neo4jSettings
        from coauthor_graph.store.neo4j.store import Neo4jStore

        return await Neo4jStore.connect(Neo4jSettings.from_environment(uri=spec))
    path = Path(spec.removeprefix("embedded:"))
    if not create and not path.exists():
        raise StoreError(
            f"no store at {path}: load files into it first (coauthor-graph --store {path} load FILE),"
            " or name the store with --store or COAUTHOR_GRAPH_STORE"
        )
    from coauthor_graph.store.embedded.store import EmbeddedStore  # a Neo4j deployment never loads this adapter

    return EmbeddedStore(path)
