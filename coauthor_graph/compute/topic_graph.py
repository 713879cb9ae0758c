"""The topic graph (authors, papers and topics joined by AUTHORED and ABOUT) as arrays.

A node is `n * 3 + kind` (kind: its position in KINDS), so the whole graph fits one
`Adjacency` (~70 MB at 1M papers) and a BFS layer of hundreds of thousands of papers is one
array operation. The ids that the tie-break compares are looked at only for the few nodes it
compares.
"""

from __future__ import annotations

import numpy as np

KINDS = ("author", "paper", "topic")


def node(kind: str, n: int) -> int:
    return n * 3 + KINDS.index(kind)


def kind_of(node: int) -> str:
    return KINDS[node % 3]


def key_of(node: int) -> int:
    return node // 3


def keys_by_kind(nodes: np.ndarray) -> dict[str, np.ndarray]:
    """The table keys of these nodes, per kind that has any."""
    kinds = nodes % 3
    return {kind: nodes[kinds == code] // 3 for code, kind in enumerate(KINDS) if (kinds == code).any()}
