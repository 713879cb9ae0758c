"""Shortest paths over an `Adjacency`, a whole BFS layer per array operation.

Among all shortest paths the one returned is the smallest by its sequence of node ids, the
answer Cypher gives for `MATCH p = allShortestPaths(...) RETURN p ORDER BY [n IN nodes(p) |
n.id] LIMIT 1`. Bidirectional BFS that always grows the side whose frontier has fewer ties;
which side grows changes the work, never the answer, because the tie-break runs over
complete layers. Distances live in arrays, so a layer of hundreds of thousands of papers
(the topic graph's hub topics) costs one gather, not a Python loop.

Example:
    >>> import numpy as np
    >>> square = Adjacency.from_ties(np.array([[0, 2, -1], [0, 1, -1], [1, 3, -1], [2, 3, -1]]))
    >>> shortest_path(square, 0, 3, max_hops=3, smallest=lambda nodes: int(nodes.min()))
    [0, 1, 3]
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from coauthor_graph.compute.adjacency import Adjacency

_UNREACHED = -1
Smallest = Callable[[np.ndarray], int]
"""Picks the node with the smallest id among several distinct ones (a store answers it with a query)."""


def shortest_path(graph: Adjacency, source: int, target: int, max_hops: int, smallest: Smallest) -> list[int] | None:
    """The smallest (by `smallest`) of the shortest source-target paths, or None beyond max_hops."""
    if source == target:
        return [source]
    if max(source, target) >= graph.size:
        return None  # a node with no ties yet reaches nothing
    distances = (np.full(graph.size, _UNREACHED, np.int8), np.full(graph.size, _UNREACHED, np.int8))  # hops <= 127
    distinct = _Distinct(graph.size)
    distances[0][source] = distances[1][target] = 0
    frontiers = [np.array([source]), np.array([target])]
    depths = [0, 0]
    while depths[0] + depths[1] < max_hops:
        side = 0 if graph.degrees(frontiers[0]).sum() <= graph.degrees(frontiers[1]).sum() else 1
        reached = graph.gather(frontiers[side])[1]
        layer = distinct(reached[distances[side][reached] == _UNREACHED])
        if not len(layer):
            return None
        depths[side] += 1
        distances[side][layer] = depths[side]
        frontiers[side] = layer
        if (distances[1 - side][layer] != _UNREACHED).any():
            return _smallest_path(graph, distances, frontiers[0], depths[0], smallest, distinct)
    return None


def _smallest_path(
    graph: Adjacency,
    distances: tuple[np.ndarray, np.ndarray],
    forward_frontier: np.ndarray,
    forward_depth: int,
    smallest: Smallest,
    distinct: _Distinct,
) -> list[int]:
    forward, backward = distances
    # Which nodes of each forward layer lie on some shortest path: walk back from where the sides meet.
    on_path = [forward_frontier] * (forward_depth + 1)
    on_path[forward_depth] = forward_frontier[backward[forward_frontier] != _UNREACHED]
    for depth in range(forward_depth, 0, -1):
        before = graph.gather(on_path[depth])[1]
        on_path[depth - 1] = distinct(before[forward[before] == depth - 1])
    path = [int(on_path[0][0])]
    for depth in range(1, forward_depth + 1):
        after = graph.row(path[-1])[0]
        path.append(_first(smallest, after[np.isin(after, on_path[depth])]))
    while backward[path[-1]] > 0:
        after = graph.row(path[-1])[0]
        path.append(_first(smallest, after[backward[after] == backward[path[-1]] - 1]))
    return path


def _first(smallest: Smallest, choices: np.ndarray) -> int:
    return int(choices[0]) if len(choices) == 1 else smallest(choices)


class _Distinct:
    """Drops repeated nodes from an array in linear time (no sort): each node keeps its last place."""

    def __init__(self, size: int) -> None:
        self._place = np.empty(size, dtype=np.int64)

    def __call__(self, nodes: np.ndarray) -> np.ndarray:
        places = np.arange(len(nodes))
        self._place[nodes] = places
        return nodes[self._place[nodes] == places]
