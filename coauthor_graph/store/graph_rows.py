"""The whole graph as rows: every node with the properties stores keep, every relationship, the
identity redirects and the curation ledger. What a bulk export reads (`store.neo4j.bulk_import`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from coauthor_graph.domain.records import Metric
from coauthor_graph.identity.curation import Decision


@dataclass(frozen=True, slots=True)
class AuthorRow:
    id: str
    name: str
    norm_name: str
    block: str
    orcid: str | None
    external: dict[str, str]
    """Strong ids other than ORCID, by kind ('openalex', 'dblp', 'scopus', 'semantic_scholar')."""
    aliases: list[str]
    sources: list[str]
    metrics: dict[str, Metric]
    coauthors: int


@dataclass(frozen=True, slots=True)
class PaperRow:
    id: str
    title: str
    year: int | None
    date: str | None
    doi: str | None
    arxiv_id: str | None
    fingerprint: str
    url: str | None
    abstract: str | None
    authors_complete: bool
    tags: list[str]
    sources: list[str]
    field_sources: dict[str, str]
    """The source each descriptive field came from (`identity.resolution.merge_fields`)."""
    records: dict[str, str]
    """The source's own record id, by source ('aan', 'dblp', 'openalex')."""
    affiliations: list[tuple[int, str]]
    """(author position, institution) as the paper lists them (`resolution.listed_affiliations`)."""


@dataclass(frozen=True, slots=True)
class TopicRow:
    id: str
    name: str
    norm_name: str
    scheme: str
    code: str | None
    authors: int
    """How many authors have a paper about it."""


@dataclass(frozen=True, slots=True)
class VenueRow:
    id: str
    name: str
    kind: str
    issn: str | None


@dataclass(frozen=True, slots=True)
class CoauthoredRow:
    a: str
    b: str
    """a < b: each pair once."""
    papers: int
    first_year: int | None
    last_year: int | None


class GraphRows(Protocol):
    """One consistent reading of a store, row by row (a million-paper graph never sits in memory)."""

    def authors(self) -> Iterator[AuthorRow]: ...

    def papers(self) -> Iterator[PaperRow]: ...

    def topics(self) -> Iterator[TopicRow]: ...

    def venues(self) -> Iterator[VenueRow]: ...

    def authored(self) -> Iterator[tuple[str, str, int | None]]:
        """(author id, paper id, position)."""

    def about(self) -> Iterator[tuple[str, str]]:
        """(paper id, topic id)."""

    def published_in(self) -> Iterator[tuple[str, str]]:
        """(paper id, venue id)."""

    def broader(self) -> Iterator[tuple[str, str]]:
        """(topic id, parent topic id)."""

    def coauthored(self) -> Iterator[CoauthoredRow]: ...

    def author_topics(self) -> Iterator[tuple[str, str, int]]:
        """(author id, topic id, the author's papers about it)."""

    def merged(self) -> Iterator[tuple[str, str]]:
        """(former author id, the id of the author it was merged into)."""

    def decisions(self) -> Iterator[Decision]:
        """The curation ledger, in the order the decisions were recorded."""
