"""The one place that knows the store adapters: opening the store a spec names (a Neo4j URI, or a file
for the embedded store), and the Neo4j bulk-import files of an embedded store; each adapter imported
only when it is chosen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coauthor_graph.domain.errors import StoreError
from coauthor_graph.store.port import GraphExport, GraphStore

if TYPE_CHECKING:
    from coauthor_graph.store.neo4j.bulk_import import ImportFiles

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


def neo4j_import_files(store: object, folder: Path) -> ImportFiles:
    """The files `neo4j-admin database import full` turns into the Neo4j graph of this store's contents:
    load big corpora into the embedded store, then import them into Neo4j in minutes."""
    from coauthor_graph.store.neo4j.bulk_import import write_import_files  # only this export needs it

    if not isinstance(store, GraphExport):
        raise StoreError("a bulk export reads the embedded store: pass --store with its file")
    with store.graph_rows() as rows:
        return write_import_files(rows, folder)
