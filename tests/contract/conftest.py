"""The contract suite runs once per available store, with the same expected answers.

Each store factory opens a real, empty store. The embedded store is always available;
the Neo4j adapter joins this list when it exists, and is skipped without NEO4J_URI.
"""

from __future__ import annotations

import pytest

from coauthor_graph.graph.embedded.store import EmbeddedStore


@pytest.fixture(params=["embedded"])
async def store(request, tmp_path):
    opened = EmbeddedStore(tmp_path / "contract.sqlite")
    yield opened
    await opened.close()
