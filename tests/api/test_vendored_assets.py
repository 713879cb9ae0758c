"""The browser files the package ships are exactly what `assets/package-lock.json` builds, and the
pages that use them name only files the app serves."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from coauthor_graph.api.pages import STATIC, offline_graphiql_html
from tests.conftest import ROOT


@pytest.mark.slow
def test_the_vendored_files_are_the_lock_files_build():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_assets.py"), "--check"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr


def test_graphiql_names_only_served_files_with_their_integrity():
    page = offline_graphiql_html()
    assert "unpkg.com" not in page and "https://" not in re.sub(r"https://(www\.)?w3\.org[^\"]*", "", page)
    sources = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)
    assert len(sources) == 7
    assert all((STATIC / source.removeprefix("/static/")).is_file() for source in sources)
    assert page.count('integrity="sha384-') == 7 and "collaborationPath" in page
