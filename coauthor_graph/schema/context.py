"""What every resolver of one request sees: the store, that request's DataLoaders, its caller.

DataLoaders live for one request, so a query asking for the co-authors of 50 authors makes
one batched store call per kind of neighbourhood, not 50, and nothing is cached across
requests (a load between two requests is always visible to the second).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from strawberry.dataloader import DataLoader

from coauthor_graph.graph.model import (
    Authorship,
    Coauthorship,
    Node,
    PaperPage,
    RelatedTopic,
    Topic,
    TopicAuthor,
    TopicCount,
    TopicYear,
    VenueCount,
)
from coauthor_graph.graph.store import GraphStore, PaperKey

PageRequest = tuple[str, int, PaperKey | None]
"""(owner id, page size, keyset to start after)."""


class Loaders:
    """One DataLoader per batched read of the store port."""

    def __init__(self, store: GraphStore) -> None:
        self.nodes: DataLoader[str, Node | None] = DataLoader(store.get_many)
        self.paper_pages: DataLoader[PageRequest, PaperPage] = DataLoader(self._paper_pages)
        self.authors: DataLoader[str, list[Authorship]] = DataLoader(store.authors_of)
        self.coauthors: DataLoader[str, list[Coauthorship]] = DataLoader(
            partial(store.coauthors_of, with_joint_papers=False)
        )
        self.coauthors_with_papers: DataLoader[str, list[Coauthorship]] = DataLoader(store.coauthors_of)
        self.topics: DataLoader[str, list[TopicCount]] = DataLoader(store.topics_of)
        self.venues: DataLoader[str, list[VenueCount]] = DataLoader(store.venues_of)
        self.broader: DataLoader[str, list[Topic]] = DataLoader(store.broader_of)
        self.narrower: DataLoader[str, list[Topic]] = DataLoader(store.narrower_of)
        self.trajectories: DataLoader[str, list[TopicYear]] = DataLoader(store.topic_trajectories_of)
        self._store = store
        self._top_k: dict[tuple[str, int], DataLoader[str, Any]] = {}

    async def _paper_pages(self, requests: list[PageRequest]) -> list[PaperPage]:
        """One store call per distinct (first, after): siblings asking for the same page batch."""
        asked: dict[tuple[int, PaperKey | None], list[int]] = defaultdict(list)
        for i, (_, first, after) in enumerate(requests):
            asked[first, after].append(i)
        pages: list[PaperPage] = [PaperPage(papers=(), has_more=False, total=0)] * len(requests)
        for (first, after), indexes in asked.items():
            found = await self._store.paper_pages_of([requests[i][0] for i in indexes], first, after)
            for i, page in zip(indexes, found, strict=True):
                pages[i] = page
        return pages

    def top_authors(self, limit: int) -> DataLoader[str, list[TopicAuthor]]:
        """Top-k loaders, one per k asked for in the request (siblings share a k, so they batch)."""
        return self._top_k_loader("top_authors", limit, self._store.top_authors_of)

    def related_topics(self, limit: int) -> DataLoader[str, list[RelatedTopic]]:
        return self._top_k_loader("related_topics", limit, self._store.related_topics_of)

    def _top_k_loader(self, name: str, limit: int, read: Callable[..., Awaitable[list[Any]]]) -> DataLoader[str, Any]:
        key = (name, limit)
        if key not in self._top_k:
            self._top_k[key] = DataLoader(partial(read, limit=limit))
        return self._top_k[key]


@dataclass
class Context:
    store: GraphStore
    api_key: str | None = None
    """The key the server was configured with; None disables the mutation."""
    bearer_token: str | None = None
    """The token the caller sent in `Authorization: Bearer ...`, if any."""
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.store)
