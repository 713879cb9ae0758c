"""Parsing in a second process yields what parsing in this one does, fails the same way, and stops with the load."""

from __future__ import annotations

import asyncio
import signal
import subprocess
from pathlib import Path

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.loaders import background
from coauthor_graph.loaders.background import records_from_background
from coauthor_graph.loaders.registry import LoadOptions, records_from
from coauthor_graph.loaders.skipping import Skipped
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.conftest import SEED, SEED_AS_OF
from tests.fixture_files import fixture, needs
from tests.store.embedded.test_atomicity import dump

OPTIONS = LoadOptions(as_of=SEED_AS_OF)


@pytest.fixture
def started(monkeypatch) -> list[subprocess.Popen]:
    """The parsing processes a test starts (real ones: this only keeps hold of them)."""
    processes: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        processes.append(process)
        return process

    monkeypatch.setattr(background.subprocess, "Popen", recording_popen)
    return processes


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A generated JSON Lines corpus of several MB: many batches, and a pipe it fills."""
    return write_corpus(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", 20_000)


@pytest.mark.parametrize(
    "name",
    [
        "generated",
        pytest.param("coauthorship/cgm-meta.txt", marks=needs("coauthorship/cgm-meta.txt")),  # 3.4 MB
        "dblp/dblp-excerpt-incollection.xml",
        "openalex/works-nlp-first10.json",
        pytest.param("bibtex/4C-multiphysics_papers.bib", marks=needs("bibtex/4C-multiphysics_papers.bib")),
        "seed",  # a profile record among the papers
    ],
)
@pytest.mark.slow
def test_a_child_process_yields_the_same_records_in_the_same_order(name, started, generated):
    path = {"generated": generated, "seed": SEED}.get(name) or fixture(name)
    here: list[Skipped] = []
    there: list[Skipped] = []
    in_process = list(records_from(path, OPTIONS, skipped=here))  # two fixtures hold records without authors
    assert list(records_from_background(path, OPTIONS, skipped=there, from_bytes=0)) == in_process
    assert there == here
    assert len(started) == 1 and started[0].returncode == 0


def test_small_files_are_parsed_in_this_process(started):
    assert list(records_from_background(SEED, OPTIONS)) == list(records_from(SEED, OPTIONS))
    assert started == []


def _jsonl_with_invalid_lines(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = []
    for number in range(1, 5001):
        if number % 1000 == 0:
            lines.append('{"title": 7, "authors": ["Nobody"]}')  # a title that is no text: invalid
        elif number in (1500, 3500):
            lines.append('{"title": "", "authors": ["Nobody"]}')  # no title: no co-authorship record
        elif number == 2500:
            lines.append("{not json")
        else:
            lines.append(f'{{"title": "Paper {number}", "authors": ["Author {number % 97}"], "year": 2020}}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_skipped_records_arrive_in_file_order_with_their_reasons(tmp_path, started):
    path = _jsonl_with_invalid_lines(tmp_path)
    here: list[Skipped] = []
    there: list[Skipped] = []
    left_here: list[Skipped] = []
    left_there: list[Skipped] = []
    expected = list(records_from(path, OPTIONS, skipped=here, ignored=left_here))
    assert list(records_from_background(path, OPTIONS, skipped=there, ignored=left_there, from_bytes=0)) == expected
    assert there == here and left_there == left_here
    assert [item.line for item in there] == [1000, 2000, 2500, 3000, 4000, 5000]
    assert [(item.line, item.invalid) for item in left_there] == [(1500, False), (3500, False)]


def test_an_invalid_record_fails_at_its_line_after_the_records_before_it(tmp_path, started):
    path = _jsonl_with_invalid_lines(tmp_path)
    received = []
    with pytest.raises(LoadError) as error:
        for record in records_from_background(path, OPTIONS, from_bytes=0):
            received.append(record)
    with pytest.raises(LoadError) as expected:
        list(records_from(path, OPTIONS))
    assert (error.value.path, error.value.line, error.value.reason) == (
        expected.value.path,
        expected.value.line,
        expected.value.reason,
    )
    assert error.value.line == 1000 and len(received) == 999
    assert started[0].wait(timeout=10) == 0


def test_a_wrongly_encoded_file_fails_the_load_and_leaves_the_store_as_it_was(tmp_path, started):
    path = tmp_path / "store.sqlite"
    bad = tmp_path / "latin1.jsonl"
    good = "".join(f'{{"title": "Paper {n}", "authors": ["Author {n}"], "year": 2020}}\n' for n in range(3000))
    bad.write_bytes(good.encode() + '{"title": "Caf\xe9", "authors": ["A"]}\n'.encode("latin-1"))

    async def scenario():
        store = EmbeddedStore(path)
        await store.upsert(records_from(SEED, OPTIONS))
        await store.close()
        before = dump(path)
        store = EmbeddedStore(path)
        with pytest.raises(LoadError) as error:
            await store.upsert(records_from_background(bad, OPTIONS, from_bytes=0))
        await store.close()
        return before, error.value

    before, error = asyncio.run(scenario())
    assert error.line == 3001 and "not valid UTF-8" in error.reason
    assert dump(path) == before


def test_a_load_that_stops_early_stops_its_parsing_process(started, generated):
    records = records_from_background(generated, OPTIONS, from_bytes=0)
    next(records)
    records.close()  # what a failed or cancelled load does to the records it was reading
    # Killed at once (it was blocked writing to the full pipe) and reaped, not left to parse on.
    assert started[0].returncode == -signal.SIGKILL


@pytest.mark.parametrize("written", [b"", b"\x80\x05\x95\x10\x00\x00"], ids=["between batches", "mid-batch"])
def test_a_parsing_process_that_dies_is_a_load_error(monkeypatch, written):
    # What the OOM killer leaves: a stream that ends, or ends inside a batch, and an exit by SIGKILL.
    real_popen = subprocess.Popen
    script = (
        f"import os, signal, sys; sys.stdout.buffer.write({written!r}); sys.stdout.flush(); os.kill(os.getpid(), 9)"
    )

    def dying_child(command, **kwargs):
        return real_popen([command[0], "-c", script], **kwargs)

    monkeypatch.setattr(background.subprocess, "Popen", dying_child)
    with pytest.raises(LoadError, match=r"the parsing process stopped \(exit code -9\)"):
        list(records_from_background(SEED, OPTIONS, from_bytes=0))
