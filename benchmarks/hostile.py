"""Hostile requests against a live server, each followed by a good one: is the good one still fast?

    python -m benchmarks.hostile

Starts `coauthor-graph serve` on the sample (with an API key, so loadPapers is open to the
attacker too), sends each attack of issue #17 items 1, 4, 6 and 11, and after each prints the
status the attack got, how long it took, and the latency of the next good request.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from coauthor_graph.api.graphql_http import MAX_BODY_BYTES

ROOT = Path(__file__).resolve().parent.parent
KEY = "hostile-benchmark-key"
GOOD = {"query": '{ author(id: "author:chengkai-huang") { name coauthors(first: 5) { totalCount } } }'}


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


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "hostile.sqlite"
        cli = [sys.executable, "-m", "coauthor_graph.api.cli", "--store", str(store)]
        subprocess.run([*cli, "load", str(ROOT / "data" / "sample-profile-chengkai-huang.txt")], check=True)
        port = "8766"
        server = subprocess.Popen(
            [*cli, "serve", "--port", port],
            env={**os.environ, "COAUTHOR_GRAPH_API_KEY": KEY},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            attacks = {
                "1 fragments doubling 30 deep (GET)": lambda: httpx.get(
                    f"{url}/graphql", params={"query": _doubling_fragments(30)}, timeout=60
                ),
                "4 @string expansion bomb": lambda: httpx.post(
                    f"{url}/graphql",
                    json={
                        "query": "mutation($c: String!) { loadPapers(content: $c, format: BIBTEX) { records } }",
                        "variables": {"c": _string_bomb()},
                    },
                    headers={"authorization": f"Bearer {KEY}"},
                    timeout=60,
                ),
                "2 3,000-author paper (loadPapers)": lambda: httpx.post(
                    f"{url}/graphql",
                    json={
                        "query": "mutation($c: String!) { loadPapers(content: $c) { records } }",
                        "variables": {"c": _hyper_authored_paper(3_000)},
                    },
                    headers={"authorization": f"Bearer {KEY}"},
                    timeout=60,
                ),
                "6 chunked body past the limit": lambda: httpx.post(
                    f"{url}/graphql",
                    content=_chunked_body(),
                    headers={"content-type": "application/json"},
                    timeout=60,
                ),
                "11 WebSocket upgrade": lambda: asyncio.run(_websocket(url)),
                "11 body nested 100k deep": lambda: httpx.post(
                    f"{url}/graphql",
                    content=b"[" * 100_000 + b"]" * 100_000,
                    headers={"content-type": "application/json"},
                    timeout=60,
                ),
            }
            print(f"{'attack':<38}  {'answer':<52}{'took ms':>10}{'next good ms':>14}")
            for name, attack in attacks.items():
                started = time.perf_counter()
                answer = attack()
                if isinstance(answer, httpx.Response):
                    errors = (
                        answer.json().get("errors") if answer.headers.get("content-type", "").endswith("json") else None
                    )
                    answer = f"{answer.status_code} {errors[0]['message'][:48] if errors else ''}".strip()
                took = (time.perf_counter() - started) * 1000
                started = time.perf_counter()
                good = httpx.post(f"{url}/graphql", json=GOOD, timeout=60)
                next_ms = (time.perf_counter() - started) * 1000
                assert good.status_code == 200, good.text
                print(f"{name:<38}  {answer!s:<52}{took:>10.0f}{next_ms:>14.1f}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
