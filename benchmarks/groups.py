"""Research groups benchmark: community detection on the whole co-author network of a synthetic store.

    python -m benchmarks.groups 100000
    python -m benchmarks.groups 1000000

Prints, for the embedded store of the synthetic corpus (built once under benchmarks/out/), the time
of each step of `services.groups.find_groups` on the whole graph: reading the papers
(`paper_links`), counting the network, Leiden, and labelling the groups; with the network's size,
the number of groups and the peak memory of the process.
"""

from __future__ import annotations

import asyncio
import sys

from benchmarks.api_benchmark import build_store
from benchmarks.steps import Steps
from coauthor_graph.services.groups import communities, labelled_groups
from coauthor_graph.services.networks import NetworkOptions, count_links
from coauthor_graph.store.embedded.store import EmbeddedStore


async def measure(size: int) -> None:
    store = EmbeddedStore(build_store(size))
    steps = Steps()
    try:
        with steps.step("read papers"):
            papers = await store.paper_links()
        with steps.step("count the network"):
            network = count_links(papers, NetworkOptions())
        with steps.step("Leiden"):
            numbers = communities(network)
        with steps.step("label the groups"):
            groups = await labelled_groups(store, network, numbers)
    finally:
        await store.close()
    print(f"{size:,} papers: {len(network.nodes):,} people, {len(network.links):,} links, {len(groups):,} groups")
    steps.print()


if __name__ == "__main__":
    asyncio.run(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
