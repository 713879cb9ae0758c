"""Hostile requests against a live server: does everyone else still get answers?

    python -m benchmarks.hostile            # a generated graph of 20,000 papers, as issue #31 measured
    python -m benchmarks.hostile 100000     # or another size (benchmarks/out/corpus-SIZE.jsonl, made once)

Starts `coauthor-graph serve` on a store of that many generated papers plus the sample profile (with an
API key, so loadPapers is open to the attacker too), and sends each attack of issues #17 and #31 while
polling `/health` and a light GraphQL read every 100 ms. For each it prints the answer, how long it
took, the server's peak memory above its idle memory, and the slowest light read and `/health` meanwhile.
What #31 asks: no light read over 1 s, no RSS over 1 GB above idle, no request past its limit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from coauthor_graph.api.graphql_http import MAX_BODY_BYTES
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
KEY = "hostile-benchmark-key"
LIGHT = {"query": '{ author(id: "author:chengkai-huang") { name coauthors(first: 5) { totalCount } } }'}
POLL_SECONDS = 0.1


def _doubling_fragments(levels: int) -> str:
    return (
        '{ author(id: "author:chengkai-huang") { ...F0 } } '
        + " ".join(f"fragment F{i} on Author {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
        + f" fragment F{levels} on Author {{ name }}"
    )


def _string_bomb() -> str:
    lines = ['@string{s0 = "aaaaaaaaaa"}']
    lines += [f"@string{{s{i} = " + " # ".join([f"s{i - 1}"] * 10) + "}" for i in range(1, 10)]
    return "\n".join([*lines, "@article{bomb, title = s9, author = {A. Author}}"]) + "\n"


def _hyper_authored_paper(authors: int) -> str:
    """One JSON Lines paper with as many authors as a physics collaboration lists, all in one name block."""
    names = [f"Member{n:05d} Collaboration" for n in range(authors)]
    venue = {"name": "Physics Letters B", "kind": "journal"}
    return json.dumps({"title": "Observation of a new boson", "year": 2012, "authors": names, "venue": venue}) + "\n"


def _chunked_body():
    yield b'{"query": "{ stats { papers } }"'
    for _ in range(MAX_BODY_BYTES // (1 << 20) + 2):
        yield b" " * (1 << 20)
    yield b"}"


async def _websocket(url: str) -> str:
    import websockets
    from websockets.exceptions import ConnectionClosed, WebSocketException

    try:
        async with websockets.connect(
            url.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"]
        ) as ws:
            await ws.recv()
            return "answered"
    except ConnectionClosed as closed:
        return f"closed {closed.rcvd.code if closed.rcvd else ''}"
    except WebSocketException as error:
        return type(error).__name__


def _graphql(url: str, query: str, variables: dict | None = None, key: bool = False) -> httpx.Response:
    headers = {"authorization": f"Bearer {KEY}"} if key else {}
    return httpx.post(
        f"{url}/graphql", json={"query": query, "variables": variables or {}}, headers=headers, timeout=120
    )


def _in_parallel(clients: int, request: Callable[[], httpx.Response]) -> Callable[[], httpx.Response]:
    """The request sent by several clients at once; the last answer stands for them."""

    def send() -> httpx.Response:
        answers: list[httpx.Response] = []
        threads = [threading.Thread(target=lambda: answers.append(request())) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return answers[-1]

    return send


def _attacks(url: str, names: list[str]) -> dict[str, Callable[[], object]]:
    five_trends = "{ " + " ".join(f"t{i}: topicTrends(first: {10 + i}) {{ papers }}" for i in range(5)) + " }"
    return {
        "1 conflicts 200 x 2,000, shared co-authors": lambda: httpx.post(
            f"{url}/api/conflicts",
            json={"authors": names[:200], "reviewers": names[200:2200], "throughCoauthors": True, "withinYears": 100},
            timeout=120,
        ),
        "2 a paper with 3,000 authors (loadPapers)": lambda: _graphql(
            url,
            "mutation($c: String!) { loadPapers(content: $c) { records } }",
            {"c": _hyper_authored_paper(3_000)},
            key=True,
        ),
        "3 thirty aliased possibleDuplicates": lambda: _graphql(
            url,
            "{ "
            + " ".join(f"a{i}: possibleDuplicates(first: 100, minScore: 0.0) {{ score }}" for i in range(30))
            + " }",
        ),
        "3 four clients x five topicTrends": _in_parallel(4, lambda: _graphql(url, five_trends)),
        "4 REST export gexf": lambda: httpx.get(f"{url}/api/exports/gexf", timeout=120),
        "4 REST groups, windows of 1 year": lambda: httpx.get(
            f"{url}/api/groups", params={"windowYears": 1}, timeout=120
        ),
        "4 REST network of 2,000": lambda: httpx.get(f"{url}/api/network", params={"limit": 2000}, timeout=120),
        "17.1 fragments doubling 30 deep": lambda: httpx.get(
            f"{url}/graphql", params={"query": _doubling_fragments(30)}, timeout=60
        ),
        "17.4 @string expansion bomb": lambda: _graphql(
            url,
            "mutation($c: String!) { loadPapers(content: $c, format: BIBTEX) { records } }",
            {"c": _string_bomb()},
            key=True,
        ),
        "17.6 chunked body past the limit": lambda: httpx.post(
            f"{url}/graphql", content=_chunked_body(), headers={"content-type": "application/json"}, timeout=60
        ),
        "17.11 WebSocket upgrade": lambda: asyncio.run(_websocket(url)),
        "17.11 body nested 100k deep": lambda: httpx.post(
            f"{url}/graphql",
            content=b"[" * 100_000 + b"]" * 100_000,
            headers={"content-type": "application/json"},
            timeout=60,
        ),
    }


def _answer(result: object) -> str:
    if not isinstance(result, httpx.Response):
        return str(result)
    errors = None
    if result.headers.get("content-type", "").endswith("json"):
        body = result.json()
        errors = body.get("errors") if isinstance(body, dict) else None
        detail = body.get("detail") if isinstance(body, dict) else None
        if detail and not errors:
            errors = [{"message": str(detail)}]
    return f"{result.status_code} {errors[0]['message'][:60] if errors else ''}".strip()


def _rss_mb(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) // 1024


def _meanwhile(url: str, pid: int, attack: Callable[[], object]) -> tuple[object, float, int, float, float]:
    """Run the attack; meanwhile poll the light read and /health, each from a thread of its own, and the
    server's memory. The attack's answer and seconds, the peak RSS, and the slowest light read and /health
    (seconds; one still waiting when the attack ends counts as long as it has waited)."""
    done = threading.Event()
    slowest = {"light": 0.0, "health": 0.0}

    def poll(kind: str, ask: Callable[[], object]) -> None:
        while not done.is_set():
            started = time.perf_counter()
            waiting = threading.Thread(target=ask, daemon=True)
            waiting.start()
            while waiting.is_alive() and not (done.is_set() and time.perf_counter() - started > 0):
                waiting.join(POLL_SECONDS)
            slowest[kind] = max(slowest[kind], time.perf_counter() - started)
            time.sleep(POLL_SECONDS)

    pollers = [
        threading.Thread(target=poll, args=("light", lambda: httpx.post(f"{url}/graphql", json=LIGHT, timeout=120))),
        threading.Thread(target=poll, args=("health", lambda: httpx.get(f"{url}/health", timeout=120))),
    ]
    for poller in pollers:
        poller.start()
    peak = _rss_mb(pid)
    outcome: dict[str, object] = {}

    def run() -> None:
        started = time.perf_counter()
        try:
            outcome["answer"] = attack()
        except httpx.HTTPError as error:
            outcome["answer"] = type(error).__name__
        outcome["seconds"] = time.perf_counter() - started

    attacking = threading.Thread(target=run)
    attacking.start()
    while attacking.is_alive():
        peak = max(peak, _rss_mb(pid))
        attacking.join(POLL_SECONDS)
    done.set()
    for poller in pollers:
        poller.join()
    return outcome["answer"], float(outcome["seconds"]), peak, slowest["light"], slowest["health"]  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=20_000, help="Generated papers in the store.")
    size = parser.parse_args().size
    corpus = OUT / f"corpus-{size}.jsonl"
    if not corpus.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        write_corpus(corpus, size)
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "hostile.sqlite"
        cli = [sys.executable, "-m", "coauthor_graph.api.cli", "--store", str(store)]
        for source in (corpus, ROOT / "data" / "sample-profile-chengkai-huang.txt"):
            subprocess.run([*cli, "load", str(source), "--no-fit"], check=True, stdout=subprocess.DEVNULL)
        lines = corpus.read_text(encoding="utf-8").splitlines()[:5_000]
        names = list(dict.fromkeys(author for line in lines for author in json.loads(line)["authors"]))
        port = "8766"
        server = subprocess.Popen(
            [*cli, "serve", "--port", port],
            env={**os.environ, "COAUTHOR_GRAPH_API_KEY": KEY},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
            idle = _rss_mb(server.pid)
            print(f"{size:,} generated papers and the sample; the idle server holds {idle} MB")
            print(f"{'attack':<44}{'answer':<66}{'took s':>8}{'RSS+ MB':>9}{'light s':>9}{'health s':>9}")
            for name, attack in _attacks(url, names).items():
                answer, seconds, peak, light, health = _meanwhile(url, server.pid, attack)
                print(f"{name:<44}{_answer(answer):<66}{seconds:>8.2f}{peak - idle:>9}{light:>9.2f}{health:>9.2f}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
