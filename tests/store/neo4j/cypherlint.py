"""Neo4j's Cypher parser, run from the test suite: installs itself with npm on first use."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from coauthor_graph.store.neo4j.queries import Statement
from tests import npm

LINT_DIR = Path(__file__).resolve().parent / "cypher_lint"
PACKAGE = "@neo4j-cypher/language-support"

# The graph the statements run against, so the linter can tell a typo from a real name.
GRAPH_SCHEMA = {
    "labels": [
        "Author",
        "Paper",
        "Topic",
        "Venue",
        "MergedAuthor",
        "CurationDecision",
        "ServedWeights",
        "StoreMigration",
        "GraphVersion",
    ],
    "relationshipTypes": ["AUTHORED", "ABOUT", "PUBLISHED_IN", "BROADER", "COAUTHORED", "WORKS_ON", "MERGED_INTO"],
}


def ensure_installed() -> None:
    """Only pre-releases of the parser are published, hence @latest."""
    npm.ensure_installed(LINT_DIR, PACKAGE)


def lint(statements: dict[str, Statement]) -> dict[str, list[list]]:
    """Diagnostics per statement name: [[severity, message], ...]; empty lists mean clean."""
    ensure_installed()
    payload = {
        "schema": GRAPH_SCHEMA,
        "statements": [
            {"name": name, "cypher": statement.cypher, "parameters": list(statement.parameters)}
            for name, statement in statements.items()
        ],
    }
    result = subprocess.run(
        ["node", "lint.mjs"], cwd=LINT_DIR, input=json.dumps(payload), capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)
