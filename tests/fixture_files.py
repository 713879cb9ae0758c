"""Real files written by other people, wherever this machine has them.

Those whose licence allows it ship in `tests/fixtures/` (its README says where each comes from); the
rest are only in the project's shared fixtures beside the checkout, which a user's clone lacks. A test
marked `@needs("bibtex/…")` skips there, naming the file, instead of failing.
COAUTHOR_GRAPH_SHARED_FIXTURES points elsewhere (CI sets it to a missing folder to run the suite as a
clone alone would).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "tests" / "fixtures"
SHARED = Path(os.environ.get("COAUTHOR_GRAPH_SHARED_FIXTURES") or ROOT.parent / "shared" / "fixtures")


def fixture(relative: str) -> Path:
    """The file, from the repository's copies first, else the shared fixtures (it may not exist)."""
    shipped = SHIPPED / relative
    return shipped if shipped.exists() else SHARED / relative


def needs(*relatives: str) -> pytest.MarkDecorator:
    """Marks a test that reads these fixtures: it skips, with the reason, where one is missing."""
    return pytest.mark.fixture_files(*relatives)


def missing_reason(item: pytest.Item) -> str | None:
    """Why `item` cannot run here, if a fixture it is marked with is missing."""
    missing = [r for mark in item.iter_markers("fixture_files") for r in mark.args if not fixture(r).exists()]
    if not missing:
        return None
    return f"needs {', '.join(missing)} from ../shared/fixtures (no licence to ship it; see tests/fixtures/README.md)"


def available(*folders: str) -> list[Path]:
    """Every fixture file in these folders that this machine has, each once, the repository's copy first."""
    names = {
        path.relative_to(root).as_posix()
        for root in (SHIPPED, SHARED)
        for folder in folders
        for path in (root / folder).glob("*")
        if path.is_file() and path.suffix != ".md"
    }
    return [fixture(name) for name in sorted(names)]
