"""The disambiguation stage in the embedded store: re-cluster the name blocks a load touched,
and merge the stored authors that turn out to be one person.

A load first resolves each mention as before (strong ids, the exact name, the initials rule),
so a person printed several ways is several nodes at that point. Then, in the same
transaction, every block (family name + first initial) holding a node the load created or
matched is handed to `identity.disambiguation`, one signature per (node, paper), each node
its own must-linked group; nodes that end in one cluster are merged into the one whose id
ranks first (`survivor`), the others' ids kept as redirects so later loads and look-ups by
those ids still find the person. What a block is decided from is the whole stored block,
never the order its records came in.

Blocks with one node, or whose nodes' names cannot be one person ('John Smith', 'Jane
Smith'), are settled without reading their papers: a synthetic million-paper corpus, whose
names are all distinct, reads nothing here.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from coauthor_graph.graph.title_terms import title_terms
from coauthor_graph.identity.disambiguation import Signature, cluster_block
from coauthor_graph.identity.names import compatible, name_parts, preferred_spelling, spelling_rank

_IDS = "SELECT value FROM json_each(?)"
REDIRECT_KIND = "id"
REDIRECT = f"{REDIRECT_KIND}:"
"""author_key prefix of a merged node's former id: the key names the node that absorbed it."""


def spellings_blocks(name: str, aliases_json: str) -> set[str]:
    """The blocks a node is compared in: one per spelling it answers to."""
    return {name_parts(spelling).block for spelling in [name, *json.loads(aliases_json)]} - {""}


def index_blocks(db: sqlite3.Connection, authors: Iterable[int]) -> set[str]:
    """Enter the authors' spellings into author_block; the blocks they are in."""
    rows = db.execute(f"SELECT n, name, aliases FROM author WHERE n IN ({_IDS})", (json.dumps(sorted(authors)),))
    pairs = [(block, n) for n, name, aliases in rows for block in spellings_blocks(name, aliases)]
    db.executemany("INSERT OR IGNORE INTO author_block (block, author) VALUES (?, ?)", pairs)
    return {block for block, _ in pairs}


@dataclass(frozen=True, slots=True)
class Merge:
    survivor: int
    absorbed: tuple[int, ...]


def plan_merges(db: sqlite3.Connection, blocks: Iterable[str]) -> list[Merge]:
    """The merges the stage decides for these blocks, in a fixed order.

    A node whose spellings fall in two blocks may be clustered in each: such clusters are
    joined, so every node is absorbed at most once, into the best-ranked node of the union.
    """
    parent: dict[int, int] = {}
    ranks: dict[int, tuple] = {}

    def root(n: int) -> int:
        while parent.get(n, n) != n:
            n = parent[n]
        return n

    shared = db.execute(
        f"SELECT block, json_group_array(author) FROM (SELECT block, author FROM author_block WHERE block IN ({_IDS})"
        " ORDER BY block, author) GROUP BY block HAVING count(*) > 1",
        (json.dumps(sorted(blocks)),),
    ).fetchall()
    for _, members_json in shared:
        nodes = _nodes(db, json.loads(members_json))
        if not _any_compatible(nodes):
            continue
        by_id = {node.id: n for n, node in nodes.items()}
        signatures = [s for node in nodes.values() for s in _signatures(db, node)]
        for keys in cluster_block(signatures):
            group = sorted({by_id[key.split("|", 1)[0]] for key in keys})
            for n in group:
                ranks[n] = _rank(nodes[n])
                parent[root(n)] = root(group[0])
    groups: dict[int, list[int]] = defaultdict(list)
    for n in sorted(ranks):
        groups[root(n)].append(n)
    merges = []
    for members in groups.values():
        if len(members) > 1:
            survivor = max(members, key=ranks.__getitem__)
            merges.append(Merge(survivor, tuple(n for n in members if n != survivor)))
    return sorted(merges, key=lambda m: m.survivor)


@dataclass(frozen=True, slots=True)
class _Node:
    id: str
    name: str
    spellings: tuple[str, ...]
    keys: tuple[tuple[str, str], ...]


def _nodes(db: sqlite3.Connection, members: list[int]) -> dict[int, _Node]:
    keys: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for n, key in db.execute(f"SELECT author, key FROM author_key WHERE author IN ({_IDS})", (json.dumps(members),)):
        if not key.startswith(REDIRECT):
            kind, value = key.split(":", 1)
            keys[n].append((kind, value))
    return {
        n: _Node(node_id, name, (name, *json.loads(aliases)), tuple(sorted(keys[n])))
        for n, node_id, name, aliases in db.execute(
            f"SELECT n, id, name, aliases FROM author WHERE n IN ({_IDS})", (json.dumps(members),)
        )
    }


def _any_compatible(nodes: dict[int, _Node]) -> bool:
    parts = [(n, name_parts(spelling)) for n, node in nodes.items() for spelling in node.spellings]
    return any(a != b and compatible(x, y) for i, (a, x) in enumerate(parts) for b, y in parts[i + 1 :])


