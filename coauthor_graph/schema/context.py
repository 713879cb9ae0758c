"""What every resolver of one request sees: the store, that request's DataLoaders, its caller.

DataLoaders live for one request, so a query asking for the co-authors of 50 authors makes
one batched store call per kind of neighbourhood, not 50, and nothing is cached across
requests (a load between two requests is always visible to the second).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from strawberry.dataloader import DataLoader

from coauthor_graph.domain.views import (
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
from coauthor_graph.store.port import GraphStore, PaperKey


class Loaders:
    """One DataLoader per batched read of the store port."""

    def __init__(self, store: GraphStore) -> None:
        self.nodes: DataLoader[str, Node | None] = DataLoader(store.get_many)
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
        self._with_arguments: dict[tuple[Any, ...], DataLoader[str, Any]] = {}

    # Reads that take arguments besides the ids get a loader per argument set: siblings asking
    # for the same page or the same k share it, so they batch.

    def paper_pages(self, first: int, after: PaperKey | None) -> DataLoader[str, PaperPage]:
        return self._loader_with("paper_pages_of", first=first, after=after)

    def top_authors(self, limit: int) -> DataLoader[str, list[TopicAuthor]]:
        return self._loader_with("top_authors_of", limit=limit)

    def related_topics(self, limit: int) -> DataLoader[str, list[RelatedTopic]]:
        return self._loader_with("related_topics_of", limit=limit)

    def _loader_with(self, read: str, **arguments: Any) -> DataLoader[str, Any]:
        """The request's loader for the port method `read` called with these arguments."""
        key = (read, *arguments.items())
        if key not in self._with_arguments:
            self._with_arguments[key] = DataLoader(partial(getattr(self._store, read), **arguments))
        return self._with_arguments[key]


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
