"""The embedded store's topic graph (`compute.topic_graph`), built from the covering indexes of
`authored` and `about` on the first topic path and patched after each commit."""

from __future__ import annotations

import itertools
import json
import sqlite3

from coauthor_graph.compute import topic_graph
from coauthor_graph.compute.adjacency import Adjacency, as_array, ties_by_node
from coauthor_graph.compute.topic_graph import KINDS, node
from coauthor_graph.store.embedded.sql import IDS


def build(db: sqlite3.Connection) -> Adjacency:
    """The whole topic graph, from the AUTHORED and ABOUT tables."""
    (authored, about) = db.execute("SELECT (SELECT count(*) FROM authored), (SELECT count(*) FROM about)").fetchone()
    return topic_graph.from_edges(
        as_array(db.execute("SELECT author, paper FROM authored"), authored, width=2),
        as_array(db.execute("SELECT paper, topic FROM about"), about, width=2),
    )


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
