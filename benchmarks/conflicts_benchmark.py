"""Conflict-of-interest checks at scale: 20 submission authors against 2,000 reviewers (#20).

    python -m benchmarks.conflicts_benchmark 1000000
    python -m benchmarks.conflicts_benchmark 100000 --neo4j local    # and on a bulk-imported Neo4j

Uses the synthetic store of that size (built once, as `api_benchmark` builds it). The people are
named as a committee names them, by full name, drawn with a fixed seed: 20 authors who have
co-authors, and 2,000 reviewers, a tenth of them from the authors' own two-hop neighbourhood (so
there are conflicts to find) and the rest from anywhere. The window ends in the corpus's last
year. Prints the median of 5 runs of the whole check (name resolution included), per option.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import random
import sqlite3
import statistics
import time
from pathlib import Path

from benchmarks.api_benchmark import build_store
from benchmarks.store_benchmark import prepare_store
from coauthor_graph.services.conflicts import check_conflicts
from coauthor_graph.services.stores import open_store

RUNS = 5
AUTHORS = 20
REVIEWERS = 2_000


def committee(store: Path, seed: int = 7) -> tuple[list[str], list[str], int]:
    """(authors, reviewers, the corpus's last year), as names."""
    rng = random.Random(seed)
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    with_coauthors = [n for (n,) in db.execute("SELECT DISTINCT a FROM coauthored ORDER BY a")]
    authors = rng.sample(with_coauthors, AUTHORS)
    marks = ",".join("?" * len(authors))
    near = sorted(
        {
            n
            for (n,) in db.execute(
                "SELECT c2.b FROM coauthored c1 JOIN coauthored c2 ON c2.a = c1.b"
                f" WHERE c1.a IN ({marks}) UNION SELECT b FROM coauthored WHERE a IN ({marks})",
                authors + authors,
            )
        }
        - set(authors)
    )
    (people,) = db.execute("SELECT max(n) FROM author").fetchone()
    reviewers = rng.sample(near, min(len(near), REVIEWERS // 10))
    reviewers += rng.sample(range(1, people + 1), REVIEWERS - len(reviewers))

    def names(keys: list[int]) -> list[str]:
        found = dict(db.execute(f"SELECT n, name FROM author WHERE n IN ({','.join(map(str, keys))})").fetchall())
        return [found[k] for k in keys]

    (last_year,) = db.execute("SELECT max(year) FROM paper").fetchone()
    return names(authors), names(reviewers), last_year


async def timed(store_spec: str, authors: list[str], reviewers: list[str], as_of: int) -> None:
    store = await open_store(store_spec, create=False)
    try:
        for label, through in (("joint papers in 3 years", False), ("... and shared co-authors", True)):
            seconds = []
            for _ in range(RUNS):
                started = time.perf_counter()
                report = await check_conflicts(store, authors, reviewers, through_coauthors=through, as_of_year=as_of)
                seconds.append(time.perf_counter() - started)
            kinds = {k: sum(c.kind == k for c in report.conflicts) for k in ("COAUTHORED", "SHARED_COAUTHOR")}
            print(
                f"  {label:<28} {1000 * statistics.median(seconds):8.0f} ms   {len(report.conflicts):>5} conflicts"
                f" ({kinds['COAUTHORED']} joint papers, {kinds['SHARED_COAUTHOR']} shared co-authors),"
                f" {len(report.unknown)} unknown, {len(report.ambiguous)} ambiguous"
            )
    finally:
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("--neo4j", choices=["local"], help="also on a throwaway Neo4j server, bulk-imported")
    arguments = parser.parse_args()
    store = build_store(arguments.size)
    authors, reviewers, as_of = committee(store)
    print(
        f"{arguments.size:,} papers; {len(authors)} authors x {len(reviewers):,} reviewers, window {as_of - 3}-{as_of}"
    )
    print("embedded")
    asyncio.run(timed(str(store), authors, reviewers, as_of))
    if arguments.neo4j:
        from coauthor_graph.services.stores import neo4j_import_files
        from coauthor_graph.store.embedded.store import EmbeddedStore
        from coauthor_graph.store.neo4j.local_server import admin, running_server

        embedded = EmbeddedStore(store)
        files = neo4j_import_files(embedded, store.with_name(f"conflicts-neo4j-import-{arguments.size}"))
        asyncio.run(embedded.close())
        logging.getLogger("neo4j").setLevel(logging.ERROR)  # the server's notices about unused labels
        with contextlib.ExitStack() as stack:
            uri = stack.enter_context(running_server(lambda home: admin(home, files.arguments())))
            asyncio.run(prepare_store(uri))
            print("neo4j (bulk-imported)")
            asyncio.run(timed(uri, authors, reviewers, as_of))


if __name__ == "__main__":
    main()
