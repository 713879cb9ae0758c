"""Author name disambiguation: which printed names on which papers are one person.

A stage of its own, shared by every store: it takes *signatures* (one printed name on one
paper, with what the paper says around it) and returns clusters, one per person.

1. **Blocking.** Only signatures whose names share a family name (umlauts written out read as
   the vowel) and first initial (`NameParts.block`) are compared; a load re-clusters only the
   blocks it touches.
2. **Must-link.** The same ORCID, DBLP person id or OpenAlex author id; the same `group` (one
   stored node).
3. **Cannot-link.** Two names on one paper, unless at the same position (two records of one
   paper that print one person two ways: then they are one person); groups a curator split;
   two different ORCIDs or DBLP ids (DBLP curates its homonym suffixes); names that cannot be
   one person (`names.compatible`): 'Alok Gupta' and 'Ajay Gupta' never share a cluster, not
   even through 'A. Gupta'.
4. **Evidence and clustering.** Pairs of clusters are scored by additive evidence (`Weights`)
   and merged best first while the score reaches `Weights.threshold`, re-scoring a merged
   cluster with the union of its evidence. A merge is refused when either side could as well
   join a third cluster that cannot be one person with the other (an ambiguous abbreviation).
   Every order is by signature key, so the outcome is a function of the set of signatures,
   never of the order records or files came in.

The weights and the threshold are documented on `Weights` with the data each was chosen on;
`benchmarks/disambiguation.py` measures them on the labelled fixtures.

    >>> sigs = [
    ...     Signature("p1#1", "Wolfgang A. Wall", "p1", coauthors=frozenset({"popp a"})),
    ...     Signature("p2#1", "W.A. Wall", "p2", coauthors=frozenset({"popp a"})),
    ...     Signature("p3#2", "A. W. Wall", "p3"),
    ... ]
    >>> [sorted(c) for c in cluster(sigs)]
    [['p1#1', 'p2#1'], ['p3#2']]
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from coauthor_graph.identity.names import NameParts, compatible, given_match, name_parts, normalize_name

VETO_KINDS = frozenset({"orcid", "dblp"})
"""Ids that no two people share and that sources curate: equal joins, different separates."""
HINT_KINDS = frozenset({"openalex", "scopus", "semantic_scholar"})
"""Ids that join when equal but do not separate when they differ: these services cluster names
by algorithm and split people (OpenAlex's pre-2023 ids especially), so a different id is
evidence against, not a veto."""


@dataclass(frozen=True, slots=True)
class Signature:
    """One printed author name on one paper, and what that paper says around it."""

    key: str
    """Unique and sortable: the order every tie is broken in."""
    name: str
    paper: str
    position: int | None = None
    """1-based place in the paper's author list, when known."""
    coauthors: frozenset[str] = frozenset()
    """The other authors' blocks (`NameParts.block`), so 'Alexander Popp' and 'A. Popp' agree."""
    venue: str | None = None
    year: int | None = None
    terms: frozenset[str] = frozenset()
    """Folded title words."""
    affiliations: frozenset[str] = frozenset()
    ids: tuple[tuple[str, str], ...] = ()
    """Person ids as (kind, value): ORCID, DBLP, OpenAlex."""
    group: str | None = None
    """Signatures of one group are already known to be one person (a stored node, a curator's merge)."""
    apart: frozenset[str] = frozenset()
    """Groups this signature's person is known not to be (a curator's split)."""


@dataclass(frozen=True, slots=True)
class Weights:
    """Evidence weights and the merge threshold.

    Chosen by a grid search on the Han et al. DBLP nameset's names A–J (8 of its 14 blocks; the
    other 6 and the S2AND Qian subset were only measured, never tuned on), taking among the
    near-best settings the one that weighs a shared venue least: see docs/identity.md.
    """

    same_full_name: float = 3.0
    """Both print the same full given names: on its own enough to merge, as users expect."""
    initials_only: float = 0.0
    """Both print initials only ('A Gupta'): the name alone says little, evidence must carry it."""
    typo: float = -0.5
    """A given name one letter away ('Wolfang' / 'Wolfgang')."""
    same_position: float = 5.0
    """Two records of one paper print the two names at the same place in its author list."""
    coauthor: float = 2.0
    """The first shared co-author (by block)."""
    more_coauthors: float = 1.0
    """Each further shared co-author, up to three."""
    venue: float = 0.75
    terms: float = 0.5
    """Per unit of shared title-word idf (log of block signatures over those using the word), capped at 2."""
    affiliation: float = 2.5
    hint_differs: float = -1.5
    far_years: float = -1.0
    """Active periods more than `year_gap` years apart."""
    year_gap: int = 15
    threshold: float = 1.5


DEFAULT_WEIGHTS = Weights()


@dataclass(slots=True)
class _Cluster:
    """A growing cluster: the union of its signatures' evidence."""

    first: str
    keys: list[str]
    names: dict[str, NameParts]
    papers: dict[str, int | None]
    """Paper -> the position printed there."""
    coauthors: dict[str, int] = field(default_factory=dict)
    venues: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    affiliations: set[str] = field(default_factory=set)
    ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    years: tuple[int, int] | None = None
    groups: set[str] = field(default_factory=set)
    apart: set[str] = field(default_factory=set)
    version: int = 0


def cluster(signatures: Iterable[Signature], weights: Weights = DEFAULT_WEIGHTS) -> list[list[str]]:
    """Clusters of signature keys, one per person; each sorted, the list in order of its first key."""
    blocks: dict[str, list[Signature]] = defaultdict(list)
    for signature in signatures:
        blocks[name_parts(signature.name).block or f"?{signature.key}"].append(signature)
    found: list[list[str]] = []
    for block in blocks.values():
        found.extend(cluster_block(block, weights))
    return sorted(found, key=lambda keys: keys[0])


def cluster_block(signatures: list[Signature], weights: Weights = DEFAULT_WEIGHTS) -> list[list[str]]:
    """The clusters of one block (see the module's docstring)."""
    signatures = sorted(signatures, key=lambda s: s.key)
    clusters = _must_linked(signatures)
    idf = _idf(signatures)
    index: dict[tuple[str, str], set[int]] = defaultdict(set)
    """Evidence -> clusters holding it: only clusters that share something are ever scored."""
    holders: dict[str, set[int]] = defaultdict(set)
    """Paper -> clusters holding it."""
    for i, c in enumerate(clusters):
        for feature in _features(c):
            index[feature].add(i)
        for paper in c.papers:
            holders[paper].add(i)
    heap: list[tuple[float, str, str, int, int, int, int]] = []

    def push(i: int) -> None:
        candidates = set().union(*(index[f] for f in _features(clusters[i])))
        if len(candidates) > 4 * len(clusters[i].papers):  # else checking each one costs less
            candidates -= _apart_by_paper(clusters[i], holders, index)
        candidates.discard(i)
        for j in sorted(candidates):
            if clusters[j] is None or not _may_merge(clusters[i], clusters[j]):
                continue
            score = _score(clusters[i], clusters[j], idf, weights)
            if score >= weights.threshold:
                a, b = sorted((i, j), key=lambda k: clusters[k].first)
                heapq.heappush(
                    heap, (-score, clusters[a].first, clusters[b].first, a, b, clusters[a].version, clusters[b].version)
                )

    for i in range(len(clusters)):
        push(i)
    while heap:
        _, _, _, a, b, version_a, version_b = heapq.heappop(heap)
        ca, cb = clusters[a], clusters[b]
        if ca is None or cb is None or ca.version != version_a or cb.version != version_b:
            continue
        if _ambiguous(a, b, clusters, index, idf, weights) or _ambiguous(b, a, clusters, index, idf, weights):
            continue
        for feature in _features(cb):
            index[feature].discard(b)
        for paper in cb.papers:
            holders[paper].discard(b)
            holders[paper].add(a)
        _absorb(ca, cb)
        clusters[b] = None  # type: ignore[call-overload]  # absorbed: its slot stays, its index is its key
        for feature in _features(ca):
            index[feature].add(a)
        push(a)
    return [sorted(c.keys) for c in clusters if c is not None]


def _apart_by_paper(c: _Cluster, holders: dict[str, set[int]], index: dict[tuple[str, str], set[int]]) -> set[int]:
    """Clusters holding one of c's papers at another position, which `_may_merge` refuses, found with set
    operations: a block of one paper's thousands of authors at one venue took 40 s of Python calls."""
    apart: set[int] = set()
    for paper, position in c.papers.items():
        same = index.get(("paper", f"{paper}#{position}"), set()) if position is not None else set()
        apart |= holders[paper] - same
    return apart


def _ambiguous(
    i: int, j: int, clusters: list, index: dict[tuple[str, str], set[int]], idf: dict[str, float], w: Weights
) -> bool:
    """Whether cluster i could as well join another cluster that cannot be one person with j:
    'C. Huang', whose co-author wrote with both Chen Huang and Chengkai Huang, joins neither."""
    for k in set().union(*(index[f] for f in _features(clusters[i]))) - {i, j}:
        other = clusters[k]
        if other is not None and not _may_merge(other, clusters[j]) and _may_merge(clusters[i], other):
            if _score(clusters[i], other, idf, w) >= w.threshold:
                return True
    return False


def _must_linked(signatures: list[Signature]) -> list[_Cluster]:
    """Signatures joined by an equal person id or group, where the names allow it."""
    parent = list(range(len(signatures)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holders: dict[tuple[str, str], int] = {}
    for i, signature in enumerate(signatures):
        links = [(kind, value) for kind, value in signature.ids if kind in VETO_KINDS | HINT_KINDS]
        if signature.group is not None:
            links.append(("group", signature.group))
        for link in links:
            j = holders.setdefault(link, i)
            if j != i:
                parent[root(i)] = root(j)
    groups: dict[int, list[Signature]] = defaultdict(list)
    for i, signature in enumerate(signatures):
        groups[root(i)].append(signature)
    clusters: list[_Cluster] = []
    for members in groups.values():
        clusters.extend(_split_conflicts(members))
    return sorted(clusters, key=lambda c: c.first)


def _split_conflicts(members: list[Signature]) -> list[_Cluster]:
    """A must-linked group, split where it breaks a cannot-link (two names of one paper)."""
    clusters: list[_Cluster] = []
    for signature in members:
        single = _single(signature)
        target = next((c for c in clusters if _may_merge(c, single)), None)
        if target is None:
            clusters.append(single)
        else:
            _absorb(target, single)
    return clusters


def _single(signature: Signature) -> _Cluster:
    c = _Cluster(
        first=signature.key,
        keys=[signature.key],
        names={normalize_name(signature.name): name_parts(signature.name)},
        papers={signature.paper: signature.position},
        coauthors=dict.fromkeys(signature.coauthors, 1),
        venues={signature.venue} if signature.venue else set(),
        terms=set(signature.terms),
        affiliations=set(signature.affiliations),
        years=(signature.year, signature.year) if signature.year is not None else None,
        groups={signature.group} if signature.group is not None else set(),
        apart=set(signature.apart),
    )
    for kind, value in signature.ids:
        c.ids[kind].add(value)
    return c


def _absorb(into: _Cluster, other: _Cluster) -> None:
    into.keys.extend(other.keys)
    into.first = min(into.first, other.first)
    into.names.update(other.names)
    into.papers.update(other.papers)
    for key, count in other.coauthors.items():
        into.coauthors[key] = into.coauthors.get(key, 0) + count
    into.venues |= other.venues
    into.terms |= other.terms
    into.affiliations |= other.affiliations
    into.groups |= other.groups
    into.apart |= other.apart
    for kind, values in other.ids.items():
        into.ids[kind] |= values
    if other.years is not None:
        into.years = (
            other.years
            if into.years is None
            else (min(into.years[0], other.years[0]), max(into.years[1], other.years[1]))
        )
    into.version += 1


def _features(c: _Cluster) -> list[tuple[str, str]]:
    return (
        [("name", norm) for norm, parts in c.names.items() if parts.first_full]
        + [("coauthor", key) for key in c.coauthors]
        + [("paper", f"{paper}#{position}") for paper, position in c.papers.items() if position is not None]
        + [("venue", v) for v in c.venues]
        + [("affiliation", a) for a in c.affiliations]
        + [(f"id:{kind}", value) for kind, values in c.ids.items() for value in values]
    )


def _may_merge(a: _Cluster, b: _Cluster) -> bool:
    """No cannot-link between the two: no shared paper but at one position, no differing veto id,
    every name pair compatible."""
    if a.groups & b.apart or b.groups & a.apart:
        return False
    for paper in a.papers.keys() & b.papers.keys():
        if a.papers[paper] is None or a.papers[paper] != b.papers[paper]:
            return False
    for kind in VETO_KINDS:
        if a.ids.get(kind) and b.ids.get(kind) and a.ids[kind] != b.ids[kind]:
            return False
    return all(compatible(x, y) for x in a.names.values() for y in b.names.values())


def _score(a: _Cluster, b: _Cluster, idf: dict[str, float], w: Weights) -> float:
    """Additive evidence that two clusters are one person (see `Weights`)."""
    return sum(_evidence(a, b, idf, w).values())


def _evidence(a: _Cluster, b: _Cluster, idf: dict[str, float], w: Weights) -> dict[str, float]:
    """The parts of `_score`, named; parts that do not apply are left out."""
    parts = {"name": _name_score(a, b, w)}
    if a.papers.keys() & b.papers.keys():  # _may_merge allowed it: the same place on the same paper
        parts["same place on one paper"] = w.same_position
    shared = len(a.coauthors.keys() & b.coauthors.keys())
    if shared:
        parts["shared co-authors"] = w.coauthor + w.more_coauthors * (min(shared, 3) - 1)
    if a.venues & b.venues:
        parts["shared venue"] = w.venue
    if a.affiliations & b.affiliations:
        parts["shared affiliation"] = w.affiliation
    terms = w.terms * min(2.0, sum(idf.get(t, 0.0) for t in a.terms & b.terms) / 2)
    if terms:
        parts["shared title words"] = terms
    for kind in HINT_KINDS:
        if a.ids.get(kind) and b.ids.get(kind) and not a.ids[kind] & b.ids[kind]:
            parts[f"different {kind} ids"] = w.hint_differs
    if a.years and b.years and max(a.years[0], b.years[0]) - min(a.years[1], b.years[1]) > w.year_gap:
        parts["years far apart"] = w.far_years
    return parts


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    """Two groups of a block (two stored authors) that could be one person, and why."""

    first: str
    second: str
    score: float
    evidence: dict[str, float]
    shared_coauthors: tuple[str, ...]
    """The co-authors' blocks both have written with."""


def group_pairs(signatures: list[Signature], weights: Weights = DEFAULT_WEIGHTS) -> list[PossibleDuplicate]:
    """Every pair of groups in one block that no cannot-link keeps apart, scored; best first.

    What `authors duplicates` lists: the stage merged the pairs that reached the threshold
    and were unambiguous, so the pairs left are the ones a person should look at.
    """
    signatures = sorted(signatures, key=lambda s: s.key)
    idf = _idf(signatures)
    groups: dict[str, list[Signature]] = defaultdict(list)
    for signature in signatures:
        groups[signature.group or signature.key].append(signature)
    clusters = {group: _one_cluster(members) for group, members in sorted(groups.items())}
    found = []
    names = sorted(clusters)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            a, b = clusters[first], clusters[second]
            if _may_merge(a, b):
                evidence = _evidence(a, b, idf, weights)
                shared = tuple(sorted(a.coauthors.keys() & b.coauthors.keys()))
                found.append(PossibleDuplicate(first, second, sum(evidence.values()), evidence, shared))
    return sorted(found, key=lambda p: (-p.score, p.first, p.second))


def _one_cluster(members: list[Signature]) -> _Cluster:
    cluster_ = _single(members[0])
    for signature in members[1:]:
        _absorb(cluster_, _single(signature))
    return cluster_


def _name_score(a: _Cluster, b: _Cluster, w: Weights) -> float:
    """The best agreement between any spelling of one and any of the other."""
    best = -math.inf
    for x in a.names.values():
        for y in b.names.values():
            best = max(best, _pair_name_score(x, y, w))
    return best


def _pair_name_score(x: NameParts, y: NameParts, w: Weights) -> float:
    if not x.given or not y.given:
        return w.initials_only
    match = given_match(x.given[0], y.given[0])
    if match == "same":  # the rest of the given names already agree: clusters are compatible
        return w.same_full_name
    if match == "typo":
        return w.typo
    if x.first_full is None and y.first_full is None:
        return w.initials_only
    return 0.0


def _idf(signatures: list[Signature]) -> dict[str, float]:
    """Title words weighed by rarity within the block; words in over a fifth of it weigh nothing."""
    counts: dict[str, int] = defaultdict(int)
    for signature in signatures:
        for term in signature.terms:
            counts[term] += 1
    n = len(signatures)
    return {t: math.log(n / c) for t, c in counts.items() if c <= max(1, n // 5) and n > 1}
