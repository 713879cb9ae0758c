"""Relay cursor connections over ordered lists, with keyset cursors.

A cursor holds the sort values of the item it points at, not its offset, so a client paging
through a list keeps its place when a load adds items before it: `after` means "items that
sort after these values", whatever has been inserted since. Each ordering says which values
go into a cursor and how they compare; they are the orderings `store.port` documents.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from coauthor_graph.domain.views import Authorship, Coauthorship, Paper, SearchHit, Topic, TopicCount, VenueCount
from coauthor_graph.schema.errors import BadArgument
from coauthor_graph.store.port import newest_first_key

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class Ordering(Generic[T]):
    """How one kind of list is sorted: the values a cursor keeps, and their ascending rank."""

    values: Callable[[T], list[Any]]
    rank: Callable[[list[Any]], tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[tuple[str, T]]
    has_next_page: bool
    has_previous_page: bool
    total_count: int


NEWEST_FIRST: Ordering[Paper] = Ordering(lambda p: [p.year, p.date, p.id], lambda v: newest_first_key(*v))
"""The stores' own key (`store.port.newest_first_key`), so a decoded cursor is a store keyset."""
COAUTHORS: Ordering[Coauthorship] = Ordering(
    lambda c: [c.papers, c.last_year, c.coauthor.name, c.coauthor.id],
    lambda v: (-v[0], v[1] is None, -(v[1] or 0), v[2], v[3]),
)
AUTHORSHIPS: Ordering[Authorship] = Ordering(
    lambda a: [a.position, a.author.name, a.author.id],
    lambda v: (v[0] is None, v[0] or 0, v[1], v[2]),
)
TOPIC_COUNTS: Ordering[TopicCount] = Ordering(lambda t: [t.papers, t.topic.id], lambda v: (-v[0], v[1]))
VENUE_COUNTS: Ordering[VenueCount] = Ordering(lambda t: [t.papers, t.venue.id], lambda v: (-v[0], v[1]))
BY_ID: Ordering[Topic] = Ordering(lambda t: [t.id], tuple)
RELEVANCE: Ordering[SearchHit] = Ordering(lambda h: [h.score, h.node.id], lambda v: (-v[0], v[1]))


def check_first(first: int) -> int:
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise BadArgument("first", f"must be between 0 and {MAX_PAGE_SIZE}, got {first}")
    return first


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, ordering: Ordering[Any]) -> tuple[Any, ...]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return ordering.rank(values)
    except (binascii.Error, ValueError, TypeError, IndexError, KeyError):
        raise BadArgument("after", "is not a cursor this list gave out") from None


def _first_after(items: Sequence[T], ordering: Ordering[T], bound: tuple[Any, ...]) -> int:
    try:
        return next((i for i, item in enumerate(items) if ordering.rank(ordering.values(item)) > bound), len(items))
    except TypeError:  # values of the right count but the wrong types
        raise BadArgument("after", "is not a cursor this list gave out") from None


def paginate(items: Sequence[T], ordering: Ordering[T], first: int, after: str | None) -> Page[T]:
    """The first `first` items that sort after the `after` cursor, with Relay's page info."""
    check_first(first)
    start = 0
    if after is not None:
        start = _first_after(items, ordering, decode_cursor(after, ordering))
    chosen = items[start : start + first]
    return Page(
        items=[(encode_cursor(ordering.values(item)), item) for item in chosen],
        has_next_page=start + first < len(items),
        has_previous_page=start > 0,
        total_count=len(items),
    )
