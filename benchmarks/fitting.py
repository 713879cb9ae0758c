"""Recommender fitting benchmark: `fit-recommender` on a synthetic store, step by step.

    python -m benchmarks.fitting 100000
    python -m benchmarks.fitting 1000000

Prints, for the embedded store of the synthetic corpus (built once under benchmarks/out/), the time
to read the papers (`paper_links`), to fit the weights on them (`training.fit_weights`: the train
graph, the window's authors, their candidates' facts, two logistic regressions) and to keep them;
how the held-out authors were ranked; and the peak memory of the process. The target is 60 s at 1M.
"""

from __future__ import annotations

import asyncio
import sys

from benchmarks.api_benchmark import build_store
from benchmarks.steps import Steps
from coauthor_graph.fitting.training import fit_weights
from coauthor_graph.services.fitting import history_of
from coauthor_graph.store.embedded.store import EmbeddedStore


async def measure(size: int) -> None:
    store = EmbeddedStore(build_store(size))
    steps = Steps()
    try:
        with steps.step("read papers"):
            papers = await store.paper_links()
            history = history_of(papers)
        with steps.step("fit"):
            weights = fit_weights(history, {}, len(papers))
        with steps.step("keep"):
            await store.keep_served_weights(weights)
    finally:
        await store.close()
    print(f"{size:,} papers: {weights.basis}")
    steps.print()
    if weights.validation:
        checked = weights.validation
        print(f"  held-out authors {checked.authors}: recall@50 / hits@10")
        for ranker, recall in checked.recall_at_50.items():
            print(f"    {ranker:<12} {recall:.3f} / {checked.hits_at_10[ranker]:.3f}")


if __name__ == "__main__":
    asyncio.run(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
