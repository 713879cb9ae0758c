"""Does a slow read hold up the server? /health and a light read, timed while heavy work runs (#17 item 10).

    python -m benchmarks.event_loop 100000

Serves a copy of the synthetic store of that size (built once, as `api_benchmark` builds it) and,
for each heavy piece of work, polls `/health` and a light GraphQL read every 50 ms while it
runs, then prints how long the work took and the worst and median latency of the polls:

  (a) a nested query with 30 aliases over the best-connected author (1.65M list items asked)
  (a') the largest query the result-size limit lets through, on the same author
  (b) the first read after another process committed to the store (the index is rebuilt)
  (c) a loadPapers mutation of 28,000 records, what fits in its 10 MB content limit (its commit,
      and the index update after it)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from benchmarks.api_benchmark import build_store, wait_until_up
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus

PORT = 8767
KEY = "event-loop-benchmark-key"
LIGHT = {"query": "{ stats { papers } }"}
MUTATION_RECORDS = 28_000
"""As many synthetic records as fit in loadPapers' 10 MB content limit."""


def nested_aliases(author_id: str, aliases: int = 30) -> dict:
    one = (
        f'author(id: "{author_id}") {{ coauthors(first: 100) {{ edges {{ node {{ name'
        " papers(first: 50) { edges { node { title authors { edges { node { name } } } } } } } } } }"
    )
    return {"query": "{ " + " ".join(f"a{i}: {one}" for i in range(aliases)) + " }"}


def largest_allowed(author_id: str) -> dict:
    """Near the result-size limit (`schema.limits`): 100 co-authors, 99 co-authors of each, with papers."""
    return {
        "query": f'{{ author(id: "{author_id}") {{ coauthors(first: 100) {{ edges {{ papers node {{ name'
        " coauthors(first: 99) { totalCount edges { papers node { id name } } } } } } } }"
    }


def polled_while(work: Callable[[], str], url: str) -> tuple[str, float, list[float], list[float]]:
    """Run `work` in a thread; poll /health and the light read until it ends. Its answer, its seconds,
    and the latencies (ms) of the health polls and the light reads."""
    outcome: list[str] = []
    thread = threading.Thread(target=lambda: outcome.append(work()))
    health: list[float] = []
    light: list[float] = []
    started = time.perf_counter()
    thread.start()
    with httpx.Client(base_url=url, timeout=120) as client:
        while thread.is_alive():
            for path, latencies in (("/health", health), ("/graphql", light)):
                began = time.perf_counter()
                if path == "/health":
                    client.get(path)
                else:
                    client.post(path, json=LIGHT)
                latencies.append(1000 * (time.perf_counter() - began))
            time.sleep(0.05)
    thread.join()
    return outcome[0], time.perf_counter() - started, health, light


def answer_of(response: httpx.Response) -> str:
    errors = response.json().get("errors")
    return (
        f"{response.status_code} {errors[0].get('extensions', {}).get('code', errors[0]['message'][:30])}"
        if errors
        else f"{response.status_code} ok"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store.sqlite"
        shutil.copy(build_store(arguments.size), store)
        db = sqlite3.connect(store)
        (hub,) = db.execute(
            "SELECT a.id FROM authored w JOIN author a ON a.n = w.author"
            " GROUP BY a.n ORDER BY count(*) DESC, a.id LIMIT 1"
        ).fetchone()
        db.close()
        outside = write_corpus(Path(folder) / "outside.jsonl", 1000, seed=11)
        mutation = write_corpus(Path(folder) / "mutation.jsonl", MUTATION_RECORDS, seed=13).read_text(encoding="utf-8")
        cli = [sys.executable, "-m", "coauthor_graph.api.cli", "--store", str(store)]
        server = subprocess.Popen(
            [*cli, "serve", "--port", str(PORT)],
            env={**os.environ, "COAUTHOR_GRAPH_API_KEY": KEY},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{PORT}"
        try:
            wait_until_up(url, server)

            def heavy() -> str:
                return answer_of(httpx.post(f"{url}/graphql", json=nested_aliases(hub), timeout=120))

            def largest() -> str:
                return answer_of(httpx.post(f"{url}/graphql", json=largest_allowed(hub), timeout=120))

            def after_outside_commit() -> str:
                subprocess.run([*cli, "load", str(outside)], check=True, capture_output=True)
                return answer_of(httpx.post(f"{url}/graphql", json=LIGHT, timeout=120))

            def load_mutation() -> str:
                body = {
                    "query": "mutation($c: String!) { loadPapers(content: $c) { records } }",
                    "variables": {"c": mutation},
                }
                headers = {"authorization": f"Bearer {KEY}"}
                return answer_of(httpx.post(f"{url}/graphql", json=body, headers=headers, timeout=120))

            print(f"{arguments.size:,} papers; polls every 50 ms while the work runs")
            print(f"{'work':<44}{'answer':<26}{'took s':>8}{'health max/p50 ms':>20}{'light read max/p50 ms':>24}")
            for name, work in (
                ("(a) 30 nested aliases, 1.65M list items", heavy),
                ("(a') the largest query allowed (100 x 99)", largest),
                ("(b) first read after an outside commit", after_outside_commit),
                (f"(c) loadPapers, {MUTATION_RECORDS:,} records", load_mutation),
            ):
                answer, took, health, light = polled_while(work, url)
                print(
                    f"{name:<44}{answer:<26}{took:>8.1f}"
                    f"{max(health):>12.0f}/{statistics.median(health):<7.0f}"
                    f"{max(light):>16.0f}/{statistics.median(light):<7.0f}"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
