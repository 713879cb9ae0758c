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
import resource
import sys
import time

from benchmarks.api_benchmark import build_store
from coauthor_graph.services.groups import communities, labelled_groups
from coauthor_graph.services.networks import NetworkOptions, count_links
from coauthor_graph.store.embedded.store import EmbeddedStore


async def measure(size: int) -> None:
    store = EmbeddedStore(build_store(size))
    try:
        times: dict[str, float] = {}
        start = time.perf_counter()
        papers = await store.paper_links()
        times["read papers"] = time.perf_counter() - start
        start = time.perf_counter()
        network = count_links(papers, NetworkOptions())
        times["count the network"] = time.perf_counter() - start
        start = time.perf_counter()
        numbers = communities(network)
        times["Leiden"] = time.perf_counter() - start
        start = time.perf_counter()
        groups = await labelled_groups(store, network, numbers)
        times["label the groups"] = time.perf_counter() - start
    finally:
        await store.close()
    print(f"{size:,} papers: {len(network.nodes):,} people, {len(network.links):,} links, {len(groups):,} groups")
    for step, seconds in times.items():
        print(f"  {step:<20} {seconds:7.2f} s")
    print(f"  {'total':<20} {sum(times.values()):7.2f} s")
    print(f"  peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    asyncio.run(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
