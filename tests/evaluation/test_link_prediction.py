"""The evaluation protocol on a history small enough to work out by hand, and the classic
predictors against networkx's reference implementations."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import numpy as np
import pytest

from coauthor_graph.evaluation import link_prediction as lp
from tests.conftest import DATA
from tests.fixture_files import fixture, needs

#   train (<= 2010)                         test (2011-2012)
#   P1 2008 A B    P5 2010 A F             T1 2011 A C      (C is new to A, with a train paper)
#   P2 2009 B C    P6 2010 G H             T2 2012 A G K    (G is new; K has no train paper)
#   P3 2009 A D    P7 2009 I J             T3 2012 D I      (I is new to D)
#   P4 2010 D E    P8 2010 D H
HISTORY = [
    lp.HistoricPaper(2008, ("a", "b")),
    lp.HistoricPaper(2009, ("b", "c")),
    lp.HistoricPaper(2009, ("a", "d")),
    lp.HistoricPaper(2010, ("d", "e")),
    lp.HistoricPaper(2010, ("a", "f")),
    lp.HistoricPaper(2010, ("g", "h")),
    lp.HistoricPaper(2009, ("i", "j")),
    lp.HistoricPaper(2010, ("d", "h")),
    lp.HistoricPaper(2011, ("a", "c")),
    lp.HistoricPaper(2012, ("a", "g", "k")),
    lp.HistoricPaper(2012, ("d", "i")),
]
NAMES = {key: key.upper() for key in "abcdefghijk"}


@pytest.fixture
def small():
    graph = lp.train_graph(HISTORY, 2010, NAMES)
    return graph, lp.cases(HISTORY, graph, 2010, 2012)


def named(graph, people):
    return sorted(graph.names[p] for p in people)


def test_who_is_evaluated_and_for_whom(small):
    graph, evaluated = small
    assert graph.size == 10  # K has no train paper
    # A and D have 3 train papers each; B, H have 2 and are not evaluated.
    assert [(graph.names[c.author], named(graph, c.true_new)) for c in evaluated] == [("A", ["C", "G"]), ("D", ["I"])]


def test_metrics_worked_out_by_hand(small):
    graph, evaluated = small
    metrics, rankings = lp.evaluate(graph, evaluated, lp.common_neighbours, ks=(1, 2, 3, 4, 5))
    # Fallback order: A, D (3 papers), B, H (2), then C E F G I J by name.
    # A: candidates C E G H I J; common neighbours H (via D), C (via B), E (via D), all 1: ties in
    #    fallback order H, C, E; then G I J. First true (C) at rank 2; G at rank 4.
    # D: candidates B C F G I J; common neighbours B, F (via A), G (via H); then C, I, J. I at rank 5.
    assert [[graph.names[c] for c in top] for top in rankings] == [list("HCEGIJ"), list("BFGCIJ")]
    assert metrics.hits == {1: 0.0, 2: 0.5, 3: 0.5, 4: 0.5, 5: 1.0}
    assert metrics.recall == {1: 0.0, 2: 0.25, 3: 0.25, 4: 0.5, 5: 1.0}
    assert metrics.mrr == pytest.approx((1 / 2 + 1 / 5) / 2)
    assert metrics.authors == 2


def test_a_predictor_that_knows_the_future_scores_perfectly(small):
    graph, evaluated = small
    truth = {c.author: c.true_new for c in evaluated}
    oracle = lambda g, u, excluded: dict.fromkeys(truth[u], 1.0)  # noqa: E731
    metrics, _ = lp.evaluate(graph, evaluated, oracle, ks=(1, 2))
    assert metrics.hits == {1: 1.0, 2: 1.0} and metrics.recall == {1: 0.75, 2: 1.0} and metrics.mrr == 1.0


def random_history(seed: int = 3, people: int = 40, papers: int = 120) -> list[lp.HistoricPaper]:
    rng = np.random.default_rng(seed)
    return [
        lp.HistoricPaper(2000, tuple(f"p{n}" for n in rng.choice(people, size=rng.integers(2, 5), replace=False)))
        for _ in range(papers)
    ]


@pytest.mark.parametrize(
    ("ours", "reference"),
    [
        (lp.common_neighbours, lambda g, pairs: ((u, v, len(list(nx.common_neighbors(g, u, v)))) for u, v in pairs)),
        (lp.adamic_adar, nx.adamic_adar_index),
        (lp.resource_allocation, nx.resource_allocation_index),
        (lp.jaccard, nx.jaccard_coefficient),
        (lp.preferential_attachment, nx.preferential_attachment),
    ],
)
def test_baselines_match_networkx(ours, reference):
    graph = lp.train_graph(random_history(), 2000, {})
    reference_graph = nx.Graph((a, b) for a, ties in enumerate(graph.ties) for b in ties)
    for u in range(0, graph.size, 5):
        excluded = {u, *graph.ties[u]}
        pairs = [(u, c) for c in reference_graph if c not in excluded]
        expected = {v: value for _, v, value in reference(reference_graph, pairs) if value > 0}
        got = {c: value for c, value in ours(graph, u, excluded).items() if c not in excluded and value > 0}
        assert got.keys() == expected.keys()
        assert all(got[c] == pytest.approx(expected[c]) for c in got)


def test_katz_is_beta_squared_a_squared_plus_beta_cubed_a_cubed():
    graph = lp.train_graph(random_history(seed=5), 2000, {})
    adjacency = np.zeros((graph.size, graph.size))
    for a, ties in enumerate(graph.ties):
        adjacency[a, list(ties)] = 1.0
    beta = lp.KATZ_BETA
    expected = beta**2 * adjacency @ adjacency + beta**3 * adjacency @ adjacency @ adjacency
    for u in range(graph.size):
        got = lp.katz(graph, u, set())
        for c in range(graph.size):
            assert got.get(c, 0.0) == pytest.approx(expected[u, c], abs=1e-15)


CGM = fixture("coauthorship/cgm-meta.txt")


@needs("coauthorship/cgm-meta.txt")
def test_the_cgm_target_and_the_dump_format(tmp_path):
    """The headline: recall@50 at least 1.15 x the best baseline's, without losing hits@10."""
    dump = tmp_path / "rankings.jsonl"
    command = [sys.executable, "-m", "coauthor_graph.api.cli", "--json", "evaluate-recommendations", str(CGM)]
    done = subprocess.run(
        [*command, "--split", "2009", "--end", "2013", "--dump-rankings", str(dump)],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout)
    results = report["results"]
    ours, best = results["coauthor-graph (as served)"], results[report["best_baseline"]]
    assert ours["authors"] == 599
    assert ours["recall"]["50"] >= 1.15 * best["recall"]["50"]
    assert ours["hits"]["10"] >= best["hits"]["10"]
    lines = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 599
    assert all(set(line) == {"author", "ranked"} and len(line["ranked"]) >= 100 for line in lines)
    assert all(
        line["author"] not in line["ranked"] and len(set(line["ranked"])) == len(line["ranked"]) for line in lines
    )


