"""Exports for tools other than this service: networks for VOSviewer, Gephi, Cytoscape and Pajek, and
the whole graph for Neo4j's bulk import."""

from __future__ import annotations

import asyncio
from pathlib import Path

from coauthor_graph.domain.errors import BadInputError, StoreError
from coauthor_graph.services.groups import communities
from coauthor_graph.services.layout import force_layout
from coauthor_graph.services.network_files import FORMATS, DrawnNetwork, Format, network_files
from coauthor_graph.services.networks import NetworkOptions, NetworkScope, draw_network
from coauthor_graph.store.neo4j.bulk_import import ImportFiles, write_import_files
from coauthor_graph.store.port import GraphExport, GraphStore


def neo4j_import_files(store: object, folder: Path) -> ImportFiles:
    """The files `neo4j-admin database import full` turns into the Neo4j graph of this store's contents:
    load big corpora into the embedded store, then import them into Neo4j in minutes."""
    if not isinstance(store, GraphExport):
        raise StoreError("a bulk export reads the embedded store: pass --store with its file")
    with store.graph_rows() as rows:
        return write_import_files(rows, folder)


async def drawn_network(
    store: GraphStore, scope: NetworkScope, options: NetworkOptions, max_papers: int | None = None
) -> DrawnNetwork:
    """The network in `scope` with its groups and positions: what the explorer draws and the files carry.
    The groups and the layout are computed off the event loop (seconds on large networks)."""
    network = await draw_network(store, scope, options, max_papers)
    groups = await asyncio.to_thread(communities, network)
    positions = await asyncio.to_thread(force_layout, network)
    return DrawnNetwork(network=network, groups=groups, positions=positions, unit=options.unit)


async def export_network(
    store: GraphStore, scope: NetworkScope, options: NetworkOptions, fmt: Format, max_papers: int | None = None
) -> dict[str, bytes]:
    """The files of `fmt` for the network in `scope` (`services.network_files`), by file name."""
    if fmt not in FORMATS:
        raise BadInputError("format", f"must be one of {', '.join(FORMATS)}, not {fmt!r}")
    drawn = await drawn_network(store, scope, options, max_papers)
    return await asyncio.to_thread(network_files, drawn, fmt)
