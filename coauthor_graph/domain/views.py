"""The views stores return: nodes, their relationships, paths, recommendations and reports.

Plain frozen dataclasses, answered the same way by every store (`tests/store/contract`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from coauthor_graph.domain.records import Metric

Label = Literal["Author", "Paper", "Topic", "Venue"]
LABELS: tuple[Label, ...] = ("Author", "Paper", "Topic", "Venue")


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
class JointPaper:
    """A paper an author wrote with a co-author: the evidence a conflict-of-interest check shows."""

    author_id: str
    coauthor: Author
    paper: Paper


@dataclass(frozen=True, slots=True)
class ListedAffiliation:
    """An institution one of an author's papers lists for them: the evidence of a shared affiliation."""

    author_id: str
    institution: str
    paper: Paper


ConflictKind = Literal["SAME_PERSON", "COAUTHORED", "SHARED_COAUTHOR", "SHARED_AFFILIATION"]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Why a reviewer should not review an author's work, with the papers that show it.

    SAME_PERSON: both names are one person (one node, or one merged into the other). COAUTHORED:
    `papers` are their joint papers in the window. SHARED_COAUTHOR: `via` wrote with both in the
    window; `papers` are the newest such paper of each side (the author's first). SHARED_AFFILIATION:
    papers of both list `institution` for them in the window; `papers` are the newest of each side."""

    author: Author
    reviewer: Author
    kind: ConflictKind
    author_as_given: str
    reviewer_as_given: str
    papers: tuple[Paper, ...] = ()
    via: Author | None = None
    institution: str | None = None


@dataclass(frozen=True, slots=True)
class ConflictReport:
    conflicts: tuple[Conflict, ...]
    unknown: tuple[str, ...]
    """Names, ids and ORCIDs that match nobody in the graph: checked for nothing, so said."""
    ambiguous: tuple[tuple[str, tuple[Author, ...]], ...]
    """Names several people share; every one of them was checked."""
    since_year: int
    """Papers from this year on count (`as_of - within_years`); papers of unknown year never do."""


@dataclass(frozen=True, slots=True)
class CollaborationHop:
    source: Author
    target: Author
    paper: Paper
    """The joint paper that links the hop: the newest one (see `store.port` for the order)."""


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

    @classmethod
    def through(cls, nodes: Sequence[Node]) -> TopicPath:
        """The path through these nodes: a step touching a topic is ABOUT, a step between an author and a
        paper AUTHORED."""
        relationships = ("ABOUT" if "Topic" in (a.label, b.label) else "AUTHORED" for a, b in pairwise(nodes))
        return cls(nodes=tuple(nodes), relationships=tuple(relationships))

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
    """How much each kind of evidence added to a recommendation's score (`recommend.features`)."""

    structure: float
    recency: float
    topics: float
    venues: float
    activity: float


@dataclass(frozen=True, slots=True)
class Recommendation:
    author: Author
    score: float
    """The model's intercept plus the parts."""
    intercept: float
    parts: ScoreParts
    shared_coauthors: tuple[Author, ...]
    shared_topics: tuple[Topic, ...]
    shared_venues: tuple[Venue, ...] = ()
    """Where both publish, most papers between them first: part of the explanation, not of the score."""
    weights: str = ""
    """Where the weights that scored it come from (`ServedWeights.basis`)."""
    fitted: bool = False
    """Whether those weights were fitted on this graph (else they are the shipped ones)."""


@dataclass(frozen=True, slots=True)
class PaperLinks:
    """A paper as the networks and the recommender's fitting see it: who wrote it, what about, where (ids), and its
    title."""

    paper_id: str
    year: int | None
    authors: tuple[str, ...]
    """Sorted ids."""
    topics: tuple[str, ...]
    """The topics the paper is directly about, sorted ids."""
    venue: str | None
    title: str = ""


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
