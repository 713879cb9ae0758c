"""Networks drawn from the graph: authors, topics or venues linked by the papers they share.

What the explorer draws, the exports write and the groups are found in. The counting rules are
VOSviewer's and bibliometrix's (van Eck & Waltman 2014, "Visualizing bibliometric networks";
Perianes-Rodriguez, van Eck & Waltman 2016, "Constructing bibliometric networks: a comparison
between full and fractional counting"):

- *full* counting: each paper adds 1 to the link of every pair of its items.
- *fractional*: each paper shares one unit among its pairs: n items add 1 / (n(n-1)/2) to each.
- `max_authors`: papers with more authors are left out (consortium papers would tie hundreds).
- `min_papers`: items with fewer papers in scope are left out (their links with them).

Items: authors (co-authorship), topics (topics of one paper: co-occurrence) or venues (two venues
linked by the authors who published in both; fractional: each author shares one unit among their
venue pairs).

>>> papers = [PaperLinks("p1", 2020, ("a", "b", "c"), (), None), PaperLinks("p2", 2021, ("a", "b"), (), None)]
>>> [(l.source, l.target, l.strength) for l in count_links(papers, NetworkOptions()).links]
[('a', 'b', 2.0), ('a', 'c', 1.0), ('b', 'c', 1.0)]
>>> fractional = count_links(papers, NetworkOptions(counting="fractional"))
>>> [(l.source, l.target, round(l.strength, 3)) for l in fractional.links]
[('a', 'b', 1.333), ('a', 'c', 0.333), ('b', 'c', 0.333)]
"""

from __future__ import annotations

import asyncio
import gc
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import combinations, repeat
from typing import Literal

from coauthor_graph.domain.errors import BadInputError
from coauthor_graph.domain.views import Paper, PaperLinks
from coauthor_graph.domain.years import checked_year
from coauthor_graph.services.lookup import find_author_by_name_or_id, find_topic_by_name_or_id
from coauthor_graph.store.port import GraphStore

Unit = Literal["author", "topic", "venue"]
Counting = Literal["full", "fractional"]
UNITS: tuple[Unit, ...] = ("author", "topic", "venue")
COUNTINGS: tuple[Counting, ...] = ("full", "fractional")
MAX_RADIUS = 3
REQUEST_MAX_PAPERS = 100_000
"""The most papers one API request may draw a network, groups or trends from (about 2 s of reading on
the embedded store); larger scopes are for the CLI's exports."""
MAX_REACHED = 50_000
"""An ego network that reaches more people than this is refused: narrow it by years, topic or radius."""


@dataclass(frozen=True, slots=True)
class NetworkScope:
    """Which papers a network is drawn from. With `authors`, the people within `radius` co-authorship
    hops of any of them (and only they) are the author network's nodes."""

    authors: tuple[str, ...] = ()
    radius: int = 1
    topic_id: str | None = None
    first_year: int | None = None
    last_year: int | None = None


@dataclass(frozen=True, slots=True)
class NetworkOptions:
    unit: Unit = "author"
    counting: Counting = "full"
    max_authors: int | None = None
    min_papers: int = 1
    limit: int | None = None
    """Keep only the items with the most papers (ties by id), as VOSviewer's "number of items"."""


@dataclass(frozen=True, slots=True)
class NetworkNode:
    id: str
    papers: int
    first_year: int | None
    mean_year: float | None
    """The mean publication year of its papers in scope (VOSviewer's `score<Avg. pub. year>`)."""
    label: str = ""


@dataclass(slots=True)  # not frozen: a million of them are made, and a frozen __init__ costs twice as much
class NetworkLink:
    source: str
    target: str
    """source < target."""
    strength: float
    papers: int
    """Papers behind the link (for venues: authors), whatever the counting."""
    first_year: int | None


@dataclass(frozen=True, slots=True)
class Network:
    nodes: tuple[NetworkNode, ...]
    """Ordered by id."""
    links: tuple[NetworkLink, ...]
    """Ordered by (source, target)."""
    papers: tuple[PaperLinks, ...] = field(default=(), repr=False)
    """The papers in scope it was counted from (what groups are labelled with)."""

    def total_link_strength(self) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for link in self.links:
            totals[link.source] += link.strength
            totals[link.target] += link.strength
        return totals

    def degrees(self) -> dict[str, int]:
        found: Counter[str] = Counter()
        for link in self.links:
            found[link.source] += 1
            found[link.target] += 1
        return found


def check_options(options: NetworkOptions, scope: NetworkScope) -> None:
    """BadInputError naming the field that is out of range."""
    if options.unit not in UNITS:
        raise BadInputError("unit", f"must be one of {', '.join(UNITS)}, not {options.unit!r}")
    if options.counting not in COUNTINGS:
        raise BadInputError("counting", f"must be one of {', '.join(COUNTINGS)}, not {options.counting!r}")
    if options.max_authors is not None and options.max_authors < 2:
        raise BadInputError("max_authors", "must be at least 2")
    if options.min_papers < 1:
        raise BadInputError("min_papers", "must be at least 1")
    if options.limit is not None and options.limit < 1:
        raise BadInputError("limit", "must be at least 1")
    if scope.authors and not 1 <= scope.radius <= MAX_RADIUS:
        raise BadInputError("radius", f"must be from 1 to {MAX_RADIUS}")
    if scope.first_year is not None and scope.last_year is not None and scope.first_year > scope.last_year:
        raise BadInputError("years", f"{scope.first_year} is after {scope.last_year}")


