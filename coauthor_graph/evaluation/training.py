"""The served model as one of the evaluation's link predictors, over a train graph."""

from __future__ import annotations

import numpy as np

from coauthor_graph.evaluation.link_prediction import TrainGraph
from coauthor_graph.fitting.history_arrays import array_history
from coauthor_graph.fitting.training import HistoryFacts
from coauthor_graph.recommend.model import CollaboratorModel


def history_facts(graph: TrainGraph) -> HistoryFacts:
    """The fit's candidate facts over a train graph (its papers, numbered alike)."""
    return HistoryFacts.of(array_history(graph.history, graph.reference_year))


def predictor(model: CollaboratorModel, graph: TrainGraph) -> ModelPredictor:
    """The model as a link-prediction predictor over one train graph."""
    return ModelPredictor(model, history_facts(graph))


class ModelPredictor:
    """The model as a link-prediction predictor over one train graph."""

    def __init__(self, model: CollaboratorModel, facts: HistoryFacts) -> None:
        self.model = model
        self.facts = facts

    def __call__(self, graph: TrainGraph, u: int, excluded: set[int]) -> dict[int, float]:
        candidates, rows = self.facts.candidate_features(u)
        logits = self.model.scores(rows.T)
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        return {
            c: float(p) + 1e-12 for c, p in zip(candidates.tolist(), probabilities, strict=True) if c not in excluded
        }
