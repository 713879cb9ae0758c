"""Curating identity: the duplicates worth a look, merges people decide, the ledger, an author's history.

The entry points (CLI, GraphQL) call these; the stores only answer (`store.port.IdentityCuration`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coauthor_graph.domain.errors import NotFoundError
from coauthor_graph.domain.views import Author, UpsertReport
from coauthor_graph.identity.curation import Decision, ledger_lines, read_ledger
from coauthor_graph.identity.stage import PossibleDuplicate
from coauthor_graph.services.lookup import find_author_by_name_or_id
from coauthor_graph.store.port import GraphStore


@dataclass(frozen=True, slots=True)
class Duplicate:
    first: Author
    second: Author
    score: float
    evidence: dict[str, float]
    shared_coauthors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AuthorHistory:
    author: Author
    merged_ids: tuple[str, ...]
    """Authors merged into this one (by the stage or by a decision)."""
    decisions: tuple[Decision, ...]
    """The ledger's decisions that name this author or one merged into it."""


async def possible_duplicates(store: GraphStore, min_score: float = 0.0, limit: int = 50) -> list[Duplicate]:
    pairs: list[PossibleDuplicate] = await store.possible_duplicates(min_score, limit)
    nodes = await store.get_many([node_id for pair in pairs for node_id in (pair.first, pair.second)])
    authors = {node.id: node for node in nodes if isinstance(node, Author)}
    return [
        Duplicate(authors[p.first], authors[p.second], p.score, p.evidence, p.shared_coauthors)
        for p in pairs
        if p.first in authors and p.second in authors
    ]


async def merge_authors(store: GraphStore, names_or_ids: Sequence[str], note: str = "") -> UpsertReport:
    """Decide that these authors are one person: recorded in the ledger, applied now and by every later load."""
    authors = [await find_author_by_name_or_id(store, name) for name in names_or_ids]
    if len({a.id for a in authors}) < 2:
        raise NotFoundError("name two or more different authors to merge")
    return await store.curate([Decision.merge([a.id for a in authors], note)])


async def split_author(store: GraphStore, name_or_id: str, paper_ids: Sequence[str], note: str = "") -> UpsertReport:
    """Decide that these papers of an author are another person's (of the same name): the papers go to
    a new author, whom the stage never merges back, now and after every later load."""
    author = await find_author_by_name_or_id(store, name_or_id)
    written = {paper.id for paper in await store.papers_of_author(author.id)}
    strangers = sorted(set(paper_ids) - written)
    if strangers:
        raise NotFoundError(f"{author.name} ({author.id}) did not write: {', '.join(strangers)}")
    if not paper_ids or set(paper_ids) == written:
        raise NotFoundError("name some, not all, of the author's papers: they go to the other person")
    return await store.curate([Decision.split(author.id, paper_ids, note)])


async def history(store: GraphStore, name_or_id: str) -> AuthorHistory:
    author = await find_author_by_name_or_id(store, name_or_id)
    merged = await store.merged_into(author.id)
    known = {author.id, *merged}
    decisions = tuple(d for d in await store.curation_ledger() if known & set(d.authors))
    return AuthorHistory(author, tuple(merged), decisions)


async def export_ledger(store: GraphStore, path: Path) -> int:
    decisions = await store.curation_ledger()
    path.write_text(ledger_lines(decisions), encoding="utf-8")
    return len(decisions)


async def import_ledger(store: GraphStore, path: Path) -> UpsertReport:
    """Read the whole file first (a bad line names its place, and nothing is recorded), then curate."""
    return await store.curate(read_ledger(path))
