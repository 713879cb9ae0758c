"""The store port: every operation the CLI and the API need, in domain words.

Adapters (`store.embedded`, and the Neo4j one) implement it; their semantics, including
ordering and tie-breaking, are pinned by `tests/store/contract/`, which runs against every
store that is available. The port is async because the Neo4j driver's production API is.

Orderings every store must follow (ties always end on the id, so answers are total):
- "newest first" means year desc, then date desc (unknown last), then id.
- coauthors: joint papers desc, last year desc, name, id; each one's joint papers newest first.
- collaboration_path / topic_path: fewest hops; among equally short paths, the one whose
  sequence of node ids is smallest; a hop's linking paper is the newest joint one.
- search: relevance desc, then id.
- recommendations (`services.recommendations`, over `CandidateFactsReads`): score desc, then name, then id.
- topics_of / venues_of: papers desc, then id; broader_of / narrower_of: by id.

The `*_of` reads take many ids and answer each in one call (one list per id, aligned with
the ids; unknown ids get an empty list), so an API resolving a nested query batches its
look-ups instead of asking once per parent.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

import numpy as np

from coauthor_graph.domain.records import Record
from coauthor_graph.domain.views import (
    Author,
    Authorship,
    Coauthorship,
    CollaborationPath,
    GraphStats,
    JointPaper,
    ListedAffiliation,
    Node,
    Paper,
    PaperLinks,
    PaperPage,
    RelatedTopic,
    SearchHit,
    Topic,
    TopicAuthor,
    TopicCount,
    TopicPath,
    TopicYear,
    UpsertReport,
    VenueCount,
)
from coauthor_graph.identity.curation import Decision
from coauthor_graph.identity.stage import PossibleDuplicate
from coauthor_graph.recommend.features import CandidateFacts
from coauthor_graph.recommend.model import ServedWeights
from coauthor_graph.store.graph_rows import GraphRows

DEFAULT_COLLABORATION_HOPS = 6
DEFAULT_TOPIC_HOPS = 8
MAX_HOPS = 12
"""Upper bound on max_hops for every store: Cypher needs a literal bound on path length."""


PaperKey = tuple[int, int, int, int, str]
"""Where a paper sorts "newest first", ascending: see `newest_first_key`."""


def newest_first_key(year: int | None, date: str | None, paper_id: str) -> PaperKey:
    """Year desc (unknown last), then date desc (unknown last), then id, as one ascending key.

    >>> newest_first_key(2024, "2024-05-11", "paper:x") < newest_first_key(2024, None, "paper:a")
    True
    """
    day = int(date.replace("-", "")) if date else 0
    return (int(year is None), -(year or 0), int(date is None), -day, paper_id)


def joint_paper_key(joint: JointPaper) -> tuple[str, str, PaperKey]:
    """`ConflictReads.joint_papers`' order: author id, co-author id, then the paper newest first."""
    return (joint.author_id, joint.coauthor.id, newest_first_key(joint.paper.year, joint.paper.date, joint.paper.id))


def listed_affiliation_key(listed: ListedAffiliation) -> tuple[str, str, PaperKey]:
    """`ConflictReads.listed_affiliations`' order: author id, institution, then the paper newest first."""
    return (
        listed.author_id,
        listed.institution,
        newest_first_key(listed.paper.year, listed.paper.date, listed.paper.id),
    )


def check_max_hops(max_hops: int) -> None:
    if not 1 <= max_hops <= MAX_HOPS:
        raise ValueError(f"max_hops must be between 1 and {MAX_HOPS}, got {max_hops}")


def topic_path_end_kind(node_id: str) -> str:
    """'topic' or 'author': the only kinds of node a topic path may start or end at."""
    kind = node_id.split(":", 1)[0]
    if kind not in ("topic", "author"):
        raise ValueError(f"a topic path joins topics and authors, not {node_id!r}")
    return kind


class GraphWriter(Protocol):
    async def upsert(self, records: Iterable[Record]) -> UpsertReport:
        """Write all records in one transaction: all of them land, or none does."""


