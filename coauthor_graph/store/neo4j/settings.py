"""Connection settings for the Neo4j store, from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_BATCH_SIZE = 2_000
DEFAULT_READ_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class Neo4jSettings:
    uri: str
    user: str = "neo4j"
    password: str = ""
    database: str = "neo4j"
    batch_size: int = DEFAULT_BATCH_SIZE
    read_timeout: float = DEFAULT_READ_TIMEOUT_SECONDS
    """Seconds the server may spend on one read before it aborts it (a transaction timeout):
    a query the API has given up on must not keep running on the database."""
    commit_every_batch: bool = False
    """Commit each batch in its own managed, retried transaction: for imports too large for one
    transaction. A failure then keeps the batches before it (loads are idempotent: rerun it)."""

    @classmethod
    def from_environment(cls, uri: str | None = None) -> Neo4jSettings:
        """NEO4J_URI, _USER, _PASSWORD, _DATABASE, _BATCH_SIZE, _READ_TIMEOUT, _COMMIT_EVERY_BATCH."""
        return cls(
            uri=uri or os.environ.get("NEO4J_URI", "neo4j://localhost:7687"),
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE", "neo4j"),
            batch_size=int(os.environ.get("NEO4J_BATCH_SIZE", DEFAULT_BATCH_SIZE)),
            read_timeout=float(os.environ.get("NEO4J_READ_TIMEOUT", DEFAULT_READ_TIMEOUT_SECONDS)),
            commit_every_batch=os.environ.get("NEO4J_COMMIT_EVERY_BATCH", "").lower() in ("1", "true", "yes"),
        )

    def __repr__(self) -> str:  # never show the password
        return f"Neo4jSettings(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"
