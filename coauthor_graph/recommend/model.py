"""The served collaborator model: a logistic regression over `features`, scored in parts.

The score is the model's logit: SERVED_INTERCEPT plus one part per feature group, each the weighted
sum of its features, so a recommendation's parts say how much each kind of evidence counted. How the
weights were chosen (and what was tried and dropped) is in `docs/recommendations.md`; fitting lives in
`evaluation.training`, so serving never loads the evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coauthor_graph.recommend.features import FEATURES, GROUPS

SERVED_WEIGHTS = (1.2827, 0.6769, -0.5214, -0.1235, 0.8905, 0.6405, -0.4206, 1.2912)
SERVED_WEIGHTS += (3.1138, 1.4822, 0.0179, 0.0024, 1.5327, -0.0493, 0.382)
SERVED_INTERCEPT = -3.6902
"""The weights fitted on CGM's validation split (split 2007 / end 2009, inner split 2005 / 2007), in
FEATURES order: what the stores serve, and what a corpus too small to learn from (fewer than
MIN_TRAINING_POSITIVES new collaborations in its inner split) is evaluated with."""


@dataclass(frozen=True)
class CollaboratorModel:
    """Feature weights and an intercept, learned by logistic regression."""

    weights: np.ndarray
    intercept: float

    @classmethod
    def served(cls) -> CollaboratorModel:
        return cls(weights=np.array(SERVED_WEIGHTS), intercept=SERVED_INTERCEPT)

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
