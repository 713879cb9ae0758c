"""Shared fixtures: real files, real stores on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coauthor_graph.loaders.registry import LoadOptions, records_from

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sample-profile-chengkai-huang.txt"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_bd92d43609e38312.txt"
DATA = Path(__file__).resolve().parent / "data"
SEED_AS_OF = dt.date(2026, 11, 23)


@pytest.fixture
def seed_records():
    return list(records_from(SEED, LoadOptions(as_of=SEED_AS_OF)))


def records_of(path: Path, as_of: dt.date = SEED_AS_OF):
    return list(records_from(path, LoadOptions(as_of=as_of)))
