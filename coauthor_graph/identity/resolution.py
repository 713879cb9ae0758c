"""Identity resolution: which stored node a mention is, decided the same way by every store.

Stores differ only in how they look keys up (SQL, Cypher, an in-memory registry of what
the current load created); the decisions are these functions, over a small lookup port.

Example, a name-only mention and the one stored person of that name:
    >>> class Stored:
    ...     def by_key(self, key): return None
    ...     def by_id(self, node_id): return None
    ...     def homonyms(self, norm): return ["author:orcid:0000-0002-1825-0097"]
    ...     def keys_of(self, node): return {"orcid:0000-0002-1825-0097"}
    >>> find_author("fay fischer", [], Stored())
    'author:orcid:0000-0002-1825-0097'
    >>> find_author("fay fischer", ["orcid:0000-0001-5109-3700"], Stored()) is None
    True
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, Protocol, TypeVar

from coauthor_graph.domain.hyperauthorship import pairs_authors
from coauthor_graph.domain.records import AuthorRef, PaperRecord
from coauthor_graph.identity.disambiguation import VETO_KINDS
from coauthor_graph.identity.keys import (
    author_name_id,
    author_strong_id,
    normalize_arxiv_id,
    normalize_doi,
    normalize_name,
    normalize_text,
    title_fingerprint,
    venue_id,
    venue_issn_id,
)

H = TypeVar("H")
H_co = TypeVar("H_co", covariant=True)


class AuthorLookup(Protocol[H]):
    def by_key(self, key: str) -> H | None:
        """The author holding a strong key such as 'orcid:0000-…' or 'dblp:…'."""

    def by_id(self, node_id: str) -> H | None: ...

    def homonyms(self, norm: str) -> list[H]:
        """Authors whose normalized name is `norm` (two are enough to know it is ambiguous)."""

    def keys_of(self, node: H) -> set[str]: ...


class PaperLookup(Protocol[H]):
    def by_doi(self, doi: str) -> H | None: ...

    def by_arxiv(self, arxiv_id: str) -> list[tuple[H, str | None]]:
        """Papers with this arXiv id, each with its DOI."""

    def by_fingerprint(self, fingerprint: str) -> list[tuple[H, str | None, str | None]]:
        """Papers with this fingerprint, each with its DOI and arXiv id, smallest id first."""

    def by_record(self, key: str) -> H | None:
        """The paper a source's record id ('aan:J94-3002', see `record_key`) was loaded into."""

    def records_of(self, node: H) -> set[str]:
        """The source record ids a paper was loaded from."""

    def described(self, node: H) -> tuple[str, list[str]]:
        """A paper's title and the sources that described it."""


def strong_keys(ref: AuthorRef) -> list[str]:
    """An author mention's strong ids as 'kind:value' keys, ORCID first."""
    keys = [f"orcid:{ref.orcid}"] if ref.orcid else []
    return keys + [f"{kind}:{value}" for kind, value in ref.source_ids]


def conflicts(held: Iterable[str], strong: list[str]) -> bool:
    """Whether the stored keys name a different id of a kind the mention also has, for the kinds
    that veto (`disambiguation.VETO_KINDS`: ORCID, DBLP). A different OpenAlex, Scopus or Semantic
    Scholar id does not: those services split people, so their ids are evidence, weighed by the stage."""
    if not strong:
        return False
    wanted = dict(key.split(":", 1) for key in strong)
    return any(
        kind in VETO_KINDS and kind in wanted and wanted[kind] != value
        for kind, value in (key.split(":", 1) for key in held)
    )


def find_author(norm: str, strong: list[str], lookup: AuthorLookup[H]) -> H | None:
    """Strong ids first; else the name, but never across differing strong ids of one kind.

    A name-only mention joins the person stored under that name, or else the only stored
    person of that name; with two or more homonyms it joins none of them.
    """
    for key in strong:
        found = lookup.by_key(key)
        if found is not None:
            return found
    if strong:  # the node this mention once made may have been merged into another: follow it
        merged = lookup.by_id(new_author_id(norm, strong))
        if merged is not None:
            return merged
    named = lookup.by_id(author_name_id(norm))
    if strong:
        return named if named is not None and not conflicts(lookup.keys_of(named), strong) else None
    if named is not None:
        return named
    homonyms = lookup.homonyms(norm)
    return homonyms[0] if len(homonyms) == 1 else None


