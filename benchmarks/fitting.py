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
import resource
import sys
import time

from benchmarks.api_benchmark import build_store
from coauthor_graph.evaluation.link_prediction import HistoricPaper
from coauthor_graph.evaluation.training import fit_weights
from coauthor_graph.store.embedded.store import EmbeddedStore


async def measure(size: int) -> None:
    store = EmbeddedStore(build_store(size))
    try:
        times: dict[str, float] = {}
        start = time.perf_counter()
        papers = await store.paper_links()
        history = [HistoricPaper(p.year, p.authors, p.title, p.venue) for p in papers if p.year and p.authors]
        times["read papers"] = time.perf_counter() - start
        start = time.perf_counter()
        weights = fit_weights(history, {}, len(papers))
        times["fit"] = time.perf_counter() - start
        start = time.perf_counter()
        await store.keep_served_weights(weights)
        times["keep"] = time.perf_counter() - start
    finally:
        await store.close()
    print(f"{size:,} papers: {weights.basis}")
    for step, seconds in times.items():
        print(f"  {step:<12} {seconds:7.2f} s")
    print(f"  {'total':<12} {sum(times.values()):7.2f} s")
    if weights.validation:
        checked = weights.validation
        print(f"  held-out authors {checked.authors}: recall@50 / hits@10")
        for ranker, recall in checked.recall_at_50.items():
            print(f"    {ranker:<12} {recall:.3f} / {checked.hits_at_10[ranker]:.3f}")
    print(f"  peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    asyncio.run(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
