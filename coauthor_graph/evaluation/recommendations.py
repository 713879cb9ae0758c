"""The collaborator-recommendation evaluation: the learned model against the classic predictors.

Everything runs on one split of one corpus, by the protocol of `link_prediction`: the model is
fitted on the train period exactly as a store holding those papers fits it (`training.fit_weights`),
then it and every baseline rank the same candidates for the same authors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coauthor_graph.evaluation.link_prediction import BASELINES, HistoricPaper, Metrics, cases, evaluate, train_graph
from coauthor_graph.evaluation.training import predictor
from coauthor_graph.fitting.training import fit_weights
from coauthor_graph.recommend.model import CollaboratorModel

SYSTEM = "coauthor-graph (as served)"
"""What a store holding the train papers serves: the weights it fits on them."""
SHIPPED = "coauthor-graph (shipped weights)"
"""The same model with the weights a store serves before it is fitted, measured alongside (not a baseline)."""


@dataclass(frozen=True)
class EvaluationReport:
    split: int
    end: int
    train_authors: int
    weights: str
    """Where the system's weights came from."""
    results: dict[str, Metrics]
    """Per predictor, the system first."""
    rankings: list[tuple[str, list[str]]]
    """The system's ranking per evaluated author (display names, best first)."""

    @property
    def best_baseline(self) -> str:
        baselines = (name for name in self.results if name not in (SYSTEM, SHIPPED))
        return max(baselines, key=lambda n: self.results[n].recall[50])


def run_evaluation(
    papers: Sequence[HistoricPaper], names: dict[str, str], split: int, end: int, seed: int = 7
) -> EvaluationReport:
    if not end > split:
        raise ValueError(f"end ({end}) must come after split ({split})")
    train = [p for p in papers if p.year <= split]  # the model never sees anything after the split
    served = fit_weights(train, names, len(train))
    model, weights = served.model, served.basis
    graph = train_graph(papers, split, names)
    evaluated = cases(papers, graph, split, end)
    if not evaluated:
        raise ValueError(f"no author qualifies for evaluation with split {split} and end {end}")
    metrics, ranked = evaluate(graph, evaluated, predictor(model, graph))
    results = {SYSTEM: metrics, SHIPPED: evaluate(graph, evaluated, predictor(CollaboratorModel.shipped(), graph))[0]}
    for name, make in BASELINES.items():
        results[name] = evaluate(graph, evaluated, make(seed))[0]
    rankings = [
        (graph.names[case.author], [graph.names[c] for c in top]) for case, top in zip(evaluated, ranked, strict=True)
    ]
    return EvaluationReport(split, end, graph.size, weights, results, rankings)
