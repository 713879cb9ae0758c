"""Every Cypher statement the Neo4j adapter sends, as named constants, one module per concern.

Statements take parameters only, never text built from input, and use constructs that run on
Neo4j 5 and, where one does the job equally well, also on 4.4. `tests/test_cypher_lint.py`
checks each one with Neo4j's own parser.
"""

from __future__ import annotations

from dataclasses import dataclass

from coauthor_graph.domain.hyperauthorship import MAX_PAIRED_AUTHORS


@dataclass(frozen=True, slots=True)
class Statement:
    """A Cypher statement with the parameters it takes: the adapter sends exactly these, the lint declares them."""

    cypher: str
    parameters: tuple[str, ...] = ()


def paired(paper: str) -> str:
    """The condition that the paper bound to `paper` makes its authors co-authors (`domain.hyperauthorship`),
    as `store.embedded.sql.PAIRED` says it in SQL; a node's degree, so no expansion."""
    return f"COUNT {{ ({paper})<-[:AUTHORED]-() }} <= {MAX_PAIRED_AUTHORS}"
