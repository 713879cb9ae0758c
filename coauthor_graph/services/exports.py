"""Exports for tools other than this service: networks for VOSviewer, Gephi, Cytoscape and Pajek (the
whole graph for Neo4j's bulk import is `services.stores.neo4j_import_files`, beside the adapters)."""

from __future__ import annotations

import asyncio

from coauthor_graph.domain.errors import BadInputError
from coauthor_graph.services.groups import communities
from coauthor_graph.services.layout import force_layout
from coauthor_graph.services.network_files import FORMATS, DrawnNetwork, Format, network_files
from coauthor_graph.services.networks import NetworkOptions, NetworkScope, draw_network
from coauthor_graph.store.port import GraphStore


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
