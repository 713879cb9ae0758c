"""SQL column lists and the functions that turn their rows into domain views."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from coauthor_graph.domain.views import Author, Paper, Topic, Venue
from coauthor_graph.store.embedded.identities import REDIRECT_KIND
from coauthor_graph.store.embedded.sql import IDS

AUTHOR_COLUMNS = (
    "a.id, a.name, a.orcid, a.aliases, a.metrics, a.sources,"
    " (SELECT json_group_array(key) FROM (SELECT key FROM author_key k WHERE k.author = a.n ORDER BY key))"
)
PAPER_COLUMNS = (
    "p.id, p.title, p.year, p.date, p.doi, p.arxiv_id, p.url, p.abstract, p.authors_complete, p.tags, p.sources"
)
TOPIC_COLUMNS = "t.id, t.name, t.scheme, t.code"
VENUE_COLUMNS = "v.id, v.name, v.kind, v.issn"


def author(row: Sequence[Any]) -> Author:
    node_id, name, orcid, aliases, metrics, sources, keys = row
    pairs = (key.split(":", 1) for key in json.loads(keys))
    external = tuple((kind, value) for kind, value in pairs if kind not in ("orcid", REDIRECT_KIND))
    return Author(
        id=node_id,
        name=name,
        aliases=tuple(json.loads(aliases)),
        orcid=orcid,
        external_ids=external,
        metrics=json.loads(metrics),
        sources=tuple(json.loads(sources)),
    )


def paper(row: Sequence[Any]) -> Paper:
    node_id, title, year, date, doi, arxiv_id, url, abstract, complete, tags, sources = row
    return Paper(
        id=node_id,
        title=title,
        year=year,
        date=date,
        doi=doi,
        arxiv_id=arxiv_id,
        url=url,
        abstract=abstract,
        authors_complete=bool(complete),
        tags=tuple(json.loads(tags)),
        sources=tuple(json.loads(sources)),
    )


def topic(row: Sequence[Any]) -> Topic:
    node_id, name, scheme, code = row
    return Topic(id=node_id, name=name, scheme=scheme, code=code)


def venue(row: Sequence[Any]) -> Venue:
    node_id, name, kind, issn = row
    return Venue(id=node_id, name=name, kind=kind, issn=issn)


@dataclass(frozen=True, slots=True)
class NodeTable:
    """How to read one label's views: the aliased table, its columns, the row converter."""

    source: str
    alias: str
    columns: str
    view: Callable[[Sequence[Any]], Any]


NODE_TABLES = {
    "author": NodeTable("author a", "a", AUTHOR_COLUMNS, author),
    "paper": NodeTable("paper p", "p", PAPER_COLUMNS, paper),
    "topic": NodeTable("topic t", "t", TOPIC_COLUMNS, topic),
    "venue": NodeTable("venue v", "v", VENUE_COLUMNS, venue),
}


def views_by_key(db: sqlite3.Connection, kind: str, keys: Collection[int]) -> dict[int, Any]:
    """Views of many nodes of one label, by their integer keys, in one query."""
    table = NODE_TABLES[kind]
    found = db.execute(
        f"SELECT {table.alias}.n, {table.columns} FROM {table.source} WHERE {table.alias}.n IN ({IDS})",
        (json.dumps(sorted(keys)),),
    )
    return {row[0]: table.view(row[1:]) for row in found}
