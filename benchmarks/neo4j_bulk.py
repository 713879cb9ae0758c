"""A throwaway local Neo4j server filled by the bulk path from an embedded store: what the benchmarks
time Neo4j's reads on at sizes a transactional load would take too long to reach."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class BulkTimes:
    exported: float = 0.0
    imported: float = 0.0
    prepared: float = 0.0
    """The adapter's set-up on the imported graph (constraints, indexes) and the first projection."""


@contextlib.contextmanager
def bulk_imported_server(store_path: Path, folder: Path) -> Iterator[tuple[str, BulkTimes]]:
    """Export the embedded store to `folder`, import it with neo4j-admin into a new server, prepare it."""
    from coauthor_graph.services.stores import neo4j_import_files, open_store
    from coauthor_graph.store.embedded.store import EmbeddedStore
    from coauthor_graph.store.neo4j.local_server import admin, running_server

    times = BulkTimes()
    started = time.perf_counter()
    embedded = EmbeddedStore(store_path)
    files = neo4j_import_files(embedded, folder)
    asyncio.run(embedded.close())
    times.exported = time.perf_counter() - started

    def import_files(home: Path) -> None:
        began = time.perf_counter()
        admin(home, files.arguments())
        times.imported = time.perf_counter() - began

    async def prepare(uri: str) -> None:
        store = await open_store(uri)
        await store.prepare()
        await store.close()

    with running_server(import_files) as uri:
        began = time.perf_counter()
        asyncio.run(prepare(uri))
        times.prepared = time.perf_counter() - began
        yield uri, times
