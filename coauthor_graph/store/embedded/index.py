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

from coauthor_graph.compute.adjacency import NO_YEAR, Adjacency, as_array, ties_by_node
from coauthor_graph.compute.profiles import AuthorProfiles, ProfileChange
from coauthor_graph.store.embedded import topic_graph
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
            delta.profile_papers is None or not self._profiles.patch(_profile_change(db, delta.profile_papers))
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
            self._profiles = _read_profiles(db)
        return self._profiles

    def _read_totals(self, db: sqlite3.Connection) -> None:
        (self.total_authors,) = db.execute("SELECT count(*) FROM author").fetchone()
        (self.reference_year,) = db.execute("SELECT max(year) FROM paper").fetchone()


_SIZES = (
    "SELECT (SELECT coalesce(max(n), 0) + 1 FROM author), (SELECT coalesce(max(n), 0) + 1 FROM paper),"
    " (SELECT coalesce(max(n), 0) + 1 FROM venue)"
)
"""One more than the largest author, paper and venue key."""


def _read_profiles(db: sqlite3.Connection) -> AuthorProfiles:
    """The profiles of everything in the store."""
    (sizes,) = db.execute(_SIZES)
    (rows,) = db.execute("SELECT count(*) FROM authored").fetchone()
    authored = as_array(db.execute("SELECT author, paper FROM authored"), rows, width=2)
    (rows,) = db.execute("SELECT count(*) FROM author_venue").fetchone()
    tally = as_array(db.execute("SELECT author, venue, papers FROM author_venue"), rows, width=3)
    return AuthorProfiles(db.execute("SELECT n, title, year FROM paper"), sizes, authored, tally)


def _profile_change(db: sqlite3.Connection, papers: set[int]) -> ProfileChange:
    """What a commit did to these papers, read back from the tables."""
    touched = json.dumps(sorted(papers))
    authors_of_papers: dict[int, list[int]] = {}
    for paper, author in db.execute(f"SELECT paper, author FROM authored WHERE paper IN ({IDS})", (touched,)):
        authors_of_papers.setdefault(paper, []).append(author)
    (sizes,) = db.execute(_SIZES)
    (total_papers,) = db.execute("SELECT count(*) FROM paper").fetchone()
    return ProfileChange(
        papers=db.execute(f"SELECT n, title, year FROM paper WHERE n IN ({IDS})", (touched,)).fetchall(),
        authors_of_papers=authors_of_papers,
        sizes=sizes,
        total_papers=total_papers,
        last_years=lambda authors: db.execute(
            "SELECT a.author, max(p.year) FROM authored a JOIN paper p ON p.n = a.paper"
            f" WHERE a.author IN ({IDS}) GROUP BY a.author",
            (json.dumps(sorted(authors)),),
        ),
        venue_tallies=lambda authors: db.execute(
            f"SELECT author, venue, papers FROM author_venue WHERE author IN ({IDS}) ORDER BY author, venue",
            (json.dumps(authors),),
        ),
    )
