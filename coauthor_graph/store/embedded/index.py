"""The embedded store's in-memory index, derived from the SQLite tables.

Holds what graph algorithms touch thousands of times per query: the COAUTHORED adjacency
(co-author and last year of each tie; `adjacency.py`), how many authors hold each topic (for
rarity), the author count and the newest paper year, and, from the first topic path on, the
topic graph, and from the first recommendation on, the authors' profiles (`profiles.py`).
Rebuilt on open; patched after each commit.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from dataclasses import dataclass, field

import numpy as np

from coauthor_graph.store.embedded import topic_graph
from coauthor_graph.store.embedded.adjacency import NO_YEAR, Adjacency, ties_by_node
from coauthor_graph.store.embedded.profiles import AuthorProfiles
from coauthor_graph.store.embedded.sql import IDS


@dataclass(slots=True)
class IndexDelta:
    """What the in-memory index must re-read after commit; None means rebuild it whole."""

    authors: set[int] | None = field(default_factory=set)
    topics: set[int] = field(default_factory=set)
    papers: set[int] | None = field(default_factory=set)
    """Papers that gained AUTHORED or ABOUT edges; None when too many to patch the topic graph with."""
    profile_papers: set[int] | None = field(default_factory=set)
    """Papers that are new or changed their title, year, authors or venue; None when too many to patch
    the author profiles with."""


class GraphIndex:
    def __init__(self) -> None:
        self.adjacency = Adjacency.from_ties(np.zeros((0, 3), dtype=np.int64))
        self.topic_authors: dict[int, int] = {}
        self._topic_graph: Adjacency | None = None  # built on the first topic path
        self._profiles: AuthorProfiles | None = None  # built on the first recommendation
        self.total_authors = 0
        self.reference_year: int | None = None

    @classmethod
    def build(cls, db: sqlite3.Connection) -> GraphIndex:
        index = cls()
        (pairs,) = db.execute("SELECT count(*) FROM coauthored").fetchone()
        ties = db.execute(f"SELECT a, b, coalesce(last_year, {NO_YEAR}) FROM coauthored")
        index.adjacency = Adjacency.from_rows(ties, pairs)
        index.topic_authors = dict(db.execute("SELECT topic, count(*) FROM author_topic GROUP BY topic"))
        index._read_totals(db)
        return index

    def apply(self, db: sqlite3.Connection, delta: IndexDelta) -> GraphIndex:
        """The index after a commit: patched from the rows the commit touched, or rebuilt."""
        if delta.authors is None:
            return GraphIndex.build(db)
        if self._profiles is not None and (
            delta.profile_papers is None or not self._profiles.patch(db, delta.profile_papers)
        ):
            self._profiles = None  # rebuilt when next needed
        touched = json.dumps(sorted(delta.authors))
        ties = itertools.chain(
            db.execute(f"SELECT a, b, last_year FROM coauthored WHERE a IN ({IDS})", (touched,)),
            db.execute(f"SELECT a, b, last_year FROM coauthored WHERE b IN ({IDS})", (touched,)),
        )
        self.adjacency.replace_rows(ties_by_node(ties, delta.authors))
        topics = json.dumps(sorted(delta.topics))
        self.topic_authors.update(
            db.execute(f"SELECT topic, count(*) FROM author_topic WHERE topic IN ({IDS}) GROUP BY topic", (topics,))
        )
        if delta.papers is None:
            self._topic_graph = None  # rebuilt when next needed
        elif self._topic_graph is not None and delta.papers:
            topic_graph.patch(self._topic_graph, db, delta.papers)
        self._read_totals(db)
        return self

    def topic_graph(self, db: sqlite3.Connection) -> Adjacency:
        """Authors, papers and topics joined by AUTHORED and ABOUT (nodes as in `topic_graph`)."""
        if self._topic_graph is None:
            self._topic_graph = topic_graph.build(db)
        return self._topic_graph

    def profiles(self, db: sqlite3.Connection) -> AuthorProfiles:
        """Authors' title terms, venues, papers and newest years (`profiles`)."""
        if self._profiles is None:
            self._profiles = AuthorProfiles.read(db)
        return self._profiles

    def _read_totals(self, db: sqlite3.Connection) -> None:
        (self.total_authors,) = db.execute("SELECT count(*) FROM author").fetchone()
        (self.reference_year,) = db.execute("SELECT max(year) FROM paper").fetchone()
