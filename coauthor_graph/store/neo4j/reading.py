"""Reading statements: in auto-commit queries, or all inside one read transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from coauthor_graph.store.neo4j.queries import Statement


class Read(Protocol):
    def __call__(self, statement: Statement, **parameters: Any) -> Awaitable[list[Any]]: ...


def check_parameters(statement: Statement, parameters: dict[str, Any]) -> None:
    if set(parameters) != set(statement.parameters):
        raise ValueError(f"statement takes {statement.parameters}, was given {tuple(sorted(parameters))}")


def transaction_reader(transaction: Any) -> Read:
    """A Read inside an open transaction: every statement sees the transaction's state of the graph."""

    async def read(statement: Statement, **parameters: Any) -> list[Any]:
        check_parameters(statement, parameters)
        result = await transaction.run(statement.cypher, parameters)
        return [record async for record in result]

    return read


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