def new_author_id(norm: str, strong: list[str]) -> str:
    """The id a new author gets: from its first strong key, else from its name."""
    if strong:
        kind, value = strong[0].split(":", 1)
        return author_strong_id(kind, value)
    return author_name_id(norm)


def _compatible(stored: str | None, wanted: str | None) -> bool:
    return stored is None or wanted is None or stored == wanted


RECORD_SOURCES = ("aan", "dblp", "openalex")
"""Sources whose records carry the source's own id (`PaperRecord.record_id`)."""


def record_key(record: PaperRecord) -> str | None:
    """A source's own record id, prefixed by the source: 'aan:J94-3002', 'dblp:journals/cl/Kay94'."""
    return f"{record.source}:{record.record_id}" if record.record_id else None


def find_paper(
    doi: str | None, arxiv_id: str | None, fingerprint: str, lookup: PaperLookup[H], record: str | None = None
) -> H | None:
    """The source's record id, then DOI, arXiv id, fingerprint; a weaker key never joins papers whose
    stronger keys differ, and a title never joins two records of one source with different ids
    (AAN's J94-3002 and J94-3003 are both 'Commentary On Kaplan And Kay', by different people)."""
    if record:
        found = lookup.by_record(record)
        if found is not None:
            return found
    if doi:
        found = lookup.by_doi(doi)
        if found is not None:
            return found
    if arxiv_id:
        for node, stored_doi in lookup.by_arxiv(arxiv_id):
            if _compatible(stored_doi, doi):
                return node
    for node, stored_doi, stored_arxiv in lookup.by_fingerprint(fingerprint):
        if _compatible(stored_doi, doi) and _compatible(stored_arxiv, arxiv_id):
            if not (record and _another_record_of_its_source(lookup.records_of(node), record)):
                return node
    return None


def _another_record_of_its_source(held: set[str], record: str) -> bool:
    source = record.split(":", 1)[0]
    return any(key != record and key.split(":", 1)[0] == source for key in held)


TITLE_AGREEMENT = 0.5
"""Two titles are one paper's when their folded word sets overlap at least this much (Jaccard):
sources differ in case, punctuation and subtitles, rarely in most words."""
DOI_REGISTRY_AUTHORITY = 40
"""Sources at least this trusted (OpenAlex, DBLP, arXiv) take DOIs from the registrars, so their
DOI decides even when the title changed (a paper renamed before publication). Hand-kept lists
(BibTeX, CSV, JSON Lines, profile pages) copy DOIs by hand, and copy them onto the wrong paper."""


def titles_agree(a: str, b: str) -> bool:
    """Whether two titles name one paper (see TITLE_AGREEMENT).

    >>> titles_agree("Deep Learning.", "deep learning: a review"), titles_agree("On engines", "Of mice")
    (True, False)
    """
    x, y = set(normalize_text(a).split()), set(normalize_text(b).split())
    return bool(x | y) and len(x & y) / len(x | y) >= TITLE_AGREEMENT


def doi_conflict(doi: str, title: str, source: str, lookup: PaperLookup[H]) -> bool:
    """Whether the paper holding `doi` is another paper: its title disagrees, and neither it nor the
    record comes from a source that takes DOIs from the registrars (DOI_REGISTRY_AUTHORITY)."""
    holder = lookup.by_doi(doi)
    if holder is None:
        return False
    stored_title, sources = lookup.described(holder)
    if untitled(stored_title) or untitled(title) or titles_agree(stored_title, title):
        return False  # an untitled record says nothing against the DOI
    return max(authority(s) for s in [*sources, source]) < DOI_REGISTRY_AUTHORITY


def first_positions(mentions: Iterable[tuple[H, int | None]]) -> dict[H, int | None]:
    """Resolved authors of one record in order; a person listed twice keeps their first known position."""
    authors: dict[H, int | None] = {}
    for node, position in mentions:
        if authors.get(node) is None:
            authors[node] = position
    return authors


