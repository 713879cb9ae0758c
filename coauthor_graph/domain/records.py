"""The canonical records loaders produce: one paper, or one profile, as one source describes it.

Plain frozen dataclasses with no storage or driver imports, so every loader and every store
speaks the same language (cosmicpython's `domain/model.py`).
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from typing import TypeVar

Metric = int | float | str


_R = TypeVar("_R")


def _pickled_as_arguments(cls: type[_R]) -> type[_R]:
    """Pickle a frozen slotted record as its constructor's arguments.

    The default unpickles field by field through `object.__setattr__`; records parsed in a
    second process (`loaders.background`) cross to the writer a million at a time, and
    this takes about a third off what unpickling them costs the writer's core.
    """
    fields = operator.attrgetter(*cls.__slots__)  # type: ignore[attr-defined]  # dataclass(slots=True) sets it
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
    affiliations: tuple[str, ...] = ()
    """The institutions this authorship lists (OpenAlex's institutions, a JSON row's `affiliations`)."""


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
