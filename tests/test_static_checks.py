"""The code as CI holds it: ruff's lint and format, and mypy's type check of the package."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

CHECKED = ["coauthor_graph", "tests", "benchmarks", "scripts"]


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing_to_fix():
    lint = _run("ruff", "check", *CHECKED)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    form = _run("ruff", "format", "--check", *CHECKED)
    assert form.returncode == 0, form.stdout + form.stderr


@pytest.mark.slow
def test_mypy_finds_no_type_error():
    checked = _run("mypy")
    assert checked.returncode == 0, checked.stdout + checked.stderr
