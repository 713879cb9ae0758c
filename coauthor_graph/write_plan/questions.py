"""The write plan's questions to a store, and the answers: the stored nodes a batch of records may be.

Each adapter answers the questions of `write_plan.planner` from its own tables or graph; these are
the answers, in the planner's terms (node ids, strong keys such as 'orcid:…', record keys such as
'dblp:…'), so the planner never sees how a store keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class AuthorQuestion:
    """Authors holding one of these strong keys or normalized names, or once known by one of these ids."""

    keys: list[str]
    norm_names: list[str]
    former_ids: list[str]


@dataclass(frozen=True, slots=True)
class PaperQuestion:
    """Papers holding one of these DOIs, arXiv ids, title fingerprints or source record keys."""

    dois: list[str]
    arxiv_ids: list[str]
    fingerprints: list[str]
    records: list[str]


@dataclass(frozen=True, slots=True)
class VenueQuestion:
    ids: list[str]
    issns: list[str]


@dataclass(frozen=True, slots=True)
class StoredAuthor:
    id: str
    name: str
    norm_name: str
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    keys: frozenset[str]
    """Strong keys ('orcid:…', 'dblp:…'), never a merged author's redirect."""
    profile: dict[str, object]
    """The profile page's metrics as last captured (with 'captured_on'), empty when none."""
    former_id: str | None = None
    """Set when the author was found as the survivor of a merge that absorbed this id."""


@dataclass(frozen=True, slots=True)
class StoredPaper:
    id: str
    doi: str | None
    arxiv_id: str | None
    fingerprint: str
    title: str
    sources: tuple[str, ...]
    records: tuple[str, ...]
    """Its source record keys ('dblp:conf/x/Y20')."""


@dataclass(frozen=True, slots=True)
class StoredVenue:
    id: str
    issn: str | None


@dataclass(frozen=True, slots=True)
class StoredCollaborator:
    """Someone `author` has written with."""

    author: str
    other: StoredAuthor


@dataclass(slots=True)
class StoredPaperState:
    """A stored paper a batch merges into: its edges and the properties a merge decides from."""

    id: str
    authors: dict[str, int | None]
    topics: set[str]
    venue: str | None
    fields: dict[str, tuple[object, str | None]]
    """Descriptive fields as (value, the source it came from)."""
    fingerprint: str = ""
    doi: str | None = None
    arxiv_id: str | None = None
    authors_complete: bool = False
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    records: dict[str, str] = field(default_factory=dict)
    """Record id per source."""


@dataclass(frozen=True, slots=True)
class Found:
    """The answer to the first question of a batch."""

    authors: list[StoredAuthor]
    papers: list[StoredPaper]
    venues: list[StoredVenue]


@dataclass(frozen=True, slots=True)
class FindNodes:
    authors: AuthorQuestion
    papers: PaperQuestion
    venues: VenueQuestion


@dataclass(frozen=True, slots=True)
class FindCollaborators:
    """Who these stored authors have written with (answer: list[StoredCollaborator])."""

    authors: list[str]


@dataclass(frozen=True, slots=True)
class FindPaperStates:
    """The edges and properties of these stored papers (answer: list[StoredPaperState])."""

    papers: list[str]


Question = FindNodes | FindCollaborators | FindPaperStates
