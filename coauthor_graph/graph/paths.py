"""Shortest paths with a deterministic tie-break, over any undirected graph.

The graph is given as `expand(frontier) -> {node: neighbours}`, so a store can answer a
whole BFS layer with one lookup (a dict in memory, one SQL query on disk).

Among all shortest paths the one returned has the smallest sequence of node keys, the
same answer Cypher gives for
`MATCH p = allShortestPaths(...) RETURN p ORDER BY [n IN nodes(p) | n.id] LIMIT 1`.

Example:
    >>> graph = {"a": ["c", "b"], "b": ["a", "d"], "c": ["a", "d"], "d": ["b", "c"]}
    >>> shortest_path("a", "d", lambda layer: {n: graph[n] for n in layer}, max_hops=3)
    ['a', 'b', 'd']
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar

N = TypeVar("N", bound=Hashable)
Expand = Callable[[set[N]], Mapping[N, Iterable[N]]]
OrderKeys = Callable[[set[N]], Mapping[N, object]]
"""The sort keys of several nodes at once, so a store can look them up in one query."""


def _themselves(nodes: set[N]) -> Mapping[N, object]:
    return {node: node for node in nodes}


def shortest_path(
    source: N,
    target: N,
    expand: Expand[N],
    max_hops: int,
    order_keys: OrderKeys[N] = _themselves,
    frontier_cost: Callable[[set[N]], float] = len,
) -> list[N] | None:
    """The smallest (by `order_keys`) of the shortest source-target paths, or None beyond max_hops.

    Bidirectional BFS that always grows the cheaper frontier (by `frontier_cost`, e.g. the
    sum of degrees); each side remembers, for every node it reached, the nodes of the
    previous layer adjacent to it ("parents"). Which side grows changes the work, never
    the answer: the tie-break runs over complete BFS layers.
    """
    if source == target:
        return [source]
    forward: list[set[N]] = [{source}]
    backward: list[set[N]] = [{target}]
    forward_parents: dict[N, set[N]] = {source: set()}
    backward_parents: dict[N, set[N]] = {target: set()}
    while (len(forward) - 1) + (len(backward) - 1) < max_hops:
        grow_forward = frontier_cost(forward[-1]) <= frontier_cost(backward[-1])
        layers, parents, other = (
            (forward, forward_parents, backward_parents)
            if grow_forward
            else (backward, backward_parents, forward_parents)
        )
        layer = _next_layer(layers[-1], expand, parents)
        if not layer:
            return None
        layers.append(layer)
        meeting = {node for node in layer if node in other}
        if meeting:
            if not grow_forward:
                # Meeting nodes belong to the newest layer of either side; rebuild from the forward view.
                meeting = {node for node in forward[-1] if node in backward_parents}
            return _smallest_path(forward, forward_parents, backward_parents, meeting, order_keys)
    return None


def _next_layer(frontier: set[N], expand: Expand[N], parents: dict[N, set[N]]) -> set[N]:
    layer: set[N] = set()
    for node, neighbours in expand(frontier).items():
        for neighbour in neighbours:
            if neighbour in parents and neighbour not in layer:
                continue
            layer.add(neighbour)
            parents.setdefault(neighbour, set()).add(node)
    return layer


def _smallest_path(
    forward: list[set[N]],
    forward_parents: dict[N, set[N]],
    backward_parents: dict[N, set[N]],
    meeting: set[N],
    order_keys: OrderKeys[N],
) -> list[N]:
    # Which nodes of each forward layer lie on some shortest path: walk back from the meeting set.
    on_path: list[set[N]] = [set() for _ in forward]
    on_path[-1] = set(meeting) & forward[-1]
    for depth in range(len(forward) - 1, 0, -1):
        on_path[depth - 1] = {p for node in on_path[depth] for p in forward_parents[node]}
    path = [next(iter(on_path[0]))]
    for depth in range(1, len(forward)):
        current = path[-1]
        path.append(_smallest(order_keys, {node for node in on_path[depth] if current in forward_parents[node]}))
    while backward_parents[path[-1]]:
        path.append(_smallest(order_keys, backward_parents[path[-1]]))
    return path


def _smallest(order_keys: OrderKeys[N], choices: set[N]) -> N:
    keys = order_keys(choices)
    return min(choices, key=keys.__getitem__)
