"""The embedded store's in-memory index, derived from the SQLite tables.

Holds what graph algorithms touch thousands of times per query: the COAUTHORED adjacency
(neighbour -> last year of the tie), how many authors hold each topic (for rarity), the
author count and the newest paper year. Rebuilt on open; patched after each commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from .writer import IndexDelta


class GraphIndex:
    def __init__(self) -> None:
        self.neighbours: dict[int, dict[int, int | None]] = {}
        self.topic_authors: dict[int, int] = {}
        self.total_authors = 0
        self.reference_year: int | None = None

    @classmethod
    def build(cls, db: sqlite3.Connection) -> GraphIndex:
        index = cls()
        index._add_pairs(db.execute("SELECT a, b, last_year FROM coauthored"))
        index.topic_authors = dict(db.execute("SELECT topic, count(*) FROM author_topic GROUP BY topic"))
        index._read_totals(db)
        return index

    def apply(self, db: sqlite3.Connection, delta: IndexDelta) -> GraphIndex:
        """The index after a commit: patched from the rows the commit touched, or rebuilt."""
        if delta.pairs is None:
            return GraphIndex.build(db)
        for pair in delta.pairs:
            self._add_pairs(db.execute("SELECT a, b, last_year FROM coauthored WHERE a = ? AND b = ?", pair))
        for topic in delta.topics:
            (count,) = db.execute("SELECT count(*) FROM author_topic WHERE topic = ?", (topic,)).fetchone()
            self.topic_authors[topic] = count
        self._read_totals(db)
        return self

    def _add_pairs(self, rows: Iterable[tuple[int, int, int | None]]) -> None:
        neighbours = self.neighbours
        for a, b, last_year in rows:
            neighbours.setdefault(a, {})[b] = last_year
            neighbours.setdefault(b, {})[a] = last_year

    def _read_totals(self, db: sqlite3.Connection) -> None:
        (self.total_authors,) = db.execute("SELECT count(*) FROM author").fetchone()
        (self.reference_year,) = db.execute("SELECT max(year) FROM paper").fetchone()

    def degree(self, author: int) -> int:
        return len(self.neighbours.get(author, ()))
