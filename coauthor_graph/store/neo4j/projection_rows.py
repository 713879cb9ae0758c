"""The Neo4j rows of the compute core's projection (`compute.projection.ProjectionRows`), page by page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from coauthor_graph.compute.projection import AuthorTies, PaperTies
from coauthor_graph.store.neo4j.queries import Statement
from coauthor_graph.store.neo4j.queries import projection as q
from coauthor_graph.store.neo4j.reading import Read

PAGE = 1_000
"""Nodes per round trip: one record, of a few hundred kilobytes unless a hub's ties make it more."""
PAGE_TIMEOUT_SECONDS = 300.0
"""How long one page may take: a page holding hubs of a million-paper graph took past the 10 s a
user's read may (their ties are the page's rows)."""


class Neo4jProjectionRows:
    def __init__(self, read: Read) -> None:
        self._read = read

    def authors(self) -> AsyncIterator[list[AuthorTies]]:
        return self._pages(q.AUTHOR_PAGE)

    def papers(self) -> AsyncIterator[list[PaperTies]]:
        return self._pages(q.PAPER_PAGE)

    async def _pages(self, statement: Statement) -> AsyncIterator[list[Any]]:
        after = ""
        while True:
            (record,) = await self._read(statement, after=after, page=PAGE)
            rows = record["rows"]
            if not rows:
                return
            yield rows
            after = rows[-1][0]
