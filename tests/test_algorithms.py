"""The pure graph algorithms against networkx, the reference implementation, on random graphs."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from coauthor_graph.graph.paths import shortest_path
from coauthor_graph.graph.scoring import adamic_adar, recency, topic_overlap, topic_rarity


def random_graph(seed: int) -> nx.Graph:
    return nx.gnm_random_graph(40, 70, seed=seed)


@pytest.mark.parametrize("seed", range(25))
def test_shortest_path_is_the_smallest_of_all_shortest_paths(seed):
    graph = random_graph(seed)
    rng = random.Random(seed)
    for _ in range(20):
        source, target = rng.sample(list(graph.nodes), 2)
        found = shortest_path(source, target, lambda layer: {n: list(graph[n]) for n in layer}, max_hops=12)
        if not nx.has_path(graph, source, target):
            assert found is None
            continue
        assert found == min(nx.all_shortest_paths(graph, source, target))


def test_max_hops_bounds_the_search():
    graph = nx.path_graph(6)
    expand = lambda layer: {n: list(graph[n]) for n in layer}  # noqa: E731
    assert shortest_path(0, 5, expand, max_hops=5) == [0, 1, 2, 3, 4, 5]
    assert shortest_path(0, 5, expand, max_hops=4) is None


@pytest.mark.parametrize("seed", range(5))
def test_adamic_adar_matches_networkx(seed):
    graph = random_graph(seed)
    pairs = [(u, v) for u in graph for v in graph if u < v and not graph.has_edge(u, v)][:200]
    for u, v, expected in nx.adamic_adar_index(graph, pairs):
        shared = set(graph[u]) & set(graph[v])
        assert adamic_adar(graph.degree(w) for w in shared) == pytest.approx(expected)


def test_topic_overlap_weighs_rare_topics_more():
    rare, common = topic_rarity(2, 1000), topic_rarity(900, 1000)
    own = {"niche": rare, "popular": common}
    assert topic_overlap(own, {"niche"}) > 0.9 > 0.1 > topic_overlap(own, {"popular"})
    assert topic_rarity(1000, 1000) == 0.0


def test_recency_halves_every_three_years():
    assert recency([(2020, 2024)], 2026) == pytest.approx(0.5**2)
    assert recency([(2020, 2024), (2026, 2025)], 2026) == pytest.approx(0.5 ** (1 / 3))
    assert recency([], 2026) == 0.0 and recency([(None, 2020)], 2026) == 0.0
    assert math.isclose(recency([(2026, 2026)], 2026), 1.0)
