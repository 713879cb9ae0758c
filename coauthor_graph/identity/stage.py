"""The disambiguation stage over a store's authors: which stored authors to merge after a load.

Every store runs it the same way, at the end of a load and inside its transaction:

1. read the authors of the blocks the load touched (`block_of` their normalized names), for
   the blocks that hold two or more;
2. `worth_clustering`: keep the blocks where two authors' names could be one person (a block of
   'John Smith' and 'Jane Smith' is settled without reading a paper);
3. read one signature per (author, paper) of the authors left (`signature`);
4. `plan_merges`: cluster each block with `disambiguation.cluster_block`, each stored author a
   must-linked group, and merge every cluster of several authors into the best-ranked one
   (`survivor_rank`); the store then applies the merges.

The stores only read and write; what is merged, and into which node, is decided here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from coauthor_graph.identity.curation import Decision
from coauthor_graph.identity.disambiguation import PossibleDuplicate, Signature, cluster_block, group_pairs
from coauthor_graph.identity.keys import title_terms
from coauthor_graph.identity.names import SUFFIXES, compatible, family_key, name_parts, normalize_name, spelling_rank


class _Named(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def aliases(self) -> tuple[str, ...]: ...


A = TypeVar("A", bound=_Named)

PERSON_ID_KINDS = ("orcid", "dblp", "openalex", "scopus", "semantic_scholar")


def block_of(norm_name: str) -> str:
    """The block a stored author is compared in: family name and first initial of its name.

    A normalized name is already folded and in 'First Last' order, so this is `name_parts(norm).block`
    without reading the name again (a load computes it for every new author).

    >>> block_of("hal daume iii"), block_of("w a wall"), block_of("plato"), block_of("julia m hoermann")
    ('daume h', 'wall w', 'plato', 'hormann j')
    """
    words = norm_name.split()
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    if len(words) < 2:
        return family_key(words[0]) if words else ""
    return f"{family_key(words[-1])} {words[0][0]}"


def printed_as(norm: str, authors: Sequence[A]) -> list[A]:
    """The authors (of one block) who were printed with this normalized name, as name or alias."""
    return [a for a in authors if any(normalize_name(s) == norm for s in (a.name, *a.aliases))]


@dataclass(frozen=True, slots=True)
class StoredAuthor:
    id: str
    name: str
    spellings: tuple[str, ...]
    """The name and its aliases."""
    keys: tuple[tuple[str, str], ...] = ()
    """Person ids as (kind, value)."""


@dataclass(frozen=True, slots=True)
class Merge:
    """Authors found to be one person: the absorbed ones become the survivor."""

    survivor: str
    absorbed: tuple[str, ...]


def worth_clustering(authors: Sequence[StoredAuthor]) -> bool:
    """Whether any two of the block's authors have spellings that could be one person."""
    parts = [(a.id, name_parts(spelling)) for a in authors for spelling in a.spellings]
    return any(i != j and compatible(x, y) for n, (i, x) in enumerate(parts) for j, y in parts[n + 1 :])


def signature(
    author: StoredAuthor,
    paper: str,
    position: int | None,
    year: int | None,
    title: str | None,
    venue: str | None,
    coauthor_names: Iterable[str],
    apart: frozenset[str] = frozenset(),
) -> Signature:
    """One (author, paper) as the stage sees it; the author's id is its must-linked group, and
    `apart` the authors a curator split from it."""
    return Signature(
        key=f"{author.id}|{paper}",
        name=author.name,
        paper=paper,
        position=position,
        coauthors=frozenset(name_parts(name).block for name in coauthor_names),
        venue=venue,
        year=year,
        terms=frozenset(title_terms(title)),
        ids=author.keys,
        group=author.id,
        apart=apart,
    )


def survivor_rank(author: StoredAuthor) -> tuple[bool, tuple, str]:
    """Which author of a cluster keeps its id: one named by a person id, then the best spelling, then the id."""
    named_by_id = any(author.id.startswith(f"author:{kind}:") for kind in PERSON_ID_KINDS)
    return (named_by_id, spelling_rank(author.name), author.id)


