"""The CLI on Neo4j, as a user runs it: the server's notifications (properties no node has yet on an
empty database, nulls left out of an aggregation) are logged at debug, never printed on stderr."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import SEED
from tests.store.contract.conftest import _empty_neo4j

pytestmark = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set: no Neo4j server")


@pytest.mark.slow
async def test_no_command_prints_a_server_notification():
    store = await _empty_neo4j()  # an empty database: the case that draws the most notifications
    await store._driver.execute_query("MATCH (m:StoreMigration) DELETE m")  # and a first start's set-up
    await store.close()
    commands = [
        ["load", str(SEED), "--as-of", "2026-11-23"],
        ["coauthors", "Chengkai Huang"],
        ["path", "Yuhang Yao", "Zhiqiang Liu"],
        ["search", "topics", "learning"],
        ["stats"],
    ]
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "coauthor_graph.api.cli", "--store", os.environ["NEO4J_URI"], *command],
            capture_output=True,
            text=True,
        )
        assert (command, done.returncode, done.stderr) == (command, 0, "")
        assert done.stdout