async def draw_network(
    store: GraphStore, scope: NetworkScope, options: NetworkOptions, max_papers: int | None = None
) -> Network:
    """The network of `options.unit` over the papers in `scope`, its nodes labelled with their names.
    With `max_papers`, a scope holding more papers is refused (BadInputError) after reading at most
    that many more: what the API sets, so one request cannot keep the store busy for a whole graph."""
    check_options(options, scope)
    keep = options.limit if options.unit == "author" else None
    papers, members = await _papers_in_scope(store, scope, max_papers, keep)
    # Counting the links of a whole graph's papers takes seconds: off the event loop, so others are answered.
    network = await asyncio.to_thread(count_links, papers, options, members if options.unit == "author" else None)
    found = await store.get_many([node.id for node in network.nodes])
    labelled = tuple(
        replace(node, label=view.title if isinstance(view, Paper) else view.name if view is not None else node.id)
        for node, view in zip(network.nodes, found, strict=True)
    )
    return Network(nodes=labelled, links=network.links, papers=network.papers)


async def years_in_scope(
    store: GraphStore, scope: NetworkScope, options: NetworkOptions, max_papers: int | None = None
) -> list[int]:
    """The years of the papers `draw_network` would count, ascending, without counting or labelling."""
    check_options(options, scope)
    papers, _ = await _papers_in_scope(store, scope, max_papers)
    return sorted({p.year for p in within_cap(papers, options) if p.year is not None})


def within_cap(papers: Iterable[PaperLinks], options: NetworkOptions) -> list[PaperLinks]:
    """The papers `options.max_authors` keeps."""
    return [p for p in papers if options.max_authors is None or len(p.authors) <= options.max_authors]


def read_limit(max_papers: int | None) -> int | None:
    """How many papers to read to know whether a scope holds more than `max_papers`."""
    return None if max_papers is None else max_papers + 1


def check_scope_size(papers: int, max_papers: int | None) -> None:
    """BadInputError when a scope holds more than `max_papers` papers (see `REQUEST_MAX_PAPERS`)."""
    if max_papers is not None and papers > max_papers:
        raise BadInputError("scope", f"holds more than {max_papers:,} papers: narrow it (authors, a topic, years)")


async def _papers_in_scope(
    store: GraphStore, scope: NetworkScope, max_papers: int | None, keep: int | None = None
) -> tuple[list[PaperLinks], set[str] | None]:
    """The papers, and with `scope.authors` the people within the radius (a breadth-first walk over
    papers: the papers of the last ring are read too, for the links among its people).

    With `keep`, each ring keeps only as many people as leave the network at `keep`: those with the
    most papers with the ring before, ties by id. A hub's picture is then its strongest
    collaborators, read without reading every collaborator's papers (at 100k papers the most
    connected author's 10,411 co-authors wrote 91,045 papers: 2.8 s to read, for 300 people drawn)."""
    limit = read_limit(max_papers)
    if not scope.authors:
        every = await store.paper_links(None, scope.topic_id, scope.first_year, scope.last_year, limit)
        check_scope_size(len(every), max_papers)
        return every, None
    members = set(scope.authors)
    frontier = sorted(members)
    papers: dict[str, PaperLinks] = {}
    for ring in range(scope.radius + 1):
        found = await store.paper_links(frontier, scope.topic_id, scope.first_year, scope.last_year, limit)
        papers.update((paper.paper_id, paper) for paper in found)
        check_scope_size(len(papers), max_papers)  # they include what this ring found
        if ring == scope.radius:
            break
        ties = Counter(author for paper in found for author in paper.authors if author not in members)
        reached = set(ties)
        if keep is not None and len(members) + len(reached) > keep:
            reached = set(sorted(ties, key=lambda author: (-ties[author], author))[: max(0, keep - len(members))])
        members |= reached
        if len(members) > MAX_REACHED:
            raise BadInputError(
                "radius",
                f"{scope.radius} reaches more than {MAX_REACHED:,} people: narrow it (smaller radius, topic, years)",
            )
        frontier = sorted(reached)
        if not frontier:
            break
    return [papers[key] for key in sorted(papers)], members


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a network is counted: it makes millions of tuples and no
    cycles, and the collector's passes over them took 40% of the time (4.4 s against 2.5 s at 100k)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def count_links(papers: Iterable[PaperLinks], options: NetworkOptions, members: set[str] | None = None) -> Network:
    """The network of `options.unit` over `papers` (see the module's counting rules). `members`, when
    given, are the only authors kept (an ego network's people); a paper's share is still divided
    among all its authors."""
    with _collector_paused():
        return _counted(papers, options, members)


