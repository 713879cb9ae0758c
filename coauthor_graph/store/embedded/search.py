"""Full-text search: every word must match, the last one as a prefix (search as you type).

Authors and topics are few and short: their matches are ranked by BM25.

Papers are searched in two tiers. Ranking every match by FTS5's BM25 costs time in proportion
to how common the words are (it counts each word's papers for the word's idf on every query):
on a million papers, 20 ms at the median and 370 ms at the 95th percentile. But a paper whose
title holds every word is what someone searching for a paper means first, and BM25 over a
title in which each word occurs once ranks by the title's length alone. So:

1. Title hits, shortest title first (in characters: finer than words, so fewer ties; ties by
   id, as in every ranking). paper_fts is keyed by title length (`schema.paper_fts_key`) and
   FTS5 yields matches in key order, so this tier reads the first `limit` title matches and
   stops; only the titles of the last length it reached are read whole, for their smallest ids.
2. Only when titles give fewer hits than asked: the papers that match through their abstract,
   by BM25 with title words weighted 10 and abstract words 1.

Scores: a title hit scores 1 plus the share of its title's characters that the query's words
make up, in (1, 2]; any other hit its BM25 s as s / (1 + s), in [0, 1). Title hits rank above
the rest.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from coauthor_graph.domain.views import SearchHit
from coauthor_graph.store.embedded import rows
from coauthor_graph.store.embedded.schema import PAPER_FTS_N_BITS, PAPER_OF_FTS_KEY

Search = Callable[[sqlite3.Connection, list[str], int], list[SearchHit]]
"""A search over one kind of node: the read connection, the normalized words (at least one), the limit."""


def match_every_word(words: list[str]) -> str:
    """An FTS5 query for every word, the last as a prefix; quoting keeps FTS5 operators in user text inert."""
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    return " ".join(quoted[:-1] + [quoted[-1] + "*"])


def papers(db: sqlite3.Connection, words: list[str], limit: int) -> list[SearchHit]:
    """The best `limit` papers for the words (normalized, at least one), by the tiers above."""
    every_word = match_every_word(words)
    in_title = f"{{title}} : ({every_word})"
    typed = len(" ".join(words))
    shortest = _first_title_hits(db, in_title, limit)
    if len(shortest) == limit:  # the last length reached may have more titles, with smaller ids
        last = shortest[-1][-1]
        shortest = [row for row in shortest if row[-1] < last]
        shortest += _title_hits_of_length(db, in_title, last, limit - len(shortest))
    hits = [SearchHit(node=rows.paper(row[:-1]), score=round(1 + min(1.0, typed / row[-1]), 6)) for row in shortest]
    missing = limit - len(hits)
    elsewhere = f"({every_word}) NOT {in_title}"
    if missing > 0 and db.execute("SELECT 1 FROM paper_fts WHERE paper_fts MATCH ?", (elsewhere,)).fetchone():
        hits += _abstract_hits(db, elsewhere, missing)  # BM25 is only paid for when the abstracts add hits
    return sorted(hits, key=lambda hit: (-hit.score, hit.node.id))  # the order cursors page by, rounding included


def _abstract_hits(db: sqlite3.Connection, elsewhere: str, limit: int) -> list[SearchHit]:
    found = db.execute(
        f"SELECT {rows.PAPER_COLUMNS}, max(0, -bm25(paper_fts, 10.0, 1.0)) AS s FROM paper_fts"
        f" JOIN paper p ON p.n = paper_fts.rowid & {PAPER_OF_FTS_KEY}"
        " WHERE paper_fts MATCH ? ORDER BY s DESC, p.id LIMIT ?",
        (elsewhere, limit),
    )
    return [SearchHit(node=rows.paper(row), score=round(bm25 / (1 + bm25), 6)) for *row, bm25 in found]


_TITLE_HITS = (
    f"SELECT {rows.PAPER_COLUMNS}, key >> {PAPER_FTS_N_BITS} FROM"
    " (SELECT rowid AS key FROM paper_fts WHERE paper_fts MATCH ?{keys})"
    f" JOIN paper p ON p.n = key & {PAPER_OF_FTS_KEY} ORDER BY {{order}} LIMIT ?"
)


def _first_title_hits(db: sqlite3.Connection, in_title: str, limit: int) -> list[tuple[Any, ...]]:
    """The first `limit` title matches in key order, as paper rows with their title's length."""
    found = db.execute(_TITLE_HITS.format(keys=" LIMIT ?", order="key"), (in_title, limit, limit))
    return found.fetchall()


def _title_hits_of_length(db: sqlite3.Connection, in_title: str, length: int, limit: int) -> list[tuple[Any, ...]]:
    """The title matches whose title is this long, smallest ids first."""
    first, past = length << PAPER_FTS_N_BITS, (length + 1) << PAPER_FTS_N_BITS
    found = db.execute(
        _TITLE_HITS.format(keys=" AND rowid >= ? AND rowid < ?", order="p.id"), (in_title, first, past, limit)
    )
    return found.fetchall()


def authors(db: sqlite3.Connection, words: list[str], limit: int) -> list[SearchHit]:
    return _by_bm25(db, "author_fts", "author a", "a", rows.AUTHOR_COLUMNS, rows.author, "10.0, 1.0", words, limit)


def topics(db: sqlite3.Connection, words: list[str], limit: int) -> list[SearchHit]:
    return _by_bm25(db, "topic_fts", "topic t", "t", rows.TOPIC_COLUMNS, rows.topic, "10.0, 5.0", words, limit)


def _by_bm25(
    db: sqlite3.Connection,
    fts: str,
    table: str,
    alias: str,
    columns: str,
    to_view: Callable[[Any], Any],
    weights: str,
    words: list[str],
    limit: int,
) -> list[SearchHit]:
    found = db.execute(
        f"SELECT {columns}, -bm25({fts}, {weights}) AS score FROM {fts} JOIN {table} ON {alias}.n = {fts}.rowid"
        f" WHERE {fts} MATCH ? ORDER BY score DESC, {alias}.id LIMIT ?",
        (match_every_word(words), limit),
    )
    return [SearchHit(node=to_view(row[:-1]), score=round(row[-1], 6)) for row in found]
