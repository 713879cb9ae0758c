"""The disambiguation stage (`identity.stage`) in the embedded store: read what it needs with SQL,
apply the merges it decides.

A merged author's former id is kept in author_key as a redirect (`REDIRECT` + id), so later
loads and look-ups by that id or name still find the person.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from coauthor_graph.identity import stage
from coauthor_graph.identity.curation import Decision
from coauthor_graph.identity.names import preferred_spelling
from coauthor_graph.store.embedded.sql import IDS, PAIRED

REDIRECT_KIND = "id"
REDIRECT = f"{REDIRECT_KIND}:"
"""author_key prefix of a merged node's former id: the key names the node that absorbed it."""
_REDIRECTS = REDIRECT + "*"
"""GLOB pattern of redirect keys: an exact prefix, which author_key's primary key answers as a range."""


Merges = list[tuple[int, tuple[int, ...]]]
"""(survivor, absorbed) author keys."""


def plan_merges(db: sqlite3.Connection, authors: Iterable[int], decisions: list[Decision]) -> Merges:
    """The merges the stage decides for the blocks of these authors (never across a curator's split)."""
    blocks, n_of = _crowded_blocks(db, sorted(authors))
    if not blocks:
        return []
    apart = stage.kept_apart(decisions, _holders(db, decisions)[0]) if decisions else {}
    signatures = _signatures(db, {a.id: a for authors in blocks for a in authors}, n_of, apart)
    return [(n_of[m.survivor], tuple(n_of[a] for a in m.absorbed)) for m in stage.plan_merges(blocks, signatures)]


def ledger_merges(db: sqlite3.Connection, decisions: list[Decision]) -> Merges:
    """The merges the ledger asks for that are not done yet (run after the stage's own)."""
    if not decisions:
        return []
    holders, n_of = _holders(db, decisions)
    merges = stage.curated_merges(decisions, holders)
    return [(n_of[m.survivor], tuple(n_of[a] for a in m.absorbed)) for m in merges]


def ledger_splits(db: sqlite3.Connection, decisions: list[Decision]) -> list[tuple[int, stage.Split]]:
    """The ledger's splits (run after its merges), each with the key of the author it splits."""
    if not any(d.action == "split" for d in decisions):
        return []
    holders, n_of = _holders(db, decisions)
    return [(n_of[split.author], split) for split in stage.curated_splits(decisions, holders)]


def _holders(db: sqlite3.Connection, decisions: list[Decision]) -> tuple[dict[str, stage.StoredAuthor], dict[str, int]]:
    """The author holding each id the decisions name now (itself, or the author it was merged into),
    and each holder's key."""
    wanted = sorted({node_id for decision in decisions for node_id in decision.authors})
    holder = {
        node_id: n
        for node_id, n in db.execute(
            "SELECT w.value, coalesce(a.n, k.author) FROM json_each(?) w LEFT JOIN author a ON a.id = w.value"
            " LEFT JOIN author_key k ON k.key = ? || w.value",
            (json.dumps(wanted), REDIRECT),
        )
        if n is not None
    }
    stored = _stored_authors(db, sorted(set(holder.values())))
    return {node_id: stored[n] for node_id, n in holder.items()}, {a.id: n for n, a in stored.items()}


def holds_any(db: sqlite3.Connection, author: int, papers: Iterable[str]) -> bool:
    """Whether the author wrote any of these papers (a split creates its person only then)."""
    found = db.execute(
        f"SELECT 1 FROM authored w JOIN paper p ON p.n = w.paper WHERE w.author = ? AND p.id IN ({IDS}) LIMIT 1",
        (author, json.dumps(list(papers))),
    )
    return found.fetchone() is not None


def split(db: sqlite3.Connection, author: int, into: int, papers: list[str]) -> bool:
    """Give the author's edges to these papers to `into` (who may hold some already); whether any moved."""
    wanted = json.dumps(papers)
    moved = db.execute(
        "INSERT INTO authored (author, paper, position) SELECT ?, w.paper, w.position FROM authored w"
        f" JOIN paper p ON p.n = w.paper WHERE w.author = ? AND p.id IN ({IDS}) ORDER BY w.paper"
        " ON CONFLICT (author, paper) DO UPDATE SET position = coalesce(position, excluded.position)",
        (into, author, wanted),
    ).rowcount
    db.execute(
        f"DELETE FROM authored WHERE author = ? AND paper IN (SELECT n FROM paper WHERE id IN ({IDS}))",
        (author, wanted),
    )
    if moved:
        recount(db, author)
        recount(db, into)
    return moved > 0


