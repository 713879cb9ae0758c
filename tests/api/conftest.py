"""A real `coauthor-graph serve` process on a real embedded store, reached over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEED, SEED_AS_OF

API_KEY = "test-key-4f1d2a"


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def graphql(self, query: str, variables: dict | None = None, **headers: str) -> dict:
        """POST a query; the JSON answer (data and/or errors)."""
        response = self.post(query, variables, **headers)
        return response.json()

    def post(self, query: str, variables: dict | None = None, **headers: str) -> httpx.Response:
        body = {"query": query, **({"variables": variables} if variables else {})}
        return httpx.post(f"{self.url}/graphql", json=body, headers=headers, timeout=30)

    def data(self, query: str, variables: dict | None = None) -> dict:
        answer = self.graphql(query, variables)
        assert "errors" not in answer, answer
        return answer["data"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    store: Path | str, api_key: str | None = None, *options: str, log_folder: Path | None = None, **env_vars: str
) -> Server:
    """`serve` on a store file (its log beside it) or a Neo4j URI (its log in `log_folder`)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "COAUTHOR_GRAPH_API_KEY"} | env_vars
    if api_key:
        env["COAUTHOR_GRAPH_API_KEY"] = api_key
    # The log goes to a file: a pipe nobody reads would fill up and stall the server.
    log = (log_folder / f"serve-{port}.log") if log_folder else Path(store).with_name(f"{Path(store).stem}-{port}.log")
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "coauthor_graph.api.cli", "--store", str(store), "serve", "--port", str(port)]
            + list(options),
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return Server(url, process, log)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not come up within 30 s")


def stop(server: Server) -> None:
    server.process.terminate()
    server.process.wait(timeout=10)


def load_seed(store: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "coauthor_graph.api.cli", "--store", str(store), "load", str(SEED)]
        + ["--as-of", SEED_AS_OF.isoformat()],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def seeded_server(tmp_path_factory) -> Iterator[Server]:
    """The seed profile behind a server with the API key configured."""
    store = tmp_path_factory.mktemp("api") / "seed.sqlite"
    load_seed(store)
    server = start_server(store, API_KEY)
    yield server
    stop(server)
