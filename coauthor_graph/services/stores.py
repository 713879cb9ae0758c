"""Opening the store a spec names: a Neo4j URI, or a file for the embedded store."""

from __future__ import annotations

from coauthor_graph.store.embedded.store import EmbeddedStore
from coauthor_graph.store.port import GraphStore

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


async def open_store(spec: str) -> GraphStore:
    """A Neo4j URI opens the Neo4j store (credentials from NEO4J_*); `PATH` or `embedded:PATH` the embedded one."""
    if spec.startswith(NEO4J_SCHEMES):
        # Imported here: the driver adds 0.15 s to every command run against the embedded store.
        from coauthor_graph.store.neo4j.settings import Neo4jSettings
        from coauthor_graph.store.neo4j.store import Neo4jStore

        return await Neo4jStore.connect(Neo4jSettings.from_environment(uri=spec))
    return EmbeddedStore(spec.removeprefix("embedded:"))
