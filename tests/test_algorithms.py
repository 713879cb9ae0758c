"""The pure scoring functions against networkx, the reference implementation, on random graphs."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from coauthor_graph.graph.scoring import adamic_adar, recency, topic_overlap, topic_rarity


def random_graph(seed: int) -> nx.Graph:
    return nx.gnm_random_graph(40, 70, seed=seed)


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