def _counted(papers: Iterable[PaperLinks], options: NetworkOptions, members: set[str] | None) -> Network:
    kept_papers = within_cap(papers, options)
    counted: Counter[str] = Counter()
    years_of: dict[str, list[int]] = defaultdict(list)
    for paper in kept_papers:
        for item in _items_of(paper, options.unit):
            if members is None or item in members:
                counted[item] += 1
                if paper.year is not None:
                    years_of[item].append(paper.year)
    kept = {item for item, papers_count in counted.items() if papers_count >= options.min_papers}
    if options.limit is not None and len(kept) > options.limit:
        kept = set(sorted(kept, key=lambda item: (-counted[item], item))[: options.limit])
    nodes = tuple(
        NetworkNode(
            id=item,
            papers=counted[item],
            first_year=min(years_of[item]) if years_of[item] else None,
            mean_year=sum(years_of[item]) / len(years_of[item]) if years_of[item] else None,
        )
        for item in sorted(kept)
    )
    return Network(nodes=nodes, links=_links(kept_papers, sorted(kept), options), papers=tuple(kept_papers))


def _items_of(paper: PaperLinks, unit: Unit) -> tuple[str, ...]:
    if unit == "author":
        return paper.authors
    if unit == "topic":
        return paper.topics
    return (paper.venue,) if paper.venue is not None else ()


Pair = tuple[int, int]
"""Two items by their rank in id order (integers sort and hash faster than the ids)."""


def _links(papers: Sequence[PaperLinks], kept: list[str], options: NetworkOptions) -> tuple[NetworkLink, ...]:
    behind: Counter[Pair] = Counter()
    shares: dict[Pair, float] = defaultdict(float)
    first: dict[Pair, int] = {}
    fractional = options.counting == "fractional"
    for size, pairs, year in _ties(papers, {item: i for i, item in enumerate(kept)}, options.unit):
        behind.update(pairs)
        if fractional:
            share = 1.0 / (size * (size - 1) / 2)
            for pair in pairs:
                shares[pair] += share
        if year is not None:  # ties come newest first, so the oldest year is written last
            first.update(zip(pairs, repeat(year)))
    return tuple(
        NetworkLink(kept[a], kept[b], shares[(a, b)] if fractional else float(count), count, first.get((a, b)))
        for (a, b), count in sorted(behind.items())
    )


def _ties(papers: Sequence[PaperLinks], rank: dict[str, int], unit: Unit) -> list[tuple[int, list[Pair], int | None]]:
    """What each link counts, as (size of the set sharing the unit, its pairs of kept items, year): each
    paper's items in the paper's year, or for venues each author's venues, a pair from the year the
    author had published in both. Undated first, then newest to oldest."""
    ties: list[tuple[int, list[Pair], int | None]] = []
    if unit != "venue":
        for paper in papers:
            items = set(_items_of(paper, unit))
            members = sorted(rank[item] for item in items if item in rank)
            if len(members) >= 2:  # sorted, so each pair reads (low, high)
                ties.append((len(items), list(combinations(members, 2)), paper.year))
    else:
        venues_of: dict[str, dict[str, int | None]] = defaultdict(dict)
        for paper in papers:
            if paper.venue is None:
                continue
            for author in paper.authors:
                seen = venues_of[author]
                known = seen.get(paper.venue, paper.year)
                seen[paper.venue] = paper.year if known is None or paper.year is None else min(known, paper.year)
        for seen in venues_of.values():
            group = sorted(seen)
            for a, b in combinations(group, 2):
                if a in rank and b in rank:
                    years = (seen[a], seen[b])
                    year = None if None in years else max(years)  # type: ignore[type-var]
                    ties.append((len(group), [(rank[a], rank[b])], year))
    ties.sort(key=lambda tie: (tie[2] is not None, -(tie[2] or 0)))
    return ties


def parse_years(text: str | None) -> tuple[int | None, int | None]:
    """'2018-2022', '2018-' (from 2018 on), '-2020' or '2020' (that year alone) as (first, last).

    >>> parse_years("2018-2022"), parse_years("2018-"), parse_years("2020")
    ((2018, 2022), (2018, None), (2020, 2020))
    """
    if not text:
        return None, None
    first, dash, last = text.strip().partition("-")
    try:
        bounds = (int(first) if first else None, int(last) if last else None)
    except ValueError:
        raise BadInputError("years", f"must read like 2018-2022, 2018- or -2022, not {text!r}") from None
    first_year, last_year = (checked_year("years", year) for year in bounds)
    return (first_year, last_year) if dash else (first_year, first_year)


async def resolve_scope(
    store: GraphStore,
    authors: Sequence[str] = (),
    radius: int = 1,
    topic: str | None = None,
    years: str | None = None,
) -> NetworkScope:
    """The scope people name: authors and a topic by name or id (synonyms resolve), years as text."""
    author_ids = tuple(sorted({(await find_author_by_name_or_id(store, name)).id for name in authors}))
    topic_id = (await find_topic_by_name_or_id(store, topic)).id if topic else None
    first, last = parse_years(years)
    return NetworkScope(authors=author_ids, radius=radius, topic_id=topic_id, first_year=first, last_year=last)
