"""`store.port.CandidateSource` over the embedded store's author keys: the facts from the index
(`compute.candidates`), the names, views and shared topics from the tables."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Any

import numpy as np

from coauthor_graph.compute.candidates import gather
from coauthor_graph.compute.two_hop import Neighbourhood
from coauthor_graph.domain.views import Author, Topic, VenueCount
from coauthor_graph.recommend import scoring
from coauthor_graph.recommend.features import CandidateFacts
from coauthor_graph.store.embedded import rows
from coauthor_graph.store.embedded.index import GraphIndex
from coauthor_graph.store.embedded.sql import IDS
from coauthor_graph.store.port import SharedFacts


class EmbeddedCandidates:
    """`store.port.CandidateSource` over author keys. Each fact is read by `run` (on the store's read
    thread), while that thread holds the store's lock for the whole recommendation: one state of the
    tables and of the index."""

    def __init__(
        self,
        run: Callable[[Callable[[], Any]], Awaitable[Any]],
        db: sqlite3.Connection,
        index: GraphIndex,
        author: int,
        key_of: Callable[[str, str], int],
        venues_of: Callable[[Sequence[str]], list[list[VenueCount]]],
    ) -> None:
        self._run = run
        self._db = db
        self._index = index
        self._author = author
        self._key_of = key_of
        self._venues_of = venues_of
        self._near: Neighbourhood | None = None

    async def pool(self, topic_id: str | None) -> tuple[np.ndarray, CandidateFacts]:
        return await self._run(lambda: self._pool(topic_id))

    async def names(self, keys: Sequence[int]) -> dict[int, tuple[str, str]]:
        return await self._run(lambda: self._names(keys))

    async def shared(self, keys: Sequence[int]) -> SharedFacts[int]:
        return await self._run(lambda: self._shared(keys))

    async def authors(self, keys: Collection[int]) -> dict[int, Author]:
        return await self._run(lambda: rows.views_by_key(self._db, "author", keys))

    async def topics(self, keys: Collection[int]) -> dict[int, Topic]:
        return await self._run(lambda: rows.views_by_key(self._db, "topic", keys))

    async def venues_of(self, author_ids: Sequence[str]) -> list[list[VenueCount]]:
        return await self._run(lambda: self._venues_of(author_ids))

    def _pool(self, topic_id: str | None) -> tuple[np.ndarray, CandidateFacts]:
        allowed = None
        if topic_id is not None:
            on_topic = self._db.execute(
                "SELECT author FROM author_topic WHERE topic = ?", (self._key_of("topic", topic_id),)
            )
            allowed = [c for (c,) in on_topic]
        index = self._index
        pool, facts, self._near = gather(
            index.adjacency, index.reference_year, index.profiles(self._db), self._author, allowed
        )
        return pool, facts

    def _names(self, keys: Sequence[int]) -> dict[int, tuple[str, str]]:
        found = self._db.execute(f"SELECT n, name, id FROM author WHERE n IN ({IDS})", (json.dumps(list(keys)),))
        return {n: (name, node_id) for n, name, node_id in found}

    def _shared(self, keys: Sequence[int]) -> SharedFacts[int]:
        assert self._near is not None, "pool() first"
        index = self._index
        rarity = {
            t: scoring.topic_rarity(index.topic_authors.get(t, 1), index.total_authors)
            for (t,) in self._db.execute("SELECT topic FROM author_topic WHERE author = ?", (self._author,))
        }
        topics: dict[int, list[int]] = {c: [] for c in keys}
        for c, t in self._db.execute(  # no ORDER BY: SQLite would then walk the topic index whole
            f"SELECT author, topic FROM author_topic WHERE author IN ({IDS}) AND topic IN ({IDS})",
            (json.dumps(list(keys)), json.dumps(sorted(rarity))),
        ):
            topics[c].append(t)
        return SharedFacts(
            coauthors={c: self._near.shared_coauthors(c) for c in keys},
            topics={c: sorted(found) for c, found in topics.items()},
            rarity=rarity,
        )
