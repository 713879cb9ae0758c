"""GraphQL over HTTP: graphql-http's own server audit, run against the live server.

Every audit must come back "ok": the MUSTs, and the SHOULDs too (no warnings), including
the `application/graphql-response+json` ones strawberry alone does not pass.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import httpx

from tests import npm

AUDIT_DIR = Path(__file__).resolve().parent.parent / "graphql_audit"


def audit(url: str) -> list[dict]:
    npm.ensure_installed(AUDIT_DIR, "graphql-http")
    result = subprocess.run(
        ["node", "audit.mjs", url], cwd=AUDIT_DIR, capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(result.stdout)


def test_the_server_passes_every_must_and_should(seeded_server):
    results = audit(f"{seeded_server.url}/graphql")
    assert len(results) >= 60  # the audit ran in full
    assert [r for r in results if r["status"] != "ok"] == []
    assert sum(r["name"].startswith("SHOULD") for r in results) >= 20


def test_request_errors_get_400_and_no_data_with_the_new_media_type(seeded_server):
    accept = {"accept": "application/graphql-response+json"}
    broken = seeded_server.post("{ stats { authors ", **accept)
    assert broken.status_code == 400 and broken.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" not in broken.json() and "Syntax Error" in broken.json()["errors"][0]["message"]
    invalid = seeded_server.post("{ stats { nonsense } }", **accept)
    assert invalid.status_code == 400 and "data" not in invalid.json()
    # A resolver's error is an execution error: 200, with data.
    executed = seeded_server.post('{ author(id: "author:x", name: "y") { id } }', **accept)
    assert executed.status_code == 200 and executed.json()["data"] == {"author": None}
    # Legacy clients asking for application/json keep status 200.
    legacy = seeded_server.post("{ stats { nonsense } }", accept="application/json")
    assert legacy.status_code == 200 and legacy.headers["content-type"].startswith("application/json")


def test_get_queries_and_graphiql(seeded_server):
    answer = httpx.get(f"{seeded_server.url}/graphql", params={"query": "{ stats { papers } }"})
    assert answer.json() == {"data": {"stats": {"papers": 22}}}
    page = httpx.get(f"{seeded_server.url}/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    mutation_by_get = httpx.get(
        f"{seeded_server.url}/graphql", params={"query": 'mutation { loadPapers(content: "") { records } }'}
    )
    assert mutation_by_get.status_code == 405