class NodeReads(Protocol):
    """Nodes by id or exact name, and what hangs off them: what GraphQL's nested fields batch."""

    async def get(self, node_id: str) -> Node | None: ...

    async def get_many(self, node_ids: Sequence[str]) -> list[Node | None]:
        """Views of many nodes, aligned with the ids (None where there is no such node)."""

    async def find_author(self, name: str) -> list[Author]:
        """Authors whose normalized name equals the name's (homonyms give several)."""

    async def find_authors(self, names: Sequence[str]) -> list[list[Author]]:
        """`find_author` for many names at once, aligned with them."""

    async def find_topic(self, name: str) -> list[Topic]:
        """Topics whose folded name or code equals the given one."""

    async def find_authors_by_orcid(self, orcids: Sequence[str]) -> list[Author | None]:
        """The author holding each ORCID (normalized: `0000-0002-1825-0097`), aligned with them."""

    async def papers_of_author(
        self,
        author_id: str,
        *,
        year_from: int | None = None,
        year_to: int | None = None,
        topic_id: str | None = None,
    ) -> list[Paper]:
        """Newest first."""

    async def authors_of_paper(self, paper_id: str) -> list[Authorship]:
        """Known positions in order, then authors of unknown position by name."""

    async def coauthors(self, author_id: str) -> list[Coauthorship]: ...

    async def paper_pages_of(
        self, node_ids: Sequence[str], first: int, after: PaperKey | None = None
    ) -> list[PaperPage]:
        """For each author, topic or venue id: its first `first` papers (newest first) that sort
        after the key `after`. Only the page leaves the store: a venue may hold a million papers."""

    async def authors_of(self, paper_ids: Sequence[str]) -> list[list[Authorship]]:
        """For each paper id: its authors, ordered as in `authors_of_paper`."""

    async def coauthors_of(
        self, author_ids: Sequence[str], *, with_joint_papers: bool = True
    ) -> list[list[Coauthorship]]:
        """For each author id: its co-authors, ordered as in `coauthors`.

        `with_joint_papers=False` leaves each `joint_papers` empty, for callers that need only
        the ties: listing the papers is most of the cost for prolific authors."""

    async def topics_of(self, node_ids: Sequence[str]) -> list[list[TopicCount]]:
        """For each paper or author id: its topics, with how many of its papers are about each."""

    async def venues_of(self, node_ids: Sequence[str]) -> list[list[VenueCount]]:
        """For each paper or author id: its venues, with how many of its papers appeared in each."""

    async def broader_of(self, topic_ids: Sequence[str]) -> list[list[Topic]]:
        """For each topic id: the topics it is BROADER-linked to (its parents)."""

    async def narrower_of(self, topic_ids: Sequence[str]) -> list[list[Topic]]:
        """For each topic id: the topics that name it as broader (its children)."""


class Search(Protocol):
    """Full-text search, relevance desc then id."""

    async def search_authors(self, text: str, limit: int = 10) -> list[SearchHit]: ...

    async def search_papers(self, text: str, limit: int = 10) -> list[SearchHit]: ...

    async def search_topics(self, text: str, limit: int = 10) -> list[SearchHit]: ...


class Paths(Protocol):
    async def collaboration_path(
        self, source_id: str, target_id: str, max_hops: int = DEFAULT_COLLABORATION_HOPS
    ) -> CollaborationPath | None: ...

    async def topic_path(self, source_id: str, target_id: str, max_hops: int = DEFAULT_TOPIC_HOPS) -> TopicPath | None:
        """Shortest path over AUTHORED and ABOUT between topics and/or authors."""


class TopicReads(Protocol):
    """How topics relate to each other and to authors over time."""

    async def topic_trajectories_of(self, author_ids: Sequence[str]) -> list[list[TopicYear]]:
        """For each author id: per year (ascending), their topics by paper count desc, then topic id."""

    async def related_topics_of(self, topic_ids: Sequence[str], limit: int = 10) -> list[list[RelatedTopic]]:
        """For each topic id: the `limit` topics sharing most papers with it, then by id."""

    async def top_authors_of(self, topic_ids: Sequence[str], limit: int = 10) -> list[list[TopicAuthor]]:
        """For each topic id: the `limit` authors with most papers on it, then name, then id."""


K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class SharedFacts(Generic[K]):
    """What the chosen candidates share with the author, for the explanations."""

    coauthors: Mapping[K, Sequence[K]]
    """Per candidate: the co-authors both have written with."""
    topics: Mapping[K, Sequence[K]]
    """Per candidate: the author's topics they work on too."""
    rarity: Mapping[K, float]
    """Per topic of the author: how rare it is (`recommend.scoring.topic_rarity`)."""