@dataclass(frozen=True, slots=True)
class EdgePlan(Generic[H]):
    """What one record adds to a paper's stored edges: stored edges and positions always win."""

    new_authors: dict[H, int | None]
    positions_to_fill: dict[H, int]
    new_topics: list[H]
    add_venue: bool

    unpaired: list[H]
    """The stored authors, when the new ones take the paper past `MAX_PAIRED_AUTHORS`: the pairs it
    made among them go, so they are counted again."""

    @property
    def changes_paper(self) -> bool:
        """Whether an existing paper gains anything (a new paper's edges do not count as an update)."""
        return bool(self.new_authors or self.positions_to_fill or self.new_topics)


def plan_paper_edges(
    stored_authors: Mapping[H, int | None],
    stored_topics: Collection[H],
    has_venue: bool,
    authors: Mapping[H, int | None],
    topics: Iterable[H],
    venue: object | None,
) -> EdgePlan[H]:
    new_authors = {a: position for a, position in authors.items() if a not in stored_authors}
    crosses = (
        len(stored_authors) >= 2
        and pairs_authors(len(stored_authors))
        and not pairs_authors(len(stored_authors) + len(new_authors))
    )
    return EdgePlan(
        new_authors=new_authors,
        positions_to_fill={
            a: position
            for a, position in authors.items()
            if a in stored_authors and stored_authors[a] is None and position is not None
        },
        new_topics=[t for t in dict.fromkeys(topics) if t not in stored_topics],
        add_venue=venue is not None and not has_venue,
        unpaired=list(stored_authors) if crosses else [],
    )


def may_attach(owner: H | None, node: H) -> bool:
    """A DOI or arXiv id joins a paper only when no other paper holds it already."""
    return owner is None or owner == node


def initials_only(norm: str) -> bool:
    """'c huang', 'l l g carrette': every given name is a single letter."""
    parts = norm.split()
    return len(parts) >= 2 and all(len(part) == 1 for part in parts[:-1])


def expands(initials_norm: str, full_norm: str) -> bool:
    """Whether a fuller name fits an initials-only one: same last name, given initials as a prefix.

    'c huang' fits 'chengkai huang' and 'chengkai wei huang'; it does not fit 'chen huang wu' or
    another initials-only name ('c huang' is no fuller than itself).
    """
    short, full = initials_norm.split(), full_norm.split()
    if len(full) < 2 or short[-1] != full[-1] or initials_only(full_norm):
        return False
    given = [name[0] for name in full[:-1]]
    return given[: len(short) - 1] == short[:-1]


def find_by_initials(
    norm: str, coauthors: Iterable[H], collaborators: Callable[[H], Iterable[tuple[H, str]]]
) -> H | None:
    """The one known collaborator of the paper's co-authors whose name the initials abbreviate.

    `C. Huang` on a paper with Zhiqiang Liu joins Chengkai Huang when he is the only person
    among Zhiqiang Liu's (and the other co-authors') collaborators whose name fits; with
    none, or with two (Chengkai Huang and Chen Huang), it joins nobody and stays its own node.
    """
    coauthor_set = set(coauthors)
    matches = {
        candidate
        for coauthor in coauthor_set
        for candidate, candidate_norm in collaborators(coauthor)
        if candidate not in coauthor_set and expands(norm, candidate_norm)
    }
    return next(iter(matches)) if len(matches) == 1 else None


def abbreviated(ref: AuthorRef) -> bool:
    """A name-only mention written with initials, which the initials rule may resolve."""
    return not ref.orcid and not ref.source_ids and _initials_name(ref.name)


@lru_cache(maxsize=1 << 16)
def _initials_name(name: str) -> bool:
    return initials_only(normalize_name(name))


def resolve_authorship(
    refs: Iterable[AuthorRef], resolve: Callable[[AuthorRef, list[H] | None], H]
) -> dict[H, int | None]:
    """A record's authors with their positions (see `first_positions`): full names resolved first,
    then abbreviated names with the full names' people as their co-authors (`resolve(ref, None)`
    for the first kind). On a paper too large to pair its authors, no one is anyone's co-author."""
    refs = list(refs)
    nodes: dict[int, H] = {i: resolve(ref, None) for i, ref in enumerate(refs) if not abbreviated(ref)}
    context = list(nodes.values()) if pairs_authors(len(refs)) else None
    for i, ref in enumerate(refs):
        if i not in nodes:
            nodes[i] = resolve(ref, context)
    return first_positions((nodes[i], ref.position) for i, ref in enumerate(refs))


