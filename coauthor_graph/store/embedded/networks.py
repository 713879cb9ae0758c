"""The papers a network is drawn from (`store.port.NetworkReads`), read from the embedded tables."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence

from coauthor_graph.domain.views import PaperLinks
from coauthor_graph.store.embedded.sql import IDS

_UNDER_TOPIC = (
    "WITH RECURSIVE under(n) AS (SELECT n FROM topic WHERE id = ?"
    " UNION SELECT b.topic FROM broader b JOIN under u ON b.parent = u.n)"
)


def paper_links(
    db: sqlite3.Connection,
    author_ids: Sequence[str] | None,
    topic_id: str | None,
    first_year: int | None,
    last_year: int | None,
    limit: int | None = None,
) -> list[PaperLinks]:
    """See `NetworkReads.paper_links`: the chosen papers, then their authors, topics and venues in
    three flat reads of the same choice (one query per paper would cost a round trip each)."""
    prefix, conditions = "", []
    parameters: list[object] = []
    if topic_id is not None:
        prefix = _UNDER_TOPIC
        parameters.append(topic_id)
        conditions.append("p.n IN (SELECT ab.paper FROM about ab JOIN under u ON ab.topic = u.n)")
    if author_ids is not None:
        conditions.append(
            f"p.n IN (SELECT w.paper FROM authored w JOIN author a ON a.n = w.author WHERE a.id IN ({IDS}))"
        )
        parameters.append(json.dumps(list(author_ids)))
    if first_year is not None:
        conditions.append("p.year >= ?")
        parameters.append(first_year)
    if last_year is not None:
        conditions.append("p.year <= ?")
        parameters.append(last_year)
    chosen = f"SELECT p.n FROM paper p WHERE {' AND '.join(conditions) or '1'}"
    if limit is not None:
        chosen += " ORDER BY p.id LIMIT ?"
        parameters.append(limit)

    def linked(select: str) -> dict[int, list[str]]:
        found: dict[int, list[str]] = defaultdict(list)
        for paper, node_id in db.execute(f"{prefix} {select} IN ({chosen})", parameters):
            found[paper].append(node_id)
        return found

    authors = linked("SELECT w.paper, a.id FROM authored w JOIN author a ON a.n = w.author WHERE w.paper")
    topics = linked("SELECT ab.paper, t.id FROM about ab JOIN topic t ON t.n = ab.topic WHERE ab.paper")
    venues = linked("SELECT pi.paper, v.id FROM published_in pi JOIN venue v ON v.n = pi.venue WHERE pi.paper")
    papers = db.execute(
        f"{prefix} SELECT p.n, p.id, p.year, p.title FROM paper p WHERE p.n IN ({chosen}) ORDER BY p.id", parameters
    )
    return [
        PaperLinks(
            paper_id=paper_id,
            year=year,
            authors=tuple(sorted(authors.get(n, ()))),
            title=title,
            topics=tuple(sorted(topics.get(n, ()))),
            venue=venues[n][0] if n in venues else None,
        )
        for n, paper_id, year, title in papers
    ]
