"""A store's graph projected into memory for the whole-graph questions, from rows any store can read.

A store whose own keys are not dense integers (Neo4j's are string ids) reads each author once
with its outgoing ties (`AuthorTies`) and each paper once with its topics and venue
(`PaperTies`); `build` interns the ids into dense keys per kind and fills the same arrays the
embedded store's index holds: the co-author `Adjacency`, the topic graph, the authors'
profiles, and the author-topic tallies. The questions are then answered here once
(`Projection.collaboration_path`, `Projection.topic_path`, `compute.projected_candidates`), whatever
store the rows came from.

Pinterest's Pixie and Twitter's GraphJet serve graph recommendations the same way: an
in-memory graph fed from the store of record. `docs/compute-core.md` has the measurements.
"""

from __future__ import annotations

import asyncio
from array import array
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from scipy import sparse

from coauthor_graph.compute import shortest_paths, topic_graph
from coauthor_graph.compute.adjacency import NO_YEAR, Adjacency
from coauthor_graph.compute.interned import Interned
from coauthor_graph.compute.profiles import AuthorProfiles

AuthorTies = tuple[str, Sequence[Sequence[object]], Sequence[str], Sequence[Sequence[object]]]
"""(author id, [(co-author id with a larger id, last year)], [paper id], [(topic id, papers on it)])."""
PaperTies = tuple[str, str, int | None, Sequence[str], Sequence[str]]
"""(paper id, title, year, [topic id], [venue id])."""


class ProjectionRows(Protocol):
    """What a store reads for a projection, in batches (a batch is one round trip for a server)."""

    def authors(self) -> AsyncIterator[list[AuthorTies]]: ...

    def papers(self) -> AsyncIterator[list[PaperTies]]: ...


@dataclass
class Projection:
    """The in-memory graph of one state of a store, identified by the store's `version` of it."""

    version: str
    """The store's change token when it was read."""
    authors: Interned
    papers: Interned
    topics: Interned
    venues: Interned
    adjacency: Adjacency
    topic_graph: Adjacency
    profiles: AuthorProfiles
    author_topics: sparse.csr_matrix
    """Author x topic: how many of the author's papers are about it."""
    reference_year: int | None
    topic_authors_matrix: sparse.csc_matrix = field(init=False)

    def __post_init__(self) -> None:
        self.topic_authors_matrix = self.author_topics.tocsc()

    @property
    def total_authors(self) -> int:
        return len(self.authors)

    def topic_authors(self, topic: int) -> int:
        """How many authors have a paper about the topic."""
        matrix = self.topic_authors_matrix
        return int(matrix.indptr[topic + 1] - matrix.indptr[topic]) if topic + 1 < len(matrix.indptr) else 0

    def authors_on(self, topic: int) -> np.ndarray:
        matrix = self.topic_authors_matrix
        return matrix.indices[matrix.indptr[topic] : matrix.indptr[topic + 1]].astype(np.int64)

    def topics_of(self, author: int) -> np.ndarray:
        matrix = self.author_topics
        if author + 1 >= len(matrix.indptr):
            return np.zeros(0, dtype=np.int64)
        return matrix.indices[matrix.indptr[author] : matrix.indptr[author + 1]].astype(np.int64)

    def collaboration_path(self, source_id: str, target_id: str, max_hops: int) -> list[str] | None:
        """The ids of the port's collaboration path (fewest hops, then smallest ids), None beyond max_hops."""
        source, target = self.authors.get(source_id), self.authors.get(target_id)
        if source is None or target is None:
            return None if source_id != target_id else [source_id]
        found = shortest_paths.shortest_path(self.adjacency, source, target, max_hops, self.authors.smallest)
        return None if found is None else [self.authors.ids[key] for key in found]

    def topic_path(self, source_id: str, target_id: str, max_hops: int) -> list[str] | None:
        """The ids of the port's topic path over AUTHORED and ABOUT, None beyond max_hops."""
        if source_id == target_id:
            return [source_id]
        source, target = (self._topic_graph_node(node_id) for node_id in (source_id, target_id))
        if source is None or target is None:
            return None  # an end without papers reaches nothing
        interned = {"author": self.authors, "paper": self.papers, "topic": self.topics}

        def smallest_of(kind: str, keys: np.ndarray) -> tuple[str, int]:
            key = interned[kind].smallest(keys)
            return interned[kind].ids[key], key

        found = shortest_paths.shortest_path(
            self.topic_graph,
            source,
            target,
            max_hops,
            lambda nodes: topic_graph.smallest_node(nodes, smallest_of),
        )
        if found is None:
            return None
        return [interned[topic_graph.kind_of(n)].ids[topic_graph.key_of(n)] for n in found]

    def _topic_graph_node(self, node_id: str) -> int | None:
        kind = node_id.split(":", 1)[0]
        key = (self.topics if kind == "topic" else self.authors).get(node_id)
        return None if key is None else topic_graph.node(kind, key)


