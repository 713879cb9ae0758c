"""Every line of the README's "Using it" block runs as written, from a fresh clone, on the files in data/."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _example_lines() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"## Using it\n\n```\n(.*?)```", readme, re.S)
    return [line for line in block.splitlines() if line.strip()]


@pytest.mark.slow
def test_every_example_in_the_readme_runs_as_written(tmp_path):
    (tmp_path / "data").symlink_to(ROOT / "data")  # the examples name data/…, and write beside it
    env = {**os.environ, "COAUTHOR_GRAPH_STORE": str(tmp_path / "coauthor-graph.sqlite")}
    lines = _example_lines()
    assert len(lines) >= 14
    for line in lines:
        words = shlex.split(line, comments=True)
        assert words[0] == "coauthor-graph", line
        output = None
        if ">" in words:
            output = tmp_path / words[words.index(">") + 1]
            words = words[: words.index(">")]
        done = subprocess.run(
            [sys.executable, "-m", "coauthor_graph.api.cli", *words[1:]],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, f"{line}\n{done.stderr}"
        assert done.stdout, line
        if output is not None:
            output.write_text(done.stdout, encoding="utf-8")
    assert (tmp_path / "conflicts.csv").read_text(encoding="utf-8").startswith("author_as_given,")
    assert any((tmp_path / "vos").iterdir())
