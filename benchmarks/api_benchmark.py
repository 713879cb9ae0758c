"""API benchmark: a load generator against a live `coauthor-graph serve` on a synthetic store.

    python -m benchmarks.api_benchmark 100000 --seconds 15 --concurrency 4
    python -m benchmarks.api_benchmark 100000 --neo4j local      # and served from Neo4j, side by side

Builds (once; cached under benchmarks/out/) a store of the synthetic corpus, starts the
server in its own process (uvicorn, one worker), and from this process keeps `concurrency`
requests in flight for each scenario, over inputs drawn with a fixed seed:

  (a) an author with their first 10 co-authors   (b) a collaboration path
  (c) collaborator recommendations                (d) a paper search

Prints requests per second and p50/p95 latency per scenario. The generator shares the
machine's cores with the server, as a client on the same host would. With --neo4j the corpus is
also loaded into Neo4j ('local': a throwaway server from Maven Central's jars; a URI's database
is EMPTIED) and the same scenarios run against the API serving it.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from benchmarks.neo4j_bulk import bulk_imported_server
from coauthor_graph.api.cli import main as cli_main
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus

OUT = Path(__file__).resolve().parent / "out"
PORT = 8765

AUTHOR = """query A($id: ID!) { author(id: $id) { name
  coauthors(first: 10) { totalCount edges { papers node { id name } } } } }"""
PATH = """query P($a: ID!, $b: ID!) { collaborationPath(from: $a, to: $b) { length authors { name } } }"""
RECOMMEND = """query R($id: ID!) { recommendCollaborators(author: $id, first: 10) {
  score author { name } sharedCoauthors { name } } }"""
SEARCH = """query S($text: String!) { searchPapers(text: $text, first: 10) { edges { score node { title } } } }"""


def build_store(size: int) -> Path:
    OUT.mkdir(exist_ok=True)
    store = OUT / f"api-store-{size}.sqlite"
    if not store.exists():
        corpus = OUT / f"corpus-{size}.jsonl"
        if not corpus.exists():
            write_corpus(corpus, size)
        cli_main(["--store", str(store), "load", str(corpus)], standalone_mode=False)
    return store


def inputs(store: Path, rng: random.Random) -> dict[str, list[dict]]:
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    # Authors with co-authors: the people an API user asks about.
    authors = [row[0] for row in db.execute("SELECT DISTINCT a.id FROM coauthored c JOIN author a ON a.n = c.a")]
    words = [w for (title,) in db.execute("SELECT title FROM paper LIMIT 5000") for w in title.split() if len(w) > 4]
    db.close()
    pick = rng.choice
    return {
        "(a) author + 10 coauthors": [{"query": AUTHOR, "variables": {"id": pick(authors)}} for _ in range(2000)],
        "(b) collaboration path": [
            {"query": PATH, "variables": {"a": pick(authors), "b": pick(authors)}} for _ in range(2000)
        ],
        "(c) recommendations": [{"query": RECOMMEND, "variables": {"id": pick(authors)}} for _ in range(2000)],
        "(d) paper search": [
            {"query": SEARCH, "variables": {"text": f"{pick(words)} {pick(words)}"}} for _ in range(2000)
        ],
    }


async def drive(url: str, bodies: list[dict], seconds: float, concurrency: int) -> dict:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:

        async def worker(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await client.post("/graphql", json=bodies[i % len(bodies)])
                latencies.append(time.perf_counter() - started)
                errors += response.status_code != 200 or "errors" in response.json()
                i += concurrency

        started = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "requests": len(latencies),
        "errors": errors,
    }


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not come up")


async def _load_into_neo4j(uri: str, corpus: Path) -> float:
    """Empty the database and load the corpus through the adapter; the seconds the load took."""
    from coauthor_graph.loaders.background import records_from_background
    from coauthor_graph.loaders.registry import LoadOptions
    from coauthor_graph.store.neo4j.settings import Neo4jSettings
    from coauthor_graph.store.neo4j.store import Neo4jStore

    store = await Neo4jStore.connect(Neo4jSettings.from_environment(uri=uri))
    try:
        await store.clear()
        started = time.perf_counter()
        await store.upsert(records_from_background(corpus, LoadOptions(as_of=dt.date.today())))
        return time.perf_counter() - started
    finally:
        await store.close()


def serve_and_drive(store_spec: str, label: str, scenarios: dict[str, list[dict]], arguments) -> None:
    url = f"http://127.0.0.1:{PORT}"
    server = subprocess.Popen(
        [sys.executable, "-m", "coauthor_graph.api.cli", "--store", store_spec, "serve", "--port", str(PORT)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(url, server)
        warm = scenarios["(b) collaboration path"][0]
        httpx.post(f"{url}/graphql", json=warm, timeout=120)  # the first graph query builds the index
        print(
            f"== API on {arguments.size:,} papers, {label} store:"
            f" {arguments.concurrency} requests in flight, one worker =="
        )
        print(f"{'scenario':<28}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
        for name, bodies in scenarios.items():
            figures = asyncio.run(drive(url, bodies, arguments.seconds, arguments.concurrency))
            print(
                f"{name:<28}{figures['rps']:>9.0f}{figures['p50_ms']:>9.2f}{figures['p95_ms']:>9.2f}"
                f"{figures['errors']:>8}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--neo4j", metavar="URI|local", help="also serve from Neo4j ('local': a throwaway server)")
    arguments = parser.parse_args()
    store = build_store(arguments.size)
    scenarios = inputs(store, random.Random(42))
    serve_and_drive(str(store), "embedded", scenarios, arguments)
    if arguments.neo4j is None:
        return
    if arguments.neo4j == "local":
        with bulk_imported_server(store, OUT / f"api-neo4j-import-{arguments.size}") as (uri, times):
            print(f"(bulk-imported into Neo4j in {times.exported + times.imported:.1f} s)")
            serve_and_drive(uri, "Neo4j", scenarios, arguments)
    else:
        seconds = asyncio.run(_load_into_neo4j(arguments.neo4j, OUT / f"corpus-{arguments.size}.jsonl"))
        print(f"(loaded into Neo4j in {seconds:.1f} s)")
        serve_and_drive(arguments.neo4j, "Neo4j", scenarios, arguments)


if __name__ == "__main__":
    main()
