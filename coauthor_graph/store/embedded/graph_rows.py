"""The embedded store's tables as `store.graph_rows.GraphRows`, read in one SQLite read transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from coauthor_graph.identity.curation import Decision
from coauthor_graph.store.embedded.identities import REDIRECT, REDIRECT_KIND
from coauthor_graph.store.graph_rows import AuthorRow, CoauthoredRow, PaperRow, TopicRow, VenueRow

_BATCH = 10_000


def _rows(db: sqlite3.Connection, sql: str) -> Iterator[tuple]:
    cursor = db.execute(sql)
    while batch := cursor.fetchmany(_BATCH):
        yield from batch


class EmbeddedGraphRows:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def authors(self) -> Iterator[AuthorRow]:
        found = _rows(
            self._db,
            "SELECT a.id, a.name, a.norm_name, a.block, a.orcid, a.aliases, a.sources, a.metrics,"
            f" (SELECT json_group_array(key) FROM author_key k WHERE k.author = a.n AND key NOT GLOB '{REDIRECT}*'),"
            " (SELECT count(*) FROM coauthored c WHERE c.a = a.n) + (SELECT count(*) FROM coauthored c WHERE c.b = a.n)"
            " FROM author a ORDER BY a.n",
        )
        for node_id, name, norm, block, orcid, aliases, sources, metrics, keys, coauthors in found:
            pairs = (key.split(":", 1) for key in json.loads(keys))
            yield AuthorRow(
                id=node_id,
                name=name,
                norm_name=norm,
                block=block,
                orcid=orcid,
                external={kind: value for kind, value in pairs if kind not in ("orcid", REDIRECT_KIND)},
                aliases=json.loads(aliases),
                sources=json.loads(sources),
                metrics=json.loads(metrics),
                coauthors=coauthors,
            )

    def papers(self) -> Iterator[PaperRow]:
        found = _rows(
            self._db,
            "SELECT p.id, p.title, p.year, p.date, p.doi, p.arxiv_id, p.fingerprint, p.url, p.abstract,"
            " p.authors_complete, p.tags, p.sources, p.field_sources,"
            " (SELECT json_group_array(key) FROM paper_record r WHERE r.paper = p.n),"
            " (SELECT json_group_array(json_array(a.position, a.institution)) FROM paper_affiliation a"
            " WHERE a.paper = p.n)"
            " FROM paper p ORDER BY p.n",
        )
        for row in found:
            *fields, complete, tags, sources, field_sources, records, affiliations = row
            paper_id, title, year, date, doi, arxiv_id, fingerprint, url, abstract = fields
            yield PaperRow(
                paper_id,
                title,
                year,
                date,
                doi,
                arxiv_id,
                fingerprint,
                url,
                abstract,
                authors_complete=bool(complete),
                tags=json.loads(tags),
                sources=json.loads(sources),
                field_sources=json.loads(field_sources),
                records=dict(key.split(":", 1) for key in json.loads(records)),
                affiliations=sorted((position, name) for position, name in json.loads(affiliations)),
            )

    def topics(self) -> Iterator[TopicRow]:
        found = _rows(
            self._db,
            "SELECT t.id, t.name, t.norm_name, t.scheme, t.code,"
            " (SELECT count(*) FROM author_topic x WHERE x.topic = t.n) FROM topic t ORDER BY t.n",
        )
        return (TopicRow(*row) for row in found)

    def venues(self) -> Iterator[VenueRow]:
        return (VenueRow(*row) for row in _rows(self._db, "SELECT id, name, kind, issn FROM venue ORDER BY n"))

    def authored(self) -> Iterator[tuple[str, str, int | None]]:
        return _rows(
            self._db,
            "SELECT a.id, p.id, x.position FROM authored x"
            " JOIN author a ON a.n = x.author JOIN paper p ON p.n = x.paper",
        )

    def about(self) -> Iterator[tuple[str, str]]:
        return _rows(
            self._db, "SELECT p.id, t.id FROM about x JOIN paper p ON p.n = x.paper JOIN topic t ON t.n = x.topic"
        )

    def published_in(self) -> Iterator[tuple[str, str]]:
        return _rows(
            self._db,
            "SELECT p.id, v.id FROM published_in x JOIN paper p ON p.n = x.paper JOIN venue v ON v.n = x.venue",
        )

    def broader(self) -> Iterator[tuple[str, str]]:
        return _rows(
            self._db, "SELECT t.id, u.id FROM broader x JOIN topic t ON t.n = x.topic JOIN topic u ON u.n = x.parent"
        )

    def coauthored(self) -> Iterator[CoauthoredRow]:
        found = _rows(
            self._db,
            "SELECT a.id, b.id, c.papers, c.first_year, c.last_year"
            " FROM coauthored c JOIN author a ON a.n = c.a JOIN author b ON b.n = c.b",
        )
        for a, b, papers, first_year, last_year in found:
            yield CoauthoredRow(min(a, b), max(a, b), papers, first_year, last_year)

    def author_topics(self) -> Iterator[tuple[str, str, int]]:
        return _rows(
            self._db,
            "SELECT a.id, t.id, x.papers FROM author_topic x"
            " JOIN author a ON a.n = x.author JOIN topic t ON t.n = x.topic",
        )

    def merged(self) -> Iterator[tuple[str, str]]:
        return _rows(
            self._db,
            f"SELECT substr(k.key, {len(REDIRECT) + 1}), a.id FROM author_key k JOIN author a ON a.n = k.author"
            f" WHERE k.key GLOB '{REDIRECT}*'",
        )

    def decisions(self) -> Iterator[Decision]:
        for (text,) in _rows(self._db, "SELECT decision FROM curation ORDER BY seq"):
            yield Decision.from_json(json.loads(text))
