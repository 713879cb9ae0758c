"""docker-compose.yml validated without an engine (Debian's docker-compose), and the HTTP
service's health endpoints served by a real uvicorn process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
import yaml

from tests.conftest import ROOT


def compose_config(directory, password: str | None) -> subprocess.CompletedProcess:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail("docker-compose is needed to validate docker-compose.yml: apt-get install docker-compose")
    env = {key: value for key, value in os.environ.items() if key != "NEO4J_PASSWORD"}
    if password is not None:
        env["NEO4J_PASSWORD"] = password
    return subprocess.run([binary, "config"], cwd=directory, env=env, capture_output=True, text=True, check=False)


def test_compose_file_is_valid_and_safe_by_default():
    result = compose_config(ROOT, "a-password")
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]
    assert services["neo4j"]["image"].startswith("neo4j:5.26") and "community" in services["neo4j"]["image"]
    assert "healthcheck" in services["neo4j"]
    assert services["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert services["load"]["profiles"] == ["load"]
    assert "neo4j-data" in config["volumes"]
    published = [port for service in services.values() for port in service.get("ports", [])]
    assert published and all(str(port).startswith("127.0.0.1:") for port in published)


def test_compose_refuses_to_start_without_a_password():
    result = compose_config(ROOT, None)
    assert result.returncode != 0
    assert "set NEO4J_PASSWORD" in result.stderr


def test_a_broken_compose_file_fails(tmp_path):
    broken = (ROOT / "docker-compose.yml").read_text(encoding="utf-8").replace("    image: neo4j", "    imagee: neo4j")
    (tmp_path / "docker-compose.yml").write_text(broken, encoding="utf-8")
    result = compose_config(tmp_path, "a-password")
    assert result.returncode != 0 and "imagee" in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def first_answer(url: str, seconds: float) -> tuple[int, bytes]:
    """`get(url)` once the server starting up answers at all."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return get(url)
        except (urllib.error.URLError, ConnectionError):
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)


def test_served_health_and_readiness(tmp_path):
    port = free_port()
    env = {**os.environ, "COAUTHOR_GRAPH_STORE": str(tmp_path / "served.sqlite")}
    server = subprocess.Popen(
        [sys.executable, "-m", "coauthor_graph.api.cli", "serve", "--port", str(port), "--create"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert first_answer(f"http://127.0.0.1:{port}/health", 20) == (200, b'{"status":"ok"}')
        assert get(f"http://127.0.0.1:{port}/ready") == (200, b'{"status":"ready"}')
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serving_a_store_that_does_not_exist_is_refused(tmp_path):
    typo = tmp_path / "typo.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "coauthor_graph.api.cli", "--store", str(typo), "serve", "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and not typo.exists()
    assert done.stderr.strip().splitlines()[-1].startswith(f"error: no store at {typo}: load files into it first")


def test_serving_on_a_taken_port_says_which_and_how_to_choose_another(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "coauthor_graph.api.cli", "--store", str(tmp_path / "s.sqlite"), "serve"]
            + ["--port", str(port), "--create"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(f"error: --port {port} is taken on 127.0.0.1 (")
    assert "choose another with --port or COAUTHOR_GRAPH_PORT" in done.stderr
