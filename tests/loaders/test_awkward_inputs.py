"""Inputs a user really gives `load`: compressed data on standard input, a first line longer than
format detection reads, a file the kernel refuses to read. Each loads, or fails in one line."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "coauthor_graph.api.cli"]


def _load(store: Path, *arguments: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, "--store", str(store), "load", *arguments], input=stdin, capture_output=True, timeout=120
    )


def test_gzipped_json_lines_on_standard_input_load(tmp_path):
    lines = "".join(
        json.dumps({"title": f"Paper {n}", "year": 2020, "authors": ["Ann Archer", f"Co Author{n}"]}) + "\n"
        for n in range(3)
    )
    done = _load(tmp_path / "s.sqlite", "-", stdin=gzip.compress(lines.encode()))
    assert done.returncode == 0, done.stderr
    assert b"loaded 3 records" in done.stdout


def test_a_first_line_longer_than_detection_reads_is_still_json_lines(tmp_path):
    long_abstract = "word " * 40_000  # 200 KB: past the 64 KiB head format detection reads
    rows = [
        {"title": "A long one", "year": 2021, "authors": ["Ann Archer"], "abstract": long_abstract},
        {"title": "A short one", "year": 2022, "authors": ["Ann Archer", "Ben Baker"]},
    ]
    papers = tmp_path / "long.jsonl"
    papers.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    done = _load(tmp_path / "s.sqlite", str(papers))
    assert done.returncode == 0, done.stderr
    assert b"loaded 2 records" in done.stdout


def test_a_file_the_kernel_will_not_read_is_one_line(tmp_path):
    done = _load(tmp_path / "s.sqlite", "/proc/self/mem")
    assert done.returncode == 1
    assert done.stderr.decode().strip().splitlines() == ["error: /proc/self/mem: cannot be read: Input/output error"]
