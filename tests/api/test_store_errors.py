"""A store that cannot answer says so, naming itself, through GraphQL and REST: never "Unexpected error."."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from tests.api.conftest import start_server, stop
from tests.conftest import SEED, SEED_AS_OF, START_NEO4J_ENV

pytestmark = pytest.mark.skipif(
    os.environ.get(START_NEO4J_ENV) != "start",
    reason="needs the Neo4j server jars, to stop a server under a running API (scripts/test has them)",
)

HUANG = "author:chengkai-huang"


@pytest.mark.slow
def test_a_neo4j_server_that_stops_is_named_in_each_answer(tmp_path):
    from coauthor_graph.store.neo4j.local_server import running_server

    with running_server() as uri:
        subprocess.run(
            [sys.executable, "-m", "coauthor_graph.api.cli", "--store", uri, "load", str(SEED)]
            + ["--as-of", SEED_AS_OF.isoformat()],
            check=True,
            capture_output=True,
        )
        server = start_server(uri, None, "--time-limit", "60", log_folder=tmp_path, NEO4J_READ_TIMEOUT="2")
        assert server.data(f'{{ author(id: "{HUANG}") {{ name }} }}') == {"author": {"name": "Chengkai Huang"}}
    try:  # the server has stopped
        (error,) = server.graphql(f'{{ author(id: "{HUANG}") {{ name }} }}')["errors"]
        assert error["extensions"] == {"code": "STORE_UNAVAILABLE"}
        assert error["message"].startswith(f"Neo4j at {uri} does not answer")
        rest = httpx.get(f"{server.url}/api/authors/{HUANG}/collaborator-recommendations", timeout=60)
        assert rest.status_code == 503
        assert rest.json()["detail"].startswith(f"Neo4j at {uri} does not answer")
        assert httpx.get(f"{server.url}/ready", timeout=60).status_code == 503
    finally:
        stop(server)