def possible_duplicates(db: sqlite3.Connection, min_score: float, limit: int) -> list[stage.PossibleDuplicate]:
    """Pairs of stored authors of one block that could be one person, best first (`stage.duplicates`)."""
    blocks, n_of = _crowded_blocks(db, None)
    signatures = _signatures(db, {a.id: a for authors in blocks for a in authors}, n_of)
    return stage.duplicates(blocks, signatures, min_score)[:limit]


def _crowded_blocks(
    db: sqlite3.Connection, authors: list[int] | None
) -> tuple[list[list[stage.StoredAuthor]], dict[str, int]]:
    """The blocks worth clustering among those of these authors (all blocks for None), and each author's key."""
    parameters: tuple[str, ...] = ()
    if authors is None:
        touched = ""
    else:
        touched, parameters = f"WHERE block IN (SELECT block FROM author WHERE n IN ({IDS}))", (json.dumps(authors),)
    rows = db.execute(
        "SELECT a.block, a.n FROM author a WHERE a.block IN ("
        f" SELECT block FROM author {touched} GROUP BY block HAVING count(*) > 1)",
        parameters,
    ).fetchall()
    if not rows:
        return [], {}
    stored = _stored_authors(db, [n for _, n in rows])
    blocks = stage.crowded(stage.grouped((block, stored[n]) for block, n in rows))
    return blocks, {a.id: n for n, a in stored.items()}


def _stored_authors(db: sqlite3.Connection, members: list[int]) -> dict[int, stage.StoredAuthor]:
    keys: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for n, key in db.execute(
        f"SELECT author, key FROM author_key WHERE author IN ({IDS}) ORDER BY author, key", (json.dumps(members),)
    ):
        if not key.startswith(REDIRECT):
            kind, value = key.split(":", 1)
            keys[n].append((kind, value))
    return {
        n: stage.StoredAuthor(node_id, name, (name, *json.loads(aliases)), tuple(keys[n]))
        for n, node_id, name, aliases in db.execute(
            f"SELECT n, id, name, aliases FROM author WHERE n IN ({IDS})", (json.dumps(members),)
        )
    }


# --- the ledger ----------------------------------------------------------------------------------


def ledger(db: sqlite3.Connection) -> list[Decision]:
    """Every decision, in the order it was recorded."""
    return [
        Decision.from_json(json.loads(text)) for (text,) in db.execute("SELECT decision FROM curation ORDER BY seq")
    ]


def record(db: sqlite3.Connection, decisions: Iterable[Decision]) -> int:
    """Add decisions the ledger does not hold yet; how many were new."""
    added = 0
    for decision in decisions:
        cursor = db.execute(
            "INSERT OR IGNORE INTO curation (key, decision) VALUES (?, ?)",
            (decision.key, json.dumps(decision.to_json(), ensure_ascii=False)),
        )
        added += cursor.rowcount
    return added


def former_ids(db: sqlite3.Connection, n: int) -> list[str]:
    """The ids of the authors merged into this one."""
    return [
        key.removeprefix(REDIRECT)
        for (key,) in db.execute(
            "SELECT key FROM author_key WHERE author = ? AND key GLOB ? ORDER BY key", (n, _REDIRECTS)
        )
    ]


def any_redirects(db: sqlite3.Connection) -> bool:
    """Whether any author was merged into another yet."""
    return db.execute("SELECT EXISTS (SELECT 1 FROM author_key WHERE key GLOB ?)", (_REDIRECTS,)).fetchone()[0] == 1


def _signatures(
    db: sqlite3.Connection,
    authors: dict[str, stage.StoredAuthor],
    n_of: dict[str, int],
    apart: dict[str, frozenset[str]] | None = None,
) -> dict[str, list]:
    """One signature per paper of each author; `apart`: who a curator split from whom."""
    apart = apart or {}
    members = json.dumps(sorted(n_of[node_id] for node_id in authors))
    coauthors: dict[tuple[int, int], list[str]] = defaultdict(list)
    for author, paper, name in db.execute(
        "SELECT w.author, w.paper, a.name FROM authored w"
        " JOIN authored o ON o.paper = w.paper AND o.author != w.author"
        f" JOIN author a ON a.n = o.author WHERE w.author IN ({IDS}) AND {PAIRED.format(paper='w.paper')}",
        (members,),
    ):
        coauthors[author, paper].append(name)
    found: dict[str, list] = defaultdict(list)
    for author, node_id, paper, paper_id, position, year, title, venue in db.execute(
        "SELECT w.author, me.id, p.n, p.id, w.position, p.year, p.title, v.id FROM author me"
        " JOIN authored w ON w.author = me.n JOIN paper p ON p.n = w.paper"
        f" LEFT JOIN published_in pi ON pi.paper = p.n LEFT JOIN venue v ON v.n = pi.venue WHERE me.n IN ({IDS})",
        (members,),
    ):
        found[node_id].append(
            stage.signature(
                authors[node_id],
                paper_id,
                position,
                year,
                title,
                venue,
                coauthors[author, paper],
                apart.get(node_id, frozenset()),
            )
        )
    return found


