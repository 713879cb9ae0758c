"""A damaged embedded store (pages overwritten on disk) is named, with what to do, by the CLI and the
served API, and nothing is written into it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from tests.api.test_deployment import first_answer, free_port, get

PAGE = 4096


@pytest.fixture(scope="module")
def corrupt(tmp_path_factory):
    """A store of 2,000 generated papers with the second half of its pages zeroed."""
    folder = tmp_path_factory.mktemp("corrupt")
    corpus = write_corpus(folder / "corpus.jsonl", 2_000, seed=5)
    store = folder / "store.sqlite"
    loaded = _cli(store, "load", str(corpus))
    assert loaded.returncode == 0, loaded.stderr
    pages = store.stat().st_size // PAGE
    with store.open("r+b") as damaged:
        damaged.seek(pages // 2 * PAGE)
        damaged.write(bytes(PAGE * (pages - pages // 2)))
    return store, corpus


def _cli(store, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coauthor_graph.api.cli", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _says_corrupt(store, stderr: str) -> bool:
    last = stderr.strip().splitlines()[-1]
    return "Traceback" not in stderr and last.startswith(f"error: the embedded store at {store} is corrupt")


def test_a_question_that_reads_a_damaged_page_says_so(corrupt):
    store, _ = corrupt
    done = _cli(store, "recommend", "Yuki Kowalski 0000022")  # the index it builds reads every pair
    assert done.returncode == 1 and _says_corrupt(store, done.stderr)


def test_a_load_refuses_a_damaged_store_and_leaves_it_as_it_was(corrupt):
    store, corpus = corrupt
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    done = _cli(store, "load", str(corpus))
    assert done.returncode == 1 and _says_corrupt(store, done.stderr)
    assert "load your files into a new store" in done.stderr
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before


def test_the_served_api_is_not_ready_and_says_why(corrupt):
    store, _ = corrupt
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "coauthor_graph.api.cli", "--store", str(store), "serve", "--port", str(port)],
        env=os.environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        status, body = first_answer(f"http://127.0.0.1:{port}/ready", 30)
        assert status == 503 and f"the embedded store at {store} is corrupt".encode() in body
        assert get(f"http://127.0.0.1:{port}/health")[0] == 200
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=10)
    assert "Traceback" not in stderr
