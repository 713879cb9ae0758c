"""The topic path in Neo4j: a breadth-first search from the target, one statement per layer, then the
walk from the source that takes the smallest next id among the nodes one step nearer.

Cypher's `allShortestPaths` enumerates every shortest path before the tie-break can pick one, and
through topic hubs those are too many even on a 22-paper graph; the layers are sets of ids, so a
hub costs one row per node it reaches, once.
"""

from __future__ import annotations

from coauthor_graph.store.neo4j.queries import reads
from coauthor_graph.store.neo4j.reading import Read


async def _next(read: Read, ids: list[str]) -> list[str]:
    """The ids one AUTHORED or ABOUT hop away from any of these authors, papers and topics."""
    (row,) = await read(reads.TOPIC_GRAPH_NEIGHBOURS, ids=ids)
    return row["ids"]


async def shortest_topic_path(read: Read, source: str, target: str, max_hops: int) -> list[str] | None:
    """The node ids of the shortest path (fewest hops, then the smallest sequence of ids), or None."""
    distance = {target: 0}
    layer = [target]
    while source not in distance and layer and distance[layer[0]] < max_hops:
        hops = distance[layer[0]] + 1
        layer = [n for n in await _next(read, layer) if n not in distance]
        distance.update(dict.fromkeys(layer, hops))
    if source not in distance:
        return None
    path = [source]
    while path[-1] != target:
        nearer = distance[path[-1]] - 1
        path.append(min(n for n in await _next(read, [path[-1]]) if distance.get(n) == nearer))
    return path
