"""The recommender's structural facts against networkx, the reference implementation, on random graphs."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from coauthor_graph.evaluation import link_prediction as lp
from coauthor_graph.evaluation.training import history_facts
from coauthor_graph.recommend.features import FEATURES
from coauthor_graph.recommend.scoring import path_freshness, topic_rarity

COLUMN = {name: i for i, (_, name) in enumerate(FEATURES)}


def history_of(graph: nx.Graph) -> lp.TrainGraph:
    """One two-author paper per edge (no titles, no venues): only the structure."""
    papers = [lp.HistoricPaper(2020, (str(u), str(v))) for u, v in graph.edges]
    return lp.train_graph(papers, 2020, {str(n): str(n) for n in graph})


@pytest.mark.parametrize("seed", range(5))
def test_structural_features_match_networkx(seed):
    graph = nx.gnm_random_graph(40, 70, seed=seed)
    history = history_of(graph)
    facts = history_facts(history)
    adjacency = nx.to_numpy_array(graph, nodelist=sorted(graph))
    walks_3 = np.linalg.matrix_power(adjacency, 3)
    checked = 0
    for u in graph:
        if not graph.degree(u):
            continue
        candidates, rows = facts.candidate_features(history.numbers[str(u)])
        found = {int(history.names[c]): row for c, row in zip(candidates, rows, strict=True)}
        pairs = [(u, v) for v in found]
        for reference, column in (
            (nx.adamic_adar_index, "adamic_adar"),
            (nx.resource_allocation_index, "resource_allocation"),
        ):
            for _, v, expected in reference(graph, pairs):
                assert found[v][COLUMN[column]] == pytest.approx(expected)
        for v, row in found.items():
            assert row[COLUMN["common_neighbours"]] == len(list(nx.common_neighbors(graph, u, v)))
            assert row[COLUMN["walks_3"]] == walks_3[u, v]
            checked += 1
        # The pool holds exactly the people within three hops who are not co-authors yet.
        near = nx.single_source_shortest_path_length(graph, u, cutoff=3)
        assert set(found) == {v for v, hops in near.items() if hops >= 2}
    assert checked > 100


def test_topic_rarity_and_path_freshness():
    assert topic_rarity(2, 1000) > topic_rarity(900, 1000) > topic_rarity(1000, 1000) == 0.0
    assert path_freshness(2020, 2024, 2026) == pytest.approx(0.5**2)
    assert path_freshness(2026, 2025, 2026) == pytest.approx(0.5 ** (1 / 3))
    assert path_freshness(None, 2020, 2026) == 0.0 and path_freshness(2026, 2026, 2026) == 1.0