@pytest.mark.slow
def test_the_command_fails_clearly_on_bad_input(tmp_path):
    broken = tmp_path / "meta.txt"
    broken.write_text("id = {A1}\nauthor = {X Y}\nnot a field\n", encoding="utf-8")
    command = [sys.executable, "-m", "coauthor_graph.api.cli", "evaluate-recommendations"]
    done = subprocess.run([*command, str(broken), "--split", "2009", "--end", "2013"], capture_output=True, text=True)
    assert done.returncode == 1 and f"{broken}:3: expected a line" in done.stderr
    small = DATA / "small-graph.jsonl"
    backwards = subprocess.run(
        [*command, str(small), "--split", "2013", "--end", "2009"], capture_output=True, text=True
    )
    assert backwards.returncode == 1 and "end (2009) must come after split (2013)" in backwards.stderr
    nobody = subprocess.run([*command, str(small), "--split", "2021", "--end", "2024"], capture_output=True, text=True)
    assert nobody.returncode == 1 and "no author qualifies for evaluation with split 2021" in nobody.stderr


def test_a_corpus_too_small_to_learn_from_is_ranked_with_the_cgm_weights():
    from coauthor_graph.evaluation.recommendations import SYSTEM, run_evaluation

    report = run_evaluation(HISTORY, NAMES, 2010, 2012)
    assert report.weights.startswith(
        "the built-in weights, learned from another graph's history (CGM, image-processing papers): this graph"
        " has too little history to learn from: 0 new collaborations"
    )
    assert report.results[SYSTEM].authors == 2
    assert [author for author, _ in report.rankings] == ["A", "D"]


def test_the_score_parts_add_up_to_the_logit():
    from coauthor_graph.evaluation.training import history_facts, predictor
    from coauthor_graph.recommend.features import FEATURES, GROUPS
    from coauthor_graph.recommend.model import CollaboratorModel

    history = [
        lp.HistoricPaper(2008, ("a", "b"), "Wavelet image denoising", "TIP"),
        lp.HistoricPaper(2009, ("b", "c"), "Wavelet shrinkage for speech", "TIP"),
        lp.HistoricPaper(2009, ("c", "d"), "Fast mesh simplification", "CAD"),
    ]
    graph = lp.train_graph(history, 2010, NAMES)
    model = CollaboratorModel(weights=np.linspace(0.1, 1.0, len(FEATURES)), intercept=-1.0)
    a, c = graph.numbers["a"], graph.numbers["c"]
    pool, rows = history_facts(graph).candidate_features(a)
    candidates = pool.tolist()
    assert c in candidates and graph.numbers["b"] not in candidates
    row = rows[candidates.index(c)]
    # c: one shared co-author (b), the venue TIP, and the word "wavelet", which says nothing (in 2 of 3
    # papers: idf ln(3 / 3) = 0); b's "shrinkage" and "speech" (idf ln(3 / 2)) are c's too.
    feature = dict(zip((name for _, name in FEATURES), row.tolist(), strict=True))
    assert feature["common_neighbours"] == 1 and feature["venue_similarity"] == pytest.approx(1 / np.sqrt(2))
    assert feature["title_match"] == 0 and feature["group_title_match"] == pytest.approx(2 * np.log(3 / 2))
    parts = model.parts(row)
    assert set(parts) == set(GROUPS)
    assert model.scores(rows.T)[candidates.index(c)] == pytest.approx(sum(parts.values()) - 1.0)
    probability = predictor(model, graph)(graph, a, {a, graph.numbers["b"]})[c]
    assert probability == pytest.approx(1 / (1 + np.exp(-(sum(parts.values()) - 1.0))))