def plan_merges(blocks: Iterable[Sequence[StoredAuthor]], signatures: Mapping[str, Sequence[Signature]]) -> list[Merge]:
    """The merges for these blocks, each author absorbed at most once, in the survivors' id order."""
    merges: list[Merge] = []
    for authors in blocks:
        by_id = {a.id: a for a in authors}
        block_signatures = [s for a in authors for s in signatures.get(a.id, ())]
        for keys in cluster_block(block_signatures):
            members = sorted({key.split("|", 1)[0] for key in keys})
            if len(members) > 1:
                survivor = max(members, key=lambda node: survivor_rank(by_id[node]))
                merges.append(Merge(survivor, tuple(m for m in members if m != survivor)))
    return sorted(merges, key=lambda m: m.survivor)


def curated_merges(decisions: Iterable[Decision], holders: Mapping[str, StoredAuthor]) -> list[Merge]:
    """The merges the ledger asks for that are not done yet.

    `holders` maps a decision's author id to the stored author that holds it now (itself, or the
    author it was merged into); ids no store holds are passed over until a load brings them.
    Decisions that share an author join into one merge, into the best-ranked author.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    for decision in decisions:
        if decision.action != "merge":
            continue
        held = sorted({holders[a].id for a in decision.authors if a in holders})
        for node in held[1:]:
            parent[root(node)] = root(held[0])
    by_id = {a.id: a for a in holders.values()}
    groups: dict[str, list[str]] = defaultdict(list)
    for node in sorted(by_id):
        groups[root(node)].append(node)
    merges = []
    for members in groups.values():
        if len(members) > 1:
            survivor = max(members, key=lambda node: survivor_rank(by_id[node]))
            merges.append(Merge(survivor, tuple(m for m in members if m != survivor)))
    return sorted(merges, key=lambda m: m.survivor)


@dataclass(frozen=True, slots=True)
class Split:
    """Papers of `author` that are `into`'s, another person of the same name (a curator's split)."""

    author: str
    into: str
    papers: tuple[str, ...]


def curated_splits(decisions: Iterable[Decision], holders: Mapping[str, StoredAuthor]) -> list[Split]:
    """The ledger's splits, for the authors that hold the split authors' ids now."""
    return [
        Split(holders[d.authors[0]].id, d.split_into, d.papers)
        for d in decisions
        if d.action == "split" and d.authors[0] in holders
    ]


def kept_apart(decisions: Iterable[Decision], holders: Mapping[str, StoredAuthor]) -> dict[str, frozenset[str]]:
    """Who the stage must never merge with whom: each split author and the person split from them."""
    apart: dict[str, set[str]] = defaultdict(set)
    for split in curated_splits(decisions, holders):
        apart[split.author].add(split.into)
        apart[split.into].add(split.author)
    return {node: frozenset(others) for node, others in apart.items()}


def duplicates(
    blocks: Iterable[Sequence[StoredAuthor]], signatures: Mapping[str, Sequence[Signature]], min_score: float
) -> list[PossibleDuplicate]:
    """Pairs of authors of one block that no cannot-link keeps apart, scoring at least `min_score`; best first."""
    found = [
        pair
        for authors in blocks
        for pair in group_pairs([s for a in authors for s in signatures.get(a.id, ())])
        if pair.score >= min_score
    ]
    return sorted(found, key=lambda d: (-d.score, d.first, d.second))


def crowded(blocks: Mapping[str, list[StoredAuthor]]) -> list[list[StoredAuthor]]:
    """The blocks worth clustering, in block order, their authors in id order."""
    return [
        sorted(authors, key=lambda a: a.id)
        for _, authors in sorted(blocks.items())
        if len(authors) > 1 and worth_clustering(authors)
    ]


def grouped(rows: Iterable[tuple[str, StoredAuthor]]) -> dict[str, list[StoredAuthor]]:
    """(block, author) rows as block -> authors."""
    found: dict[str, list[StoredAuthor]] = defaultdict(list)
    for block, author in rows:
        found[block].append(author)
    return found
