"""The service's settings: which store to open, the API key, the time limit; from options or the environment."""

from __future__ import annotations

import os

STORE_ENV = "COAUTHOR_GRAPH_STORE"
API_KEY_ENV = "COAUTHOR_GRAPH_API_KEY"
"""Enables the loadPapers mutation; callers send it as `Authorization: Bearer <key>`."""
TIME_LIMIT_SECONDS = 10.0
"""How long a GraphQL request may run, unless `serve --time-limit` says otherwise."""
DEFAULT_STORE = "coauthor-graph.sqlite"


def store_spec(option: str | None) -> str:
    """The option wins, then COAUTHOR_GRAPH_STORE, then a file in the working directory."""
    return option or os.environ.get(STORE_ENV) or DEFAULT_STORE
