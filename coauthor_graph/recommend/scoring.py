"""Small scoring rules shared by recommendations and their explanations: pure functions over numbers.

- topic_rarity: smoothed inverse document frequency of a topic over authors, so that a
  recommendation lists the niche topics two people share before "machine learning".
- path_freshness: how fresh one u-w-c introduction path is: 0.5 ** (age / half-life), where
  age is the reference year minus the older of the path's two ties' last years. The reference
  year is the newest paper year in the graph, never the clock, so answers do not change with
  the date a query runs.

Example: ties last active in 2024 and 2025, the graph's newest year 2025:
    >>> round(path_freshness(2024, 2025, 2025), 4)
    0.7937
"""

from __future__ import annotations

import math
from functools import lru_cache

RECENCY_HALF_LIFE_YEARS = 3.0


def topic_rarity(authors_with_topic: int, total_authors: int) -> float:
    """Smoothed inverse document frequency of a topic over authors; 0 for a topic everyone has."""
    return math.log((1 + total_authors) / (1 + authors_with_topic))


def path_freshness(first_tie: int | None, second_tie: int | None, reference_year: int | None) -> float:
    """Freshness of one u-w-c introduction path: it is as old as the older of its two ties (0 if unknown)."""
    if first_tie is None or second_tie is None or reference_year is None:
        return 0.0
    return _decay(max(0, reference_year - min(first_tie, second_tie)))


@lru_cache(maxsize=256)
def _decay(age: int) -> float:
    return 0.5 ** (age / RECENCY_HALF_LIFE_YEARS)