class CandidateSource(Protocol[K]):
    """One author's candidate collaborators, read from one state of the graph. Keys are the store's own
    (integers, ids): only `recommend.ranking` and the source itself look at them."""

    async def pool(self, topic_id: str | None) -> tuple[Sequence[K] | np.ndarray, CandidateFacts]:
        """The pool (`recommend.features`), kept to people on `topic_id` when given, and its facts
        aligned with the keys. NotFoundError for an unknown topic."""

    async def names(self, keys: Sequence[K]) -> Mapping[K, tuple[str, str]]:
        """(name, id) of each candidate: the tie-break among equal scores."""

    async def shared(self, keys: Sequence[K]) -> SharedFacts[K]: ...

    async def authors(self, keys: Collection[K]) -> Mapping[K, Author]: ...

    async def topics(self, keys: Collection[K]) -> Mapping[K, Topic]: ...

    async def venues_of(self, author_ids: Sequence[str]) -> list[list[VenueCount]]:
        """As `NodeReads.venues_of`, in the same state of the graph."""


class CandidateFactsReads(Protocol):
    """What `services.recommendations` asks of a store: the facts, never the ranking."""

    def candidates(self, author_id: str) -> AbstractAsyncContextManager[CandidateSource[Any]]:
        """A source for this author's candidates, open for one recommendation. NotFoundError for an unknown
        author."""


class Lifecycle(Protocol):
    async def stats(self) -> GraphStats: ...

    async def prepare(self) -> None:
        """Build now what the first queries would otherwise build (in-memory indexes, schema), so that
        they answer at full speed: the API calls it before it takes requests."""

    async def ping(self) -> None:
        """Raise StoreError unless the store answers a trivial query: what readiness checks ask."""

    async def close(self) -> None: ...


class IdentityCuration(Protocol):
    """What curating identity asks of a store (`identity.curation`); both stores implement it."""

    async def curate(self, decisions: Sequence[Decision]) -> UpsertReport:
        """Record the decisions in the ledger and apply the whole ledger, in one transaction."""

    async def curation_ledger(self) -> list[Decision]:
        """Every decision, in the order it was recorded."""

    async def possible_duplicates(self, min_score: float = 0.0, limit: int = 50) -> list[PossibleDuplicate]:
        """Pairs of authors of one name block that could be one person and were not merged, best first."""

    async def merged_into(self, author_id: str) -> list[str]:
        """The ids of the authors merged into this one, by the stage or by a decision."""


class ConflictReads(Protocol):
    async def joint_papers(
        self, author_ids: Sequence[str], coauthor_ids: Sequence[str] | None, since_year: int | None
    ) -> list[JointPaper]:
        """Every paper an author of `author_ids` wrote with one of `coauthor_ids` (with anyone, when None),
        from `since_year` on when given (papers of unknown year then never count). Ordered by author id,
        co-author id, then newest first."""

    async def listed_affiliations(self, author_ids: Sequence[str], since_year: int | None) -> list[ListedAffiliation]:
        """The institutions the papers of `author_ids` list for them, from `since_year` on when given (papers of
        unknown year then never count), each with its paper; in `listed_affiliation_key` order."""


class NetworkReads(Protocol):
    async def paper_links(
        self,
        author_ids: Sequence[str] | None = None,
        topic_id: str | None = None,
        first_year: int | None = None,
        last_year: int | None = None,
        limit: int | None = None,
    ) -> list[PaperLinks]:
        """The papers a network is drawn from, ordered by id: those with an author of `author_ids` (every
        paper when None), about `topic_id` or a topic under it (any depth), from `first_year` to
        `last_year` (papers of unknown year count only when neither bound is given); the first `limit`."""


class RecommenderWeights(Protocol):
    """Where a store keeps the weights it serves recommendations with (`services.fitting` fits them)."""

    async def served_weights(self) -> ServedWeights | None:
        """The weights kept, None until the store has been fitted."""

    async def keep_served_weights(self, weights: ServedWeights) -> None:
        """Keep these weights in place of any before."""


@runtime_checkable
class GraphExport(Protocol):
    """A store that can be read whole, for bulk exports (the embedded store)."""

    def graph_rows(self) -> AbstractContextManager[GraphRows]:
        """The whole graph as it is now, row by row; writers may go on meanwhile."""


class GraphStore(
    GraphWriter,
    NodeReads,
    Search,
    Paths,
    TopicReads,
    CandidateFactsReads,
    ConflictReads,
    NetworkReads,
    IdentityCuration,
    RecommenderWeights,
    Lifecycle,
    Protocol,
):
    """Everything a store offers; each caller asks for the narrowest protocol it uses."""
