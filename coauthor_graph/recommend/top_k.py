"""The top k of many scores, ties included, without sorting them all."""

from __future__ import annotations

import numpy as np


def reaching_top(values: np.ndarray, k: int) -> np.ndarray:
    """Positions (ascending) of the values at least as large as the k-th largest: the top k and every
    value tied with the k-th, so that a tie-break decides among them; all positions when k covers them."""
    if len(values) <= k:
        return np.arange(len(values))
    return np.flatnonzero(values >= np.partition(values, len(values) - k)[len(values) - k])