def _signatures(db: sqlite3.Connection, node: _Node) -> list[Signature]:
    """One signature per paper of the node, its group the node itself."""
    coauthors: dict[int, set[str]] = defaultdict(set)
    for paper, name in db.execute(
        "SELECT w.paper, a.name FROM author me JOIN authored w ON w.author = me.n"
        " JOIN authored o ON o.paper = w.paper AND o.author != w.author JOIN author a ON a.n = o.author"
        " WHERE me.id = ?",
        (node.id,),
    ):
        coauthors[paper].add(name_parts(name).block)
    return [
        Signature(
            key=f"{node.id}|{paper_id}",
            name=node.name,
            paper=paper_id,
            position=position,
            coauthors=frozenset(coauthors[paper]),
            venue=str(venue) if venue is not None else None,
            year=year,
            terms=frozenset(title_terms(title)),
            ids=node.keys,
            group=node.id,
        )
        for paper, paper_id, position, year, title, venue in db.execute(
            "SELECT p.n, p.id, w.position, p.year, p.title, pi.venue FROM author me JOIN authored w ON w.author = me.n"
            " JOIN paper p ON p.n = w.paper LEFT JOIN published_in pi ON pi.paper = p.n WHERE me.id = ?",
            (node.id,),
        )
    ]


def _rank(node: _Node) -> tuple[bool, tuple, str]:
    """Which node of a cluster keeps its id: one named by a person id, then the best spelling, then the id."""
    return (not node.id.startswith("author:") or node.id.count(":") > 1, spelling_rank(node.name), node.id)


def merge(db: sqlite3.Connection, plan: Merge) -> None:
    """Move the absorbed nodes' edges, keys and spellings onto the survivor, delete them, and
    count the survivor's tallies again from its edges.

    Two records of one paper may list the person under two spellings at one position (the
    only shared paper the stage allows): the paper keeps one AUTHORED edge, so the tallies
    are recounted rather than added up.
    """
    s = plan.survivor
    absorbed = json.dumps(list(plan.absorbed))
    db.execute(
        "INSERT INTO authored (author, paper, position) SELECT ?, paper, position FROM authored"
        f" WHERE author IN ({_IDS}) ORDER BY paper"
        " ON CONFLICT (author, paper) DO UPDATE SET position = coalesce(position, excluded.position)",
        (s, absorbed),
    )
    for table, columns in (("authored", "author"), ("coauthored", "a"), ("coauthored", "b"), ("author_topic", "author"),
                           ("author_venue", "author")):
        db.execute(f"DELETE FROM {table} WHERE {columns} IN ({_IDS})", (absorbed,))
    db.execute("DELETE FROM coauthored WHERE a = ? OR b = ?", (s, s))
    db.execute(
        "INSERT INTO coauthored (a, b, papers, first_year, last_year)"
        " SELECT min(?, y.author), max(?, y.author), count(*), min(p.year), max(p.year) FROM authored x"
        " JOIN authored y ON y.paper = x.paper AND y.author != x.author JOIN paper p ON p.n = x.paper"
        " WHERE x.author = ? GROUP BY y.author",
        (s, s, s),
    )
    for table, column, edges in (("author_topic", "topic", "about"), ("author_venue", "venue", "published_in")):
        db.execute(f"DELETE FROM {table} WHERE author = ?", (s,))
        db.execute(
            f"INSERT INTO {table} (author, {column}, papers) SELECT ?, e.{column}, count(*) FROM authored w"
            f" JOIN {edges} e ON e.paper = w.paper WHERE w.author = ? GROUP BY e.{column}",
            (s, s),
        )
    db.execute(f"UPDATE author_key SET author = ? WHERE author IN ({_IDS})", (s, absorbed))
    db.execute(
        f"INSERT OR IGNORE INTO author_block (block, author) SELECT block, ? FROM author_block WHERE author IN ({_IDS})",
        (s, absorbed),
    )
    db.execute(f"DELETE FROM author_block WHERE author IN ({_IDS})", (absorbed,))
    rows = db.execute(
        f"SELECT n, id, name, aliases, orcid, sources, metrics FROM author WHERE n IN ({_IDS})",
        (json.dumps([s, *plan.absorbed]),),
    ).fetchall()
    survivor = next(row for row in rows if row[0] == s)
    spellings = {spelling for row in rows for spelling in (row[2], *json.loads(row[3]))}
    name = preferred_spelling(spellings)
    sources = sorted({source for row in rows for source in json.loads(row[5])})
    orcid = survivor[4] or next((row[4] for row in rows if row[4]), None)
    metrics = survivor[6] if survivor[6] != "{}" else next((row[6] for row in rows if row[6] != "{}"), "{}")
    for n, node_id, old_name, old_aliases, *_ in rows:
        if n != s:
            db.execute("INSERT OR REPLACE INTO author_key (key, author) VALUES (?, ?)", (REDIRECT + node_id, s))
            db.execute("INSERT INTO author_fts (author_fts, rowid, name, aliases) VALUES ('delete', ?, ?, ?)", (n, old_name, old_aliases))
            db.execute("DELETE FROM author WHERE n = ?", (n,))
    db.execute(
        "UPDATE author SET name = ?, aliases = ?, sources = ?, orcid = ?, metrics = ? WHERE n = ?",
        (name, json.dumps(sorted(spellings - {name})), json.dumps(sources), orcid, metrics, s),
    )
