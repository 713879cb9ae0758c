"""The topic graph (authors, papers and topics joined by AUTHORED and ABOUT) with integer nodes.

A node is `n * 3 + kind` (kind: its position in KINDS), so a BFS layer of tens of thousands
of papers is read from the covering indexes of `authored` and `about` as integers, never
joined to the node tables. The ids that the tie-break compares are fetched only for the
few nodes it looks at.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

KINDS = ("author", "paper", "topic")
_IDS = "SELECT value FROM json_each(?)"
_EXPANSIONS = {
    "author": [f"SELECT author * 3, paper * 3 + 1 FROM authored WHERE author IN ({_IDS})"],
    "topic": [f"SELECT topic * 3 + 2, paper * 3 + 1 FROM about WHERE topic IN ({_IDS})"],
    "paper": [
        f"SELECT paper * 3 + 1, author * 3 FROM authored WHERE paper IN ({_IDS})",
        f"SELECT paper * 3 + 1, topic * 3 + 2 FROM about WHERE paper IN ({_IDS})",
    ],
}
"""Per kind of node: the queries that list its neighbours, as (node, neighbour) pairs."""


def node(kind: str, n: int) -> int:
    return n * 3 + KINDS.index(kind)


def kind_of(node: int) -> str:
    return KINDS[node % 3]


def key_of(node: int) -> int:
    return node // 3


def neighbours(db: sqlite3.Connection, layer: set[int]) -> dict[int, list[int]]:
    """One BFS layer: a query per kind of node in it and relationship type."""
    keys_by_kind: dict[str, list[int]] = defaultdict(list)
    for member in layer:
        keys_by_kind[kind_of(member)].append(key_of(member))
    found: dict[int, list[int]] = defaultdict(list)
    for kind, keys in keys_by_kind.items():
        for sql in _EXPANSIONS[kind]:
            for member, neighbour in db.execute(sql, (json.dumps(keys),)):
                found[member].append(neighbour)
    return found