def mention_norm(name: str) -> str:
    """The name key a mention is matched by; a name with no letters or digits keeps its folded text."""
    return normalize_name(name) or name.strip().casefold()


def paper_keys(record: PaperRecord) -> tuple[str | None, str | None, str]:
    """A paper record's identity keys: DOI, arXiv id, title fingerprint. An untitled record's
    fingerprint is its own stronger keys', so no two untitled papers of a year share one."""
    doi, arxiv_id = normalize_doi(record.doi), normalize_arxiv_id(record.arxiv_id)
    if untitled(record.title):
        return doi, arxiv_id, title_fingerprint(f"untitled {record_key(record) or doi or arxiv_id}", record.year)
    return doi, arxiv_id, title_fingerprint(record.title, record.year)


def _no_title(name: str, value: object) -> bool:
    return name == "title" and isinstance(value, str) and untitled(value)


def untitled(title: str | None) -> bool:
    """A paper its source gave no title: its title comes from the next source that has one."""
    return not (title or "").strip()


SOURCE_AUTHORITY: dict[str, int] = {
    "openalex": 60,
    "dblp": 50,
    "arxiv-atom": 40,
    "arxiv-jsonl": 40,
    "bibtex": 30,
    "csv": 20,
    "jsonl": 20,
    "profile-page": 10,
}
"""How much a source is trusted for a paper's descriptive fields: curated indexes over exports over pages."""

DESCRIPTIVE_FIELDS = ("title", "year", "date", "abstract", "url")
"""Fields decided by authority; DOI and arXiv id are identity keys and are only ever filled in."""


def authority(source: str | None) -> int:
    return SOURCE_AUTHORITY.get(source or "", 0)


def merge_fields(
    stored: Mapping[str, tuple[object, str | None]], incoming: Mapping[str, object], source: str
) -> dict[str, tuple[object, str | None]]:
    """Each descriptive field from the most authoritative source that has it; a tie keeps the stored value.

    `stored` maps a field to (value, the source it came from). The outcome does not depend on
    the order sources arrive in: loading BibTeX then OpenAlex ends where OpenAlex then BibTeX does.
    """
    merged = dict(stored)
    for name in DESCRIPTIVE_FIELDS:
        value = incoming.get(name)
        if value is None or _no_title(name, value):
            continue
        current, current_source = merged.get(name, (None, None))
        if current is None or _no_title(name, current) or authority(source) > authority(current_source):
            merged[name] = (value, source)
    return merged


class VenueLookup(Protocol[H_co]):
    def by_issn(self, issn: str) -> H_co | None: ...

    def by_id(self, node_id: str) -> tuple[H_co, str | None] | None:
        """The venue with this id, with its ISSN."""


def find_venue(name: str, issn: str | None, lookup: VenueLookup[H]) -> H | None:
    """The ISSN first; else the name, unless the venue of that name holds a different ISSN."""
    if issn:
        found = lookup.by_issn(issn)
        if found is not None:
            return found
    named = lookup.by_id(venue_id(name))
    if named is None:
        return None
    node, stored_issn = named
    return node if not issn or stored_issn in (None, issn) else None


def new_venue_id(name: str, issn: str | None, lookup: VenueLookup[H]) -> str:
    """A new venue's id: from its name, or from its ISSN when another journal has the name."""
    return venue_issn_id(issn) if issn and lookup.by_id(venue_id(name)) is not None else venue_id(name)


def listed_affiliations(record: PaperRecord) -> list[tuple[int, str]]:
    """(author position, institution) for each institution an authorship of known position lists: what the
    stores keep per paper, so that merging or splitting authors never has to move it."""
    return sorted(
        {(ref.position, name) for ref in record.authors if ref.position is not None for name in ref.affiliations}
    )
