"""Explorer benchmark: how long the ego network of the most connected author takes to appear in a real
browser (Debian's Chromium, driven by playwright-core), on a synthetic store.

    python -m benchmarks.explorer 100000 [--runs 5]

Starts `coauthor-graph serve` on the store (built once under benchmarks/out/), finds the author with
the most co-authors, and opens `/?author=ID` RUNS times after one warm-up (the first read builds the
store's index): each time from navigation to the drawn network, the server's /api/network answer
(reading, counting, grouping, laying out) included. Prints each time, the median and the nodes drawn.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.api_benchmark import PORT, build_store, wait_until_up
from tests.npm import ensure_installed

HERE = Path(__file__).resolve().parent


def most_connected(store: Path) -> tuple[str, int]:
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT a.id, count(*) AS ties FROM (SELECT a AS n FROM coauthored UNION ALL SELECT b FROM coauthored)"
            " JOIN author a USING (n) GROUP BY a.n ORDER BY ties DESC LIMIT 1"
        ).fetchone()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", type=int, nargs="?", default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    store = build_store(arguments.size)
    author, ties = most_connected(store)
    ensure_installed(HERE, "playwright-core", "1.64.1")
    url = f"http://127.0.0.1:{PORT}"
    server = subprocess.Popen(
        [sys.executable, "-m", "coauthor_graph.api.cli", "--store", str(store), "serve", "--port", str(PORT)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(url, server)
        node = shutil.which("node") or "node"
        script = str(HERE / "explorer_render.mjs")
        subprocess.run([node, script, url, author, "1"], check=True, capture_output=True, cwd=HERE)  # warm-up
        run = subprocess.run(
            [node, script, url, author, str(arguments.runs)], check=True, capture_output=True, text=True, cwd=HERE
        )
    finally:
        server.terminate()
        server.wait()
    seen = json.loads(run.stdout)
    times = ", ".join(f"{t:,} ms" for t in seen["times"])
    print(f"{arguments.size:,} papers; {author} has {ties:,} co-authors; {seen['drawn']} nodes drawn")
    print(f"  ego network drawn in: {times}; median {statistics.median(seen['times']):,.0f} ms")


if __name__ == "__main__":
    main()
