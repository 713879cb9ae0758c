"""`store.port.CandidateSource` over a projection (`compute.projection`): the pool and its facts, the
shared co-authors and topics are computed in memory; only the views of the few people and topics a
recommendation names are read from the store."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

import numpy as np

from coauthor_graph.compute.candidates import gather
from coauthor_graph.compute.projection import Projection
from coauthor_graph.compute.two_hop import Neighbourhood
from coauthor_graph.domain.errors import NotFoundError
from coauthor_graph.domain.views import Author, Topic, Venue, VenueCount
from coauthor_graph.recommend import scoring
from coauthor_graph.recommend.features import CandidateFacts
from coauthor_graph.store.port import SharedFacts


class NodeViews(Protocol):
    """The store's views by id (unknown ids are left out)."""

    async def authors(self, ids: Sequence[str]) -> Mapping[str, Author]: ...

    async def topics(self, ids: Sequence[str]) -> Mapping[str, Topic]: ...

    async def venues(self, ids: Sequence[str]) -> Mapping[str, Venue]: ...


class ProjectedCandidates:
    """One author's candidates, keyed by the projection's author keys."""

    def __init__(self, projection: Projection, author: int, views: NodeViews) -> None:
        self._projection = projection
        self._author = author
        self._views = views
        self._near: Neighbourhood | None = None

    async def pool(self, topic_id: str | None) -> tuple[np.ndarray, CandidateFacts]:
        projection = self._projection
        allowed = None
        if topic_id is not None:
            if not await self._views.topics([topic_id]):
                raise NotFoundError(f"no Topic with id {topic_id!r}")
            topic = projection.topics.get(topic_id)
            allowed = [] if topic is None else projection.authors_on(topic).tolist()
        pool, facts, self._near = await asyncio.to_thread(
            gather, projection.adjacency, projection.reference_year, projection.profiles, self._author, allowed
        )
        return pool, facts

    async def names(self, keys: Sequence[int]) -> dict[int, tuple[str, str]]:
        return {key: (author.name, author.id) for key, author in (await self.authors(keys)).items()}

    async def shared(self, keys: Sequence[int]) -> SharedFacts[int]:
        assert self._near is not None, "pool() first"
        projection = self._projection
        own = projection.topics_of(self._author)
        rarity = {
            t: scoring.topic_rarity(projection.topic_authors(t) or 1, projection.total_authors) for t in own.tolist()
        }
        return SharedFacts(
            coauthors={c: self._near.shared_coauthors(c) for c in keys},
            topics={c: np.intersect1d(projection.topics_of(c), own).tolist() for c in keys},
            rarity=rarity,
        )

    async def authors(self, keys: Collection[int]) -> dict[int, Author]:
        ids = self._projection.authors.ids
        found = await self._views.authors([ids[key] for key in keys])
        return {key: found[ids[key]] for key in keys if ids[key] in found}

    async def topics(self, keys: Collection[int]) -> dict[int, Topic]:
        ids = self._projection.topics.ids
        found = await self._views.topics([ids[key] for key in keys])
        return {key: found[ids[key]] for key in keys if ids[key] in found}

    async def venues_of(self, author_ids: Sequence[str]) -> list[list[VenueCount]]:
        """From the profiles' venue tallies: only the venues' views are read."""
        projection = self._projection
        counted = []
        for author_id in author_ids:
            key = projection.authors.get(author_id)
            venues, papers = projection.profiles.venue_counts(key) if key is not None else ((), ())
            counted.append([(projection.venues.ids[v], int(n)) for v, n in zip(venues, papers, strict=True)])
        found = await self._views.venues(sorted({venue for pairs in counted for venue, _ in pairs}))
        return [
            sorted((VenueCount(found[venue], papers) for venue, papers in pairs), key=lambda v: (-v.papers, v.venue.id))
            for pairs in counted
        ]
