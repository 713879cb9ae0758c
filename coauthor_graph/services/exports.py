"""Exports of the whole graph, for tools other than this service."""

from __future__ import annotations

from pathlib import Path

from coauthor_graph.domain.errors import StoreError
from coauthor_graph.store.neo4j.bulk_import import ImportFiles, write_import_files
from coauthor_graph.store.port import GraphExport


def neo4j_import_files(store: object, folder: Path) -> ImportFiles:
    """The files `neo4j-admin database import full` turns into the Neo4j graph of this store's contents:
    load big corpora into the embedded store, then import them into Neo4j in minutes."""
    if not isinstance(store, GraphExport):
        raise StoreError("a bulk export reads the embedded store: pass --store with its file")
    with store.graph_rows() as rows:
        return write_import_files(rows, folder)
