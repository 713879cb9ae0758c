"""The embedded store's array BFS gives the smallest of all shortest paths, as networkx
enumerates them, under order keys that are not the node numbers, with patched rows too."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from coauthor_graph.compute.adjacency import NO_YEAR, Adjacency, ties_by_node
from coauthor_graph.compute.shortest_paths import shortest_path


def _arrays_of(graph: nx.Graph) -> Adjacency:
    edges = np.array([(a, b, NO_YEAR) for a, b in graph.edges], dtype=np.int64).reshape(-1, 3)
    return Adjacency.from_ties(edges)


def _smallest_shortest(graph: nx.Graph, source: int, target: int, key: dict[int, str]) -> list[int]:
    return min(nx.all_shortest_paths(graph, source, target), key=lambda path: [key[n] for n in path])


@pytest.mark.parametrize("seed", range(20))
def test_the_smallest_of_all_shortest_paths_by_order_key(seed):
    rng = random.Random(seed)
    # Odd seeds: bipartite, like the topic graph (papers on one side, authors and topics on the other).
    graph = nx.bipartite.gnmk_random_graph(25, 30, 80, seed) if seed % 2 else nx.gnm_random_graph(50, 90, seed)
    key = {n: f"node:{rng.random():.12f}" for n in graph.nodes}  # an order unrelated to the numbers
    arrays = _arrays_of(graph)

    def smallest(nodes: np.ndarray) -> int:
        assert len(set(nodes.tolist())) == len(nodes) > 1  # a real choice, among distinct nodes
        return min(nodes.tolist(), key=key.__getitem__)

    for _ in range(25):
        source, target = rng.sample(sorted(graph.nodes), 2)
        found = shortest_path(arrays, source, target, 12, smallest)
        if not nx.has_path(graph, source, target):
            assert found is None
        else:
            assert found == _smallest_shortest(graph, source, target, key)


def test_max_hops_bounds_the_search_and_a_node_reaches_itself():
    arrays = _arrays_of(nx.path_graph(6))
    assert shortest_path(arrays, 0, 5, 5, _least) == [0, 1, 2, 3, 4, 5]
    assert shortest_path(arrays, 0, 5, 4, _least) is None
    assert shortest_path(arrays, 3, 3, 1, _least) == [3]
    assert shortest_path(arrays, 0, 99, 9, _least) is None  # a node with no ties at all


def test_rows_a_commit_replaced_are_the_ones_searched():
    graph = nx.path_graph(6)
    arrays = _arrays_of(graph)
    graph.add_edges_from([(0, 6), (6, 5)])  # a new node joins both ends
    touched = {0, 5, 6}
    arrays.replace_rows(ties_by_node(((a, b, None) for a, b in graph.edges), touched))
    assert shortest_path(arrays, 0, 5, 9, _least) == [0, 6, 5]


def _least(nodes: np.ndarray) -> int:
    return int(nodes.min())
