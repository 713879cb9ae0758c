"""Shared fixtures: real files, real stores on disk."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

import pytest

from coauthor_graph.loaders.registry import LoadOptions, records_from
from tests.fixture_files import missing_reason

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sample-profile-chengkai-huang.txt"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_bd92d43609e38312.txt"
DATA = Path(__file__).resolve().parent / "data"
SEED_AS_OF = dt.date(2026, 11, 23)
START_NEO4J_ENV = "COAUTHOR_GRAPH_TEST_NEO4J"


def pytest_configure(config: pytest.Config) -> None:
    """With COAUTHOR_GRAPH_TEST_NEO4J=start (what `scripts/test` sets) and no NEO4J_URI of the caller's,
    start a Neo4j server for the session, so the Neo4j tests run instead of skipping."""
    if os.environ.get(START_NEO4J_ENV) != "start" or os.environ.get("NEO4J_URI"):
        return
    from coauthor_graph.store.neo4j.local_server import Neo4jServerError, running_server

    stack = contextlib.ExitStack()
    try:
        uri = stack.enter_context(running_server())
    except Neo4jServerError as error:
        raise pytest.UsageError(f"{START_NEO4J_ENV}=start, but Neo4j did not start: {error}") from None
    config.add_cleanup(stack.close)
    os.environ.update(NEO4J_URI=uri, COAUTHOR_GRAPH_TEST_NEO4J_MAY_CLEAR="yes")


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = missing_reason(item)
    if reason:
        pytest.skip(reason)


@pytest.fixture
def seed_records():
    return list(records_from(SEED, LoadOptions(as_of=SEED_AS_OF)))


def write_broken_load(path: Path) -> Path:
    """A JSON Lines file whose first two records are fine (one names a new person, one joins the seed's
    owner to another) and whose third breaks at line 3: a load of it must land nothing."""
    path.write_text(
        '{"title": "A fine paper", "authors": ["New Person"], "year": 2020}\n'
        '{"title": "Another", "authors": ["Chengkai Huang", "Other Person"], "year": 2021}\n'
        '{"title": "Broken", "authors": \n',
        encoding="utf-8",
    )
    return path


def records_of(path: Path, as_of: dt.date = SEED_AS_OF):
    return list(records_from(path, LoadOptions(as_of=as_of)))
