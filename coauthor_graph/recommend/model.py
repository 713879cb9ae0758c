"""The collaborator model: a logistic regression over `features`, scored in parts, and the weights a store
serves with it.

The score is the model's logit: the intercept plus one part per feature group, each the weighted sum of
its features, so a recommendation's parts say how much each kind of evidence counted. A store serves
weights fitted on its own history (`fitting.training.fit_weights`, kept in the store as
`ServedWeights`), or the shipped weights when its history is too short to fit. How the features were
chosen (and what was tried and dropped) is in `docs/recommendations.md`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from coauthor_graph.recommend.features import FEATURES, GROUPS

SHIPPED_WEIGHTS: tuple[float, ...] = (1.2827, 0.6769, -0.5214, -0.1235, 0.8905, 0.6405, -0.4206, 1.2912)
SHIPPED_WEIGHTS += (3.1138, 1.4822, 0.0179, 0.0024, 1.5327, -0.0493, 0.382)
SHIPPED_INTERCEPT = -3.6902
"""The weights fitted on CGM's validation split (split 2007 / end 2009, inner split 2005 / 2007), in
FEATURES order: what a store serves until it is fitted, and when its history is too short to fit (fewer
than MIN_TRAINING_POSITIVES new collaborations in its last window)."""


@dataclass(frozen=True)
class CollaboratorModel:
    """Feature weights and an intercept, learned by logistic regression."""

    weights: np.ndarray
    intercept: float

    @classmethod
    def shipped(cls) -> CollaboratorModel:
        return cls(weights=np.array(SHIPPED_WEIGHTS), intercept=SHIPPED_INTERCEPT)

    def scores(self, columns: Sequence[np.ndarray] | np.ndarray) -> np.ndarray:
        """Each candidate's logit from its feature columns (`feature_columns`, or rows transposed), rounded to
        9 decimals so stores agree on order despite float noise."""
        total = np.full(len(columns[0]), self.intercept)
        for weight, column in zip(self.weights.tolist(), columns, strict=True):
            total += weight * column
        return np.round(total, 9)

    def parts(self, row: np.ndarray) -> dict[str, float]:
        """Each feature group's contribution to a candidate's logit (the intercept aside)."""
        contribution = row * self.weights
        return {
            group: round(float(sum(contribution[i] for i, (g, _) in enumerate(FEATURES) if g == group)), 9)
            for group in GROUPS
        }


@dataclass(frozen=True)
class Validation:
    """How the fitting ranked the new collaborators of the authors it held out (every fourth author of the
    window), among the candidates the model sees: the fitted weights, the shipped ones, and Adamic-Adar."""

    authors: int
    recall_at_50: dict[str, float]
    hits_at_10: dict[str, float]


@dataclass(frozen=True)
class ServedWeights:
    """The weights a store serves, where they come from, and how they scored."""

    model: CollaboratorModel
    fitted: bool
    basis: str
    """Where the weights come from, in one sentence: what a recommendation's explanation says."""
    papers: int
    """The graph's papers when the weights were chosen: a load that grows it by REFIT_GROWTH refits."""
    validation: Validation | None = None

    @classmethod
    def shipped(cls, reason: str, papers: int = 0) -> ServedWeights:
        basis = f"the built-in weights, learned from another graph's history (CGM, image-processing papers): {reason}"
        return cls(CollaboratorModel.shipped(), False, basis, papers)

    def to_json(self) -> str:
        body = asdict(self)
        body["model"] = {"weights": self.model.weights.tolist(), "intercept": self.model.intercept}
        return json.dumps(body, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ServedWeights:
        body = json.loads(text)
        model = body.pop("model")
        validation = body.pop("validation")
        return cls(
            CollaboratorModel(np.array(model["weights"]), float(model["intercept"])),
            validation=Validation(**validation) if validation else None,
            **body,
        )
