"""Embedded-store benchmark: load throughput, reopen time, peak RSS, and query latencies.

    python -m benchmarks.store_benchmark 10000 100000 1000000

For each size: generate a synthetic corpus (benchmarks/corpus.py; cached under
benchmarks/out/), load it into a fresh store in a child process (so peak RSS is the
load's own), reopen the store in another child, and time every store operation over
random inputs drawn with a fixed seed. Prints one table per size.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.memory import children_peak_rss_mb, parsing_note, peak_rss_mb
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.services.recommendations import recommend_collaborators

OUT = Path(__file__).resolve().parent / "out"
QUERIES_PER_OPERATION = 200


async def _load(store_path: str, corpus: str) -> dict:
    from coauthor_graph.loaders.background import records_from_background
    from coauthor_graph.loaders.registry import LoadOptions
    from coauthor_graph.store.embedded.store import EmbeddedStore

    started = time.perf_counter()
    store = EmbeddedStore(store_path)
    # The path `coauthor-graph load` takes: format detection, the JSON Lines loader, venue names made
    # canonical, parsing in a second process for files of 8 MiB and more.
    report = await store.upsert(records_from_background(Path(corpus), LoadOptions(as_of=dt.date.today())))
    await store.close()
    elapsed = time.perf_counter() - started
    return {
        "papers": report.created["Paper"],
        "seconds": elapsed,
        "peak_rss_mb": peak_rss_mb(),
        "parser_rss_mb": children_peak_rss_mb(),
    }


async def _queries(store_path: str) -> dict:
    from coauthor_graph.store.embedded.store import EmbeddedStore

    started = time.perf_counter()
    store = EmbeddedStore(store_path)
    opened = time.perf_counter() - started
    db = store._reader  # the benchmark samples inputs straight from the tables
    first_author = db.execute("SELECT id FROM author ORDER BY n LIMIT 1").fetchone()[0]
    await store.collaboration_path(first_author, first_author)  # the first graph query builds the index
    reopen = time.perf_counter() - started
    first_topic = db.execute("SELECT id FROM topic ORDER BY n LIMIT 1").fetchone()[0]
    started = time.perf_counter()
    await store.topic_path(first_topic, first_author)  # the first topic path builds the topic graph
    topic_graph_seconds = time.perf_counter() - started
    started = time.perf_counter()
    await recommend_collaborators(store, first_author)  # the first recommendation builds the author profiles
    profiles_seconds = time.perf_counter() - started
    rng = random.Random(42)

    def pick(items):
        return items[rng.randrange(len(items))]

    authors = [row[0] for row in db.execute("SELECT id FROM author ORDER BY n")]
    topics = [row[0] for row in db.execute("SELECT id FROM topic ORDER BY n")]
    # Inputs are drawn with the seeded generator, so every run asks the same questions.
    (papers,) = db.execute("SELECT count(*) FROM paper").fetchone()
    (people,) = db.execute("SELECT count(*) FROM author").fetchone()
    sampled_people = [rng.randrange(1, people + 1) for _ in range(500)]
    # What people type for a person: first and last name (the synthetic names end in a serial number).
    author_names = [
        " ".join(name.split()[:2])
        for (name,) in db.execute(f"SELECT name FROM author WHERE n IN ({','.join(map(str, sampled_people))})")
    ]
    # What people type: two consecutive words of a title they half remember.
    title_phrases = []
    sampled = [rng.randrange(1, papers + 1) for _ in range(500)]
    for (title,) in db.execute(f"SELECT title FROM paper WHERE n IN ({','.join(map(str, sampled))})"):
        title_words = title.split()
        start = rng.randrange(max(1, len(title_words) - 1))
        title_phrases.append(" ".join(title_words[start : start + 2]))

    operations = {
        "get": lambda: store.get(pick(authors)),
        "coauthors": lambda: store.coauthors(pick(authors)),
        "papers_of_author": lambda: store.papers_of_author(pick(authors)),
        "collaboration_path": lambda: store.collaboration_path(pick(authors), pick(authors)),
        "topic_path": lambda: store.topic_path(pick(topics), pick(authors)),
        "recommend_collaborators": lambda: recommend_collaborators(store, pick(authors)),
        "topic_trajectory": lambda: store.topic_trajectories_of([pick(authors)]),
        "top_authors": lambda: store.top_authors_of([pick(topics)]),
        "related_topics": lambda: store.related_topics_of([pick(topics)]),
        "search_authors": lambda: store.search_authors(pick(author_names)),
        "search_papers": lambda: store.search_papers(pick(title_phrases)),
        "stats": lambda: store.stats(),
    }
    latencies = {}
    for name, operation in operations.items():
        samples = []
        for _ in range(QUERIES_PER_OPERATION if name != "stats" else 5):
            started = time.perf_counter()
            await operation()
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        latencies[name] = {
            "p50_ms": statistics.median(samples),
            "p95_ms": samples[min(len(samples) - 1, int(0.95 * len(samples)))],
        }
    await store.close()
    return {
        "open_seconds": opened,
        "reopen_seconds": reopen,
        "topic_graph_seconds": topic_graph_seconds,
        "profiles_seconds": profiles_seconds,
        "latencies": latencies,
        "peak_rss_mb": peak_rss_mb(),
    }


def _child(step: str, *args: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.store_benchmark", "--child", step, *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run(size: int, queries_only: bool) -> None:
    OUT.mkdir(exist_ok=True)
    corpus = OUT / f"corpus-{size}.jsonl"
    if not corpus.exists():
        write_corpus(corpus, size)
    store_path = OUT / f"store-{size}.sqlite"
    print(f"\n== {size:,} papers ==")
    if not (queries_only and store_path.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{store_path}{suffix}").unlink(missing_ok=True)
        loaded = _child("load", str(store_path), str(corpus))
        print(
            f"load: {loaded['papers'] / loaded['seconds']:,.0f} papers/s ({loaded['seconds']:.1f} s), "
            f"peak RSS {loaded['peak_rss_mb']:,.0f} MB ({parsing_note(loaded['parser_rss_mb'])}); "
            f"store file {store_path.stat().st_size / 2**20:,.0f} MB"
        )
    queried = _child("queries", str(store_path))
    print(
        f"reopen: {queried['reopen_seconds']:.2f} s until graph queries are answered"
        f" (file open {queried['open_seconds']:.2f} s, then the in-memory index),"
        f" {queried['topic_graph_seconds']:.2f} s more for the topic graph (on the first topic path),"
        f" {queried['profiles_seconds']:.2f} s for the author profiles (on the first recommendation);"
        f" query process peak RSS {queried['peak_rss_mb']:,.0f} MB"
    )
    print(f"{'operation':<26}{'p50 ms':>10}{'p95 ms':>10}")
    for name, figures in queried["latencies"].items():
        print(f"{name:<26}{figures['p50_ms']:>10.2f}{figures['p95_ms']:>10.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument(
        "--queries-only", action="store_true", help="reuse a store an earlier run loaded; time the queries only"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        step, *args = arguments.child
        result = asyncio.run(_load(*args) if step == "load" else _queries(*args))
        print(json.dumps(result))
        return
    for size in arguments.sizes:
        run(size, arguments.queries_only)


if __name__ == "__main__":
    main()
