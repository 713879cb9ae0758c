"""The domain model: canonical records that loaders produce, and the views stores return.

Plain frozen dataclasses with no storage or driver imports, so every store and every
loader speaks the same language (cosmicpython's `domain/model.py`).
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from typing import Literal, TypeVar

Label = Literal["Author", "Paper", "Topic", "Venue"]
LABELS: tuple[Label, ...] = ("Author", "Paper", "Topic", "Venue")
Metric = int | float | str


# --- canonical records: what loaders produce -------------------------------------------

_R = TypeVar("_R")


def _pickled_as_arguments(cls: type[_R]) -> type[_R]:
    """Pickle a frozen slotted record as its constructor's arguments.

    The default unpickles field by field through `object.__setattr__`; records parsed in a
    second process (`loaders.background`) cross to the writer a million at a time, and
    this takes about a third off what unpickling them costs the writer's core.
    """
    fields = operator.attrgetter(*cls.__slots__)
    cls.__reduce__ = lambda self: (cls, fields(self))  # type: ignore[method-assign]
    return cls


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class AuthorRef:
    """One author as a source names them; identity is resolved by the store."""

    name: str
    position: int | None = None
    orcid: str | None = None
    source_ids: tuple[tuple[str, str], ...] = ()
    """Strong identifiers other than ORCID, as (source, id), e.g. ("openalex", "A5023888391")."""


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class TopicRef:
    """A topic in a named scheme; `broader` links it into the scheme's hierarchy."""

    name: str
    scheme: str
    code: str | None = None
    broader: TopicRef | None = None


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class VenueRef:
    name: str
    kind: str
    issn: str | None = None
    """A journal's ISSN (linking ISSN where the source gives one): a venue's strong key."""


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class PaperRecord:
    """One paper with everything attached to it, as one source describes it."""

    title: str
    authors: tuple[AuthorRef, ...]
    source: str
    authors_complete: bool = True
    year: int | None = None
    date: dt.date | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    abstract: str | None = None
    url: str | None = None
    venue: VenueRef | None = None
    topics: tuple[TopicRef, ...] = ()
    tags: tuple[str, ...] = ()
    line: int | None = None
    """Line in the source file where the record starts, for error messages."""
    record_id: str | None = None
    """The source's own id of this record ('J94-3002', a DBLP key, 'W2741809807'): two records of one
    source with different ids are two papers, whatever their titles."""


@dataclass(frozen=True, slots=True)
class AuthorProfileRecord:
    """What a profile page says about its owner: metrics as captured on a given day."""

    author: AuthorRef
    metrics: dict[str, Metric]
    captured_on: dt.date
    source: str
    field: TopicRef | None = None


Record = PaperRecord | AuthorProfileRecord


# --- views: what stores return ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Author:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    orcid: str | None = None
    external_ids: tuple[tuple[str, str], ...] = ()
    metrics: dict[str, Metric] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    label: Label = "Author"


@dataclass(frozen=True, slots=True)
class Paper:
    id: str
    title: str
    year: int | None = None
    date: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    url: str | None = None
    abstract: str | None = None
    authors_complete: bool = True
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    label: Label = "Paper"


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    scheme: str
    code: str | None = None
    label: Label = "Topic"


@dataclass(frozen=True, slots=True)
class Venue:
    id: str
    name: str
    kind: str
    issn: str | None = None
    label: Label = "Venue"


Node = Author | Paper | Topic | Venue


@dataclass(frozen=True, slots=True)
class Authorship:
    author: Author
    position: int | None


@dataclass(frozen=True, slots=True)
class Coauthorship:
    """A COAUTHORED edge seen from one side, with the papers behind it (newest first)."""

    coauthor: Author
    papers: int
    first_year: int | None
    last_year: int | None
    joint_papers: tuple[Paper, ...]


@dataclass(frozen=True, slots=True)
class CollaborationHop:
    source: Author
    target: Author
    paper: Paper
    """The joint paper that links the hop: the newest one (see `graph.store` for the order)."""


@dataclass(frozen=True, slots=True)
class CollaborationPath:
    authors: tuple[Author, ...]
    hops: tuple[CollaborationHop, ...]

    @property
    def length(self) -> int:
        return len(self.hops)


@dataclass(frozen=True, slots=True)
class TopicPath:
    """Alternating nodes and relationship types: nodes[i] -relationships[i]- nodes[i+1]."""

    nodes: tuple[Node, ...]
    relationships: tuple[str, ...]

    @property
    def length(self) -> int:
        return len(self.relationships)


@dataclass(frozen=True, slots=True)
class TopicYear:
    year: int
    topic: Topic
    papers: int


@dataclass(frozen=True, slots=True)
class RelatedTopic:
    topic: Topic
    shared_papers: int


@dataclass(frozen=True, slots=True)
class TopicAuthor:
    author: Author
    papers: int


@dataclass(frozen=True, slots=True)
class PaperPage:
    """A page of someone's (or some topic's or venue's) papers, newest first."""

    papers: tuple[Paper, ...]
    has_more: bool
    """More papers follow this page."""
    total: int
    """How many papers the list has in all."""

    @classmethod
    def cut(cls, fetched: list[Paper], first: int, total: int) -> PaperPage:
        """The page from `first + 1` fetched papers: the extra one only says that more follow."""
        return cls(papers=tuple(fetched[:first]), has_more=len(fetched) > first, total=total)


@dataclass(frozen=True, slots=True)
class TopicCount:
    """A topic of a paper (papers = 1) or of an author (papers = how many of theirs are about it)."""

    topic: Topic
    papers: int


@dataclass(frozen=True, slots=True)
class VenueCount:
    """The venue of a paper (papers = 1) or one of an author's venues, with how many of their papers."""

    venue: Venue
    papers: int


@dataclass(frozen=True, slots=True)
class ScoreParts:
    """How much each kind of evidence added to a recommendation's score (`graph.collaborator_model`)."""

    structure: float
    recency: float
    topics: float
    venues: float
    activity: float


@dataclass(frozen=True, slots=True)
class Recommendation:
    author: Author
    score: float
    parts: ScoreParts
    shared_coauthors: tuple[Author, ...]
    shared_topics: tuple[Topic, ...]
    shared_venues: tuple[Venue, ...] = ()
    """Where both publish, most papers between them first: part of the explanation, not of the score."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    node: Node
    score: float


@dataclass(frozen=True, slots=True)
class GraphStats:
    nodes: dict[str, int]
    relationships: dict[str, int]


@dataclass(slots=True)
class UpsertReport:
    """What one upsert changed, per label; all zeros when the data was already there."""

    records: int = 0
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    merged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    """Nodes that existed before the load and that its records matched (whether or not they changed)."""
    relationships_created: int = 0
    identities_merged: int = 0
    """Authors the disambiguation stage found to be another person already in the graph, and merged."""
    doi_conflicts: list[str] = field(default_factory=list)
    """Records whose DOI a paper with another title holds (`resolution.doi_conflict`): kept apart."""

    @property
    def changed(self) -> bool:
        return (
            any(self.created.values())
            or any(self.updated.values())
            or self.relationships_created > 0
            or self.identities_merged > 0
        )
