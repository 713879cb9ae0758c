"""Shortest paths in Neo4j: a breadth-first search from the target, one statement per layer, then the
walk from the source that takes the smallest next id among the nodes one step nearer.

That is the port's path: fewest hops, then the smallest sequence of node ids. Cypher's
`allShortestPaths` enumerates every shortest path before the tie-break can pick one; through hubs
those are too many (the topic graph of the 22-paper seed graph, the co-author graph of 1,500
generated papers: both timed out). Here a layer is a set of ids, so a hub costs one row per node
it reaches, once.
"""

from __future__ import annotations

from coauthor_graph.store.neo4j.queries import Statement
from coauthor_graph.store.neo4j.reading import Read


async def _next(read: Read, neighbours: Statement, ids: list[str]) -> list[str]:
    (row,) = await read(neighbours, ids=ids)
    return row["ids"]


async def shortest_path(read: Read, neighbours: Statement, source: str, target: str, max_hops: int) -> list[str] | None:
    """The node ids of the path, or None when none is `max_hops` or shorter. `neighbours` answers the
    ids one hop away from any of `$ids`, as one list `ids`."""
    distance = {target: 0}
    layer = [target]
    while source not in distance and layer and distance[layer[0]] < max_hops:
        hops = distance[layer[0]] + 1
        layer = [n for n in await _next(read, neighbours, layer) if n not in distance]
        distance.update(dict.fromkeys(layer, hops))
    if source not in distance:
        return None
    path = [source]
    while path[-1] != target:
        nearer = distance[path[-1]] - 1
        path.append(min(n for n in await _next(read, neighbours, [path[-1]]) if distance.get(n) == nearer))
    return path
