"""The embedded store's topic graph (`compute.topic_graph`), built from the covering indexes of
`authored` and `about` on the first topic path and patched after each commit."""

from __future__ import annotations

import itertools
import json
import sqlite3

from coauthor_graph.compute.adjacency import NO_YEAR, Adjacency, ties_by_node
from coauthor_graph.compute.topic_graph import KINDS, node
from coauthor_graph.store.embedded.sql import IDS


def build(db: sqlite3.Connection) -> Adjacency:
    """The whole topic graph, from the AUTHORED and ABOUT tables."""
    (count,) = db.execute("SELECT (SELECT count(*) FROM authored) + (SELECT count(*) FROM about)").fetchone()
    ties = itertools.chain(
        db.execute(f"SELECT author * 3, paper * 3 + 1, {NO_YEAR} FROM authored"),
        db.execute(f"SELECT topic * 3 + 2, paper * 3 + 1, {NO_YEAR} FROM about"),
    )
    return Adjacency.from_rows(ties, count)


def patch(graph: Adjacency, db: sqlite3.Connection, papers: set[int]) -> None:
    """After a commit: re-read the rows of the papers that gained edges, and of their authors and topics."""
    touched = {node("paper", n) for n in papers}
    ties = []
    for kind, link in (("author", "authored"), ("topic", "about")):
        linked = f"SELECT DISTINCT {kind} FROM {link} WHERE paper IN ({IDS})"
        owners = [n for (n,) in db.execute(linked, (json.dumps(sorted(papers)),))]
        touched.update(node(kind, n) for n in owners)
        their_ties = f"SELECT {kind} * 3 + {KINDS.index(kind)}, paper * 3 + 1, NULL FROM {link} WHERE {kind} IN ({IDS})"
        ties.append(db.execute(their_ties, (json.dumps(owners),)))
    graph.replace_rows(ties_by_node(itertools.chain(*ties), touched))