async def build(rows: ProjectionRows, version: str) -> Projection:
    """The projection of everything the rows hold. Authors and papers are read side by side, so the
    server gathers one kind's next page while this process unpacks the other's."""
    authors, papers, topics, venues = Interned(), Interned(), Interned(), Interned()
    coauthored = array("q")  # a, b, last year, flattened
    authored = array("q")  # author, paper
    works_on = array("q")  # author, topic, papers
    titles: list[tuple[int, str, int | None]] = []
    about = array("q")  # paper, topic
    published = array("q")  # paper, venue

    async def read_authors() -> None:
        async for batch in rows.authors():
            for author_id, ties, written, worked_on in batch:
                a = authors.key(author_id)
                for other, last_year in ties:
                    coauthored.extend((a, authors.key(other), NO_YEAR if last_year is None else last_year))  # type: ignore[arg-type]
                for paper_id in written:
                    authored.extend((a, papers.key(paper_id)))
                for topic_id, count in worked_on:
                    works_on.extend((a, topics.key(topic_id), count))  # type: ignore[arg-type]

    async def read_papers() -> None:
        async for batch in rows.papers():
            for paper_id, title, year, paper_topics, paper_venues in batch:
                p = papers.key(paper_id)
                titles.append((p, title, year))
                for topic_id in paper_topics:
                    about.extend((p, topics.key(topic_id)))
                for venue_id in paper_venues:
                    published.extend((p, venues.key(venue_id)))

    await asyncio.gather(read_authors(), read_papers())
    interned = (authors, papers, topics, venues)
    return await asyncio.to_thread(
        assemble, version, interned, titles, coauthored, authored, about, published, works_on
    )


def assemble(
    version: str,
    interned: tuple[Interned, Interned, Interned, Interned],
    titles: Iterable[tuple[int, str, int | None]],
    coauthored: array[int],
    authored: array[int],
    about: array[int],
    published: array[int],
    works_on: array[int],
) -> Projection:
    """The arrays from the keyed rows, each flattened (`coauthored` in threes, and so on): 8 bytes an
    integer while reading, where a list of Python ints took about 36."""
    authors, papers, topics, venues = interned
    sizes = (len(authors), len(papers), len(venues))
    ties = _pairs(coauthored, 3)
    authorship = _pairs(authored, 2)
    paper_topics = _pairs(about, 2)
    venue_of = np.full(max(len(papers), 1), -1, dtype=np.int64)
    published_pairs = _pairs(published, 2)
    venue_of[published_pairs[:, 0]] = published_pairs[:, 1]
    author_venues = np.column_stack([authorship[:, 0], venue_of[authorship[:, 1]]])
    author_venues = author_venues[author_venues[:, 1] >= 0]
    pairs, counts = np.unique(author_venues, axis=0, return_counts=True)
    tally = np.column_stack([pairs.reshape(-1, 2), counts]).astype(np.int64)
    titles = list(titles)
    tallies = _pairs(works_on, 3)
    return Projection(
        version=version,
        authors=authors,
        papers=papers,
        topics=topics,
        venues=venues,
        adjacency=Adjacency.from_ties(ties),
        topic_graph=topic_graph.from_edges(authorship, paper_topics),
        profiles=AuthorProfiles(titles, sizes, authorship, tally),
        author_topics=sparse.csr_matrix(
            (tallies[:, 2].astype(np.float64), (tallies[:, 0], tallies[:, 1])), shape=(len(authors), len(topics))
        ),
        reference_year=max((year for _, _, year in titles if year is not None), default=None),
    )


def _pairs(flat: array[int], width: int) -> np.ndarray:
    return np.frombuffer(flat, dtype=np.int64).reshape(-1, width)
