"""The explorer, GraphiQL and the OpenAPI page in a real browser (Debian's Chromium, driven by
playwright-core) against a live server on the sample: nothing leaves 127.0.0.1, and what a person
does (search, expand, follow a path, filter years) shows what the graph holds. Screenshots are kept
in test-artefacts/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.npm import ensure_installed

FOLDER = ROOT / "tests" / "explorer"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTEFACTS = ROOT / "test-artefacts"


@pytest.fixture(scope="module")
def browser_script() -> Path:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed at {CHROMIUM} (scripts/test installs Debian's chromium)")
    ensure_installed(FOLDER, "playwright-core", "1.64.1")
    return FOLDER / "explore.mjs"


@pytest.mark.slow
def test_a_person_explores_the_sample(seeded_server, browser_script):
    ARTEFACTS.mkdir(exist_ok=True)
    run = subprocess.run(
        [shutil.which("node") or "node", str(browser_script), seeded_server.url, str(ARTEFACTS)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=FOLDER,
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["outside"] == [] and seen["failed"] == []  # every script, style and call stays on 127.0.0.1
    assert seen["huang"]["nodes"] == 33  # Chengkai Huang and his 32 co-authors
    assert seen["huang"]["links"] >= 32 and seen["huang"]["colours"] >= 2  # coloured by research group
    # everyone in the sample wrote with its owner: no one new to recommend him, but others have some
    assert seen["panel"]["name"] == "Chengkai Huang" and seen["panel"]["papers"] == 15
    assert seen["panel"]["recommendations"] == [
        "No one new: everyone within three co-author hops has written with them already, and no one else writes"
        " titles like theirs."
    ]
    assert seen["hidden1400"] == [] and seen["hidden800"] == []  # beside the panel, clear of the legend
    assert (
        len(seen["yaoPanel"]["recommendations"]) == 5 and "shared co-author" in seen["yaoPanel"]["recommendations"][0]
    )
    assert "Chengkai Huang" in seen["yao"] and len(seen["yao"]) < 33
    assert seen["expanded"] == 33  # expanding Chengkai Huang added his co-authors
    assert seen["path"] == ["Chengkai Huang", "Yuhang Yao", "Zhiqiang Liu"] and seen["pathLinks"] == 2
    assert [hop.split(":")[0] for hop in seen["hops"]] == [
        "Yuhang Yao → Chengkai Huang",
        "Chengkai Huang → Zhiqiang Liu",
    ]
    assert 1 < seen["recent"] < 33 and seen["hopsAfterYears"] == 0  # the path over all years went
    assert "people working on retrieval-augmented generation" in seen["topicStatus"]
    assert seen["misspelt"] == "No one is named Chengkai Haung; did you mean Chengkai Huang?"
    assert seen["linkedByName"] == 33  # /?author=Chengkai%20Huang: a deep link by name
    assert seen["graphiql"] and seen["docs"].startswith("coauthor-graph")
    assert {p.name for p in ARTEFACTS.glob("*.png")} >= {"explorer-chengkai-huang.png", "explorer-path.png"}