def merge(db: sqlite3.Connection, survivor: int, absorbed: tuple[int, ...]) -> None:
    """Move the absorbed authors' edges, keys and spellings onto the survivor, delete them, and
    count the survivor's tallies again from its edges.

    Two records of one paper may list the person under two spellings at one position (the
    only shared paper the stage allows): the paper keeps one AUTHORED edge, so the tallies
    are recounted rather than added up.
    """
    gone = json.dumps(list(absorbed))
    db.execute(
        "INSERT INTO authored (author, paper, position) SELECT ?, paper, position FROM authored"
        f" WHERE author IN ({IDS}) ORDER BY paper"
        " ON CONFLICT (author, paper) DO UPDATE SET position = coalesce(position, excluded.position)",
        (survivor, gone),
    )
    for table, column in _AUTHOR_COLUMNS:
        db.execute(f"DELETE FROM {table} WHERE {column} IN ({IDS})", (gone,))
    recount(db, survivor)
    db.execute(f"UPDATE author_key SET author = ? WHERE author IN ({IDS})", (survivor, gone))
    rows = db.execute(
        f"SELECT n, id, name, aliases, orcid, sources, metrics FROM author WHERE n IN ({IDS})",
        (json.dumps([survivor, *absorbed]),),
    ).fetchall()
    kept = next(row for row in rows if row[0] == survivor)
    spellings = {spelling for row in rows for spelling in (row[2], *json.loads(row[3]))}
    name = preferred_spelling(spellings)
    for n, node_id, old_name, old_aliases, *_ in rows:
        if n != survivor:
            db.execute("INSERT OR REPLACE INTO author_key (key, author) VALUES (?, ?)", (REDIRECT + node_id, survivor))
            db.execute(
                "INSERT INTO author_fts (author_fts, rowid, name, aliases) VALUES ('delete', ?, ?, ?)",
                (n, old_name, old_aliases),
            )
            db.execute("DELETE FROM author WHERE n = ?", (n,))
    db.execute(
        "UPDATE author SET name = ?, aliases = ?, sources = ?, orcid = ?, metrics = ? WHERE n = ?",
        (
            name,
            json.dumps(sorted(spellings - {name})),
            json.dumps(sorted({source for row in rows for source in json.loads(row[5])})),
            kept[4] or next((row[4] for row in rows if row[4]), None),
            kept[6] if kept[6] != "{}" else next((row[6] for row in rows if row[6] != "{}"), "{}"),
            survivor,
        ),
    )


_AUTHOR_COLUMNS = (
    ("authored", "author"),
    ("coauthored", "a"),
    ("coauthored", "b"),
    ("author_topic", "author"),
    ("author_venue", "author"),
)
"""Every table row that names an author, by the column that names it."""


def recount(db: sqlite3.Connection, n: int) -> None:
    """An author's COAUTHORED, author-topic and author-venue rows, counted again from its edges."""
    db.execute("DELETE FROM coauthored WHERE a = ? OR b = ?", (n, n))
    db.execute(
        "INSERT INTO coauthored (a, b, papers, first_year, last_year)"
        " SELECT min(?, y.author), max(?, y.author), count(*), min(p.year), max(p.year) FROM authored x"
        " JOIN authored y ON y.paper = x.paper AND y.author != x.author JOIN paper p ON p.n = x.paper"
        f" WHERE x.author = ? AND {PAIRED.format(paper='x.paper')} GROUP BY y.author",
        (n, n, n),
    )
    for table, column, edges in (("author_topic", "topic", "about"), ("author_venue", "venue", "published_in")):
        db.execute(f"DELETE FROM {table} WHERE author = ?", (n,))
        db.execute(
            f"INSERT INTO {table} (author, {column}, papers) SELECT ?, e.{column}, count(*) FROM authored w"
            f" JOIN {edges} e ON e.paper = w.paper WHERE w.author = ? GROUP BY e.{column}",
            (n, n),
        )
