"""Reading statements in auto-commit queries, and the batched reads by owner id."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from coauthor_graph.store.neo4j.queries import Statement


class Read(Protocol):
    def __call__(self, statement: Statement, **parameters: Any) -> Awaitable[list[Any]]: ...


def check_parameters(statement: Statement, parameters: dict[str, Any]) -> None:
    if set(parameters) != set(statement.parameters):
        raise ValueError(f"statement takes {statement.parameters}, was given {tuple(sorted(parameters))}")


async def grouped(
    read: Read, statements: dict[str, Statement], ids: Sequence[str], convert: Callable[[Any], Any], **parameters: Any
) -> list[list[Any]]:
    """Run each kind's statement for the ids of that kind; rows carry their `owner` id."""
    groups: dict[str, list[Any]] = {node_id: [] for node_id in ids}
    for kind, statement in statements.items():
        wanted = [node_id for node_id in groups if node_id.startswith(f"{kind}:")]
        if wanted:
            for row in await read(statement, ids=wanted, **parameters):
                groups[row["owner"]].append(convert(row))
    return [groups[node_id] for node_id in ids]
