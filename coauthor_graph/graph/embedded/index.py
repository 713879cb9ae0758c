"""The embedded store's in-memory index, derived from the SQLite tables.

Holds what graph algorithms touch thousands of times per query: the COAUTHORED adjacency
(co-author and last year of each tie; `adjacency.py`), how many authors hold each topic (for
rarity), the author count and the newest paper year. Rebuilt on open; patched after each commit.
"""

from __future__ import annotations

import itertools
import json
import sqlite3

import numpy as np

from .adjacency import NO_YEAR, Adjacency, ties_by_author
from .writer import IndexDelta

_IDS = "SELECT value FROM json_each(?)"
_TOPIC_PAPERS = "SELECT ab.topic, count(*) FROM about ab"


class GraphIndex:
    def __init__(self) -> None:
        self.adjacency = Adjacency.from_ties(np.zeros((0, 3), dtype=np.int64))
        self.topic_authors: dict[int, int] = {}
        self.topic_papers: dict[int, int] = {}
        """Papers per topic key: the cost of expanding a topic in a topic-path search."""
        self.total_authors = 0
        self.reference_year: int | None = None

    @classmethod
    def build(cls, db: sqlite3.Connection) -> GraphIndex:
        index = cls()
        (pairs,) = db.execute("SELECT count(*) FROM coauthored").fetchone()
        ties = db.execute(f"SELECT a, b, coalesce(last_year, {NO_YEAR}) FROM coauthored")
        flat = np.fromiter(itertools.chain.from_iterable(ties), dtype=np.int64, count=3 * pairs)
        index.adjacency = Adjacency.from_ties(flat.reshape(-1, 3))
        index.topic_authors = dict(db.execute("SELECT topic, count(*) FROM author_topic GROUP BY topic"))
        index.topic_papers = dict(db.execute(_TOPIC_PAPERS + " GROUP BY ab.topic"))
        index._read_totals(db)
        return index

    def apply(self, db: sqlite3.Connection, delta: IndexDelta) -> GraphIndex:
        """The index after a commit: patched from the rows the commit touched, or rebuilt."""
        if delta.authors is None:
            return GraphIndex.build(db)
        touched = json.dumps(sorted(delta.authors))
        ties = itertools.chain(
            db.execute(f"SELECT a, b, last_year FROM coauthored WHERE a IN ({_IDS})", (touched,)),
            db.execute(f"SELECT a, b, last_year FROM coauthored WHERE b IN ({_IDS})", (touched,)),
        )
        self.adjacency.replace_rows(ties_by_author(ties, delta.authors))
        topics = json.dumps(sorted(delta.topics))
        self.topic_authors.update(
            db.execute(f"SELECT topic, count(*) FROM author_topic WHERE topic IN ({_IDS}) GROUP BY topic", (topics,))
        )
        self.topic_papers.update(db.execute(f"{_TOPIC_PAPERS} WHERE ab.topic IN ({_IDS}) GROUP BY ab.topic", (topics,)))
        self._read_totals(db)
        return self

    def _read_totals(self, db: sqlite3.Connection) -> None:
        (self.total_authors,) = db.execute("SELECT count(*) FROM author").fetchone()
        (self.reference_year,) = db.execute("SELECT max(year) FROM paper").fetchone()
