"""The topic graph (authors, papers and topics joined by AUTHORED and ABOUT) as arrays.

A node is `n * 3 + kind` (kind: its position in KINDS), so the whole graph fits one
`Adjacency` (~70 MB at 1M papers) and a BFS layer of hundreds of thousands of papers is one
array operation. The ids that the tie-break compares are looked at only for the few nodes it
compares.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from coauthor_graph.compute.adjacency import NO_YEAR, Adjacency

KINDS = ("author", "paper", "topic")


def node(kind: str, n: int) -> int:
    return n * 3 + KINDS.index(kind)


def kind_of(node: int) -> str:
    return KINDS[node % 3]


def key_of(node: int) -> int:
    return node // 3


def from_edges(authored: np.ndarray, about: np.ndarray) -> Adjacency:
    """The topic graph of (author, paper) and (paper, topic) key pairs."""
    author, paper, topic = (KINDS.index(kind) for kind in KINDS)
    ties = [
        np.column_stack([authored[:, 0] * 3 + author, authored[:, 1] * 3 + paper]),
        np.column_stack([about[:, 1] * 3 + topic, about[:, 0] * 3 + paper]),
    ]
    edges = np.concatenate(ties)
    return Adjacency.from_ties(np.column_stack([edges, np.full(len(edges), NO_YEAR)]))


def keys_by_kind(nodes: np.ndarray) -> dict[str, np.ndarray]:
    """The table keys of these nodes, per kind that has any."""
    kinds = nodes % 3
    return {kind: nodes[kinds == code] // 3 for code, kind in enumerate(KINDS) if (kinds == code).any()}


def smallest_node(nodes: np.ndarray, smallest_of: Callable[[str, np.ndarray], tuple[str, int]]) -> int:
    """The node whose id sorts first among nodes of several kinds: the topic path's tie-break.
    `smallest_of(kind, keys)` is the (id, key) of the smallest of one kind's keys, as a store knows its ids."""
    _, key, kind = min((*smallest_of(kind, keys), kind) for kind, keys in keys_by_kind(nodes).items())
    return node(kind, key)
