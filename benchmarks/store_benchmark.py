"""Store benchmark: load throughput, reopen time, peak RSS, and query latencies, per store.

    python -m benchmarks.store_benchmark 10000 100000 1000000
    python -m benchmarks.store_benchmark 100000 --neo4j local      # and Neo4j, side by side
    python -m benchmarks.store_benchmark 100000 --neo4j local --loads-only   # the loads alone
    python -m benchmarks.store_benchmark 100000 --neo4j bolt://host:7687   # a server of yours: emptied!

For each size: generate a synthetic corpus (`evaluation.synthetic_corpus`; cached under
benchmarks/out/), load it into a fresh embedded store in a child process (so peak RSS is the
load's own), reopen the store in another child, and time every store operation over random
inputs drawn with a fixed seed. With --neo4j, the same corpus is loaded into Neo4j through the
adapter's transactions (UNWIND batches) and the same operations are timed there; with
`--neo4j local` (a throwaway server from Maven Central's jars, `store.neo4j.local_server`) the
bulk path is timed too: `export neo4j-import` from the embedded store, `neo4j-admin database
import full`, and the adapter's set-up on the imported graph. Prints one table per size.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.memory import children_peak_rss_mb, parsing_note, peak_rss_mb
from benchmarks.neo4j_bulk import bulk_imported_server
from coauthor_graph.domain.errors import QueryTimeout
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.services.recommendations import recommend_collaborators

OUT = Path(__file__).resolve().parent / "out"
QUERIES_PER_OPERATION = 200


async def _load(store_spec: str, corpus: str) -> dict:
    from coauthor_graph.loaders.background import records_from_background
    from coauthor_graph.loaders.registry import LoadOptions
    from coauthor_graph.services.stores import open_store

    store = await open_store(store_spec)
    if hasattr(store, "clear"):  # Neo4j: start from an empty database, as the embedded store does
        await store.clear()
    started = time.perf_counter()
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


async def _queries(store_spec: str, sample_path: str, per_operation: str = str(QUERIES_PER_OPERATION)) -> dict:
    import sqlite3

    from coauthor_graph.services.stores import open_store

    started = time.perf_counter()
    store = await open_store(store_spec)
    opened = time.perf_counter() - started
    db = sqlite3.connect(sample_path)  # inputs are sampled from the embedded store's tables: same ids everywhere
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
        timeouts = 0
        for _ in range(int(per_operation) if name != "stats" else 5):
            started = time.perf_counter()
            try:
                await operation()
            except QueryTimeout:
                timeouts += 1  # measured at the production read timeout, as a user meets it
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        latencies[name] = {
            "p50_ms": statistics.median(samples),
            "p95_ms": samples[min(len(samples) - 1, int(0.95 * len(samples)))],
            "timeouts": timeouts,
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
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.store_benchmark", "--child", step, *args],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {step} step failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print_load(loaded: dict, where: str) -> None:
    print(
        f"load {where}: {loaded['papers'] / loaded['seconds']:,.0f} papers/s ({loaded['seconds']:.1f} s),"
        f" peak RSS {loaded['peak_rss_mb']:,.0f} MB ({parsing_note(loaded['parser_rss_mb'])})"
    )


def _print_latencies(columns: dict[str, dict]) -> None:
    names = list(columns)
    widths = [max(16, len(name) + 6) for name in names]
    print(
        f"{'operation':<26}"
        + "".join(f"{name + ' p50':>{w}}{name + ' p95':>{w}}" for name, w in zip(names, widths, strict=True))
    )
    for operation in next(iter(columns.values()))["latencies"]:
        figures = [columns[name]["latencies"][operation] for name in names]
        print(
            f"{operation:<26}"
            + "".join(f"{f['p50_ms']:>{w}.2f}{f['p95_ms']:>{w}.2f}" for f, w in zip(figures, widths, strict=True))
            + "".join(
                f"  {name}: {f['timeouts']} timed out" for name, f in zip(names, figures, strict=True) if f["timeouts"]
            )
        )


def run(size: int, queries_only: bool, neo4j: str | None, unwind: bool = True, loads_only: bool = False) -> None:
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
        _print_load(loaded, "embedded")
        print(f"store file {store_path.stat().st_size / 2**20:,.0f} MB")
    if loads_only:
        if neo4j is not None:
            with contextlib.ExitStack() as stack:
                uri = stack.enter_context(_server()) if neo4j == "local" else neo4j
                into_neo4j = _child("load", uri, str(corpus))
            _print_load(into_neo4j, f"neo4j (UNWIND batches, {_transactions()})")
            if not queries_only:
                print(f"neo4j / embedded load time: {into_neo4j['seconds'] / loaded['seconds']:.1f}x")
        return
    queried = _child("queries", str(store_path), str(store_path))
    print(
        f"reopen: {queried['reopen_seconds']:.2f} s until graph queries are answered"
        f" (file open {queried['open_seconds']:.2f} s, then the in-memory index),"
        f" {queried['topic_graph_seconds']:.2f} s more for the topic graph (on the first topic path),"
        f" {queried['profiles_seconds']:.2f} s for the author profiles (on the first recommendation);"
        f" query process peak RSS {queried['peak_rss_mb']:,.0f} MB"
    )
    columns = {"embedded": queried}
    if neo4j is not None and unwind:
        with contextlib.ExitStack() as stack:
            uri = stack.enter_context(_server()) if neo4j == "local" else neo4j
            _print_load(_child("load", uri, str(corpus)), f"neo4j (UNWIND batches, {_transactions()})")
            columns["neo4j"] = _child("queries", uri, str(store_path))
    if neo4j == "local":
        columns["neo4j (bulk-imported)"] = _bulk(size, store_path)
    for name, figures in columns.items():
        if name != "embedded":
            print(
                f"{name}: {figures['reopen_seconds']:.1f} s until graph queries are answered (connecting, then"
                f" reading and building the projection); query process peak RSS {figures['peak_rss_mb']:,.0f} MB"
            )
    _print_latencies(columns)


def _transactions() -> str:
    from coauthor_graph.store.neo4j.settings import Neo4jSettings

    return "a transaction per batch" if Neo4jSettings.from_environment().commit_every_batch else "one transaction"


def _server() -> contextlib.AbstractContextManager[str]:
    """A throwaway local Neo4j server (Maven Central's jars, `store.neo4j.local_server`)."""
    from coauthor_graph.store.neo4j.local_server import running_server

    return running_server()


def _bulk(size: int, store_path: Path) -> dict:
    """Export, import with neo4j-admin into a throwaway server, run the adapter's set-up, time the queries."""
    with bulk_imported_server(store_path, OUT / f"neo4j-import-{size}") as (uri, times):
        total = times.exported + times.imported
        print(
            f"load neo4j (bulk import): {size / total:,.0f} papers/s ({total:.1f} s: export {times.exported:.1f} s,"
            f" neo4j-admin import {times.imported:.1f} s); then the adapter's set-up (constraints, indexes,"
            f" the first projection) {times.prepared:.1f} s"
        )
        return _child("queries", uri, str(store_path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument(
        "--queries-only", action="store_true", help="reuse a store an earlier run loaded; time the queries only"
    )
    parser.add_argument(
        "--neo4j",
        metavar="URI|local",
        help="also Neo4j: 'local' starts a throwaway server (and times the bulk import); a URI's database is EMPTIED",
    )
    parser.add_argument(
        "--no-unwind",
        action="store_true",
        help="with --neo4j local: skip the transactional load (slow past 10k papers)",
    )
    parser.add_argument(
        "--loads-only", action="store_true", help="time the loads (embedded, and Neo4j's with --neo4j), no queries"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        step, *args = arguments.child
        result = asyncio.run(_load(*args) if step == "load" else _queries(*args))
        print(json.dumps(result))
        return
    for size in arguments.sizes:
        run(size, arguments.queries_only, arguments.neo4j, not arguments.no_unwind, arguments.loads_only)


if __name__ == "__main__":
    main()
