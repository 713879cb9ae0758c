"""Collaborator-recommendation scoring: pure functions over plain numbers.

The score of a candidate c for author u (neither has co-authored with the other) is

    score = W_STRUCTURE * adamic_adar + W_TOPICS * topic_overlap + W_RECENCY * recency

- adamic_adar (Adamic & Adar 2003; as a link predictor, Liben-Nowell & Kleinberg 2003):
  sum over shared co-authors w of 1 / ln(degree(w)). A shared co-author who works with
  few people is stronger evidence of an introduction than a hub is.
- topic_overlap: the share of u's topical identity that c shares, each topic weighted by
  its rarity (smoothed inverse document frequency over authors), so sharing a niche
  topic counts far more than sharing "machine learning". In [0, 1].
- recency: how fresh the freshest introduction path u-w-c is: 0.5 ** (age / half-life),
  where age is the reference year minus the older of the two ties' last years. The
  reference year is the newest paper year in the graph, never the clock, so answers do
  not change with the date a query runs. 0 when there is no shared co-author.

Scores are rounded to 9 decimals so stores agree exactly on order despite float noise.

Example: u and c share one co-author w of degree 2 (last tie years 2024 and 2025, the
graph's newest year 2025) and no topics:
    >>> parts = score_parts([2], {}, set(), [(2024, 2025)], 2025)
    >>> round(parts.adamic_adar, 4), parts.topic_overlap, round(parts.recency, 4)
    (1.4427, 0.0, 0.7937)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import lru_cache

from .model import ScoreParts

W_STRUCTURE = 1.0
W_TOPICS = 1.0
W_RECENCY = 0.5
RECENCY_HALF_LIFE_YEARS = 3.0
DISTINCTIVE_TOPIC_MAX_AUTHORS = 100
"""Authors who share only topics with u are candidates when the topic has at most this many authors."""


def adamic_adar(shared_coauthor_degrees: Iterable[int]) -> float:
    """Sum of 1/ln(degree) over shared co-authors (each has degree >= 2 by construction)."""
    return sum(1.0 / math.log(degree) for degree in shared_coauthor_degrees if degree > 1)


def topic_rarity(authors_with_topic: int, total_authors: int) -> float:
    """Smoothed inverse document frequency of a topic over authors; 0 for a topic everyone has."""
    return math.log((1 + total_authors) / (1 + authors_with_topic))


def topic_overlap(own_topics: Mapping[str, float], other_topics: set[str]) -> float:
    """Rarity-weighted share of the author's own topics that the other author also has."""
    total = sum(own_topics.values())
    if total <= 0:
        return 0.0
    return sum(weight for topic, weight in own_topics.items() if topic in other_topics) / total


def path_freshness(first_tie: int | None, second_tie: int | None, reference_year: int | None) -> float:
    """Freshness of one u-w-c introduction path: it is as old as the older of its two ties."""
    if first_tie is None or second_tie is None or reference_year is None:
        return 0.0
    return _decay(max(0, reference_year - min(first_tie, second_tie)))


@lru_cache(maxsize=256)
def _decay(age: int) -> float:
    return 0.5 ** (age / RECENCY_HALF_LIFE_YEARS)


def recency(tie_years: Iterable[tuple[int | None, int | None]], reference_year: int | None) -> float:
    """Freshness of the freshest u-w-c introduction path, from the last years of its two ties."""
    return max((path_freshness(first, second, reference_year) for first, second in tie_years), default=0.0)


def structural_score(adamic_adar_value: float, recency_value: float) -> float:
    """The part of the score that needs no topics: what candidate pruning ranks by."""
    return W_STRUCTURE * adamic_adar_value + W_RECENCY * recency_value


def best_possible_score(structural: float) -> float:
    """An upper bound on a candidate's score from its structural part (topic_overlap <= 1)."""
    return structural + W_TOPICS


def score_parts(
    shared_coauthor_degrees: Iterable[int],
    own_topics: Mapping[str, float],
    other_topics: set[str],
    tie_years: Iterable[tuple[int | None, int | None]],
    reference_year: int | None,
) -> ScoreParts:
    return ScoreParts(
        adamic_adar=round(adamic_adar(shared_coauthor_degrees), 9),
        topic_overlap=round(topic_overlap(own_topics, other_topics), 9),
        recency=round(recency(tie_years, reference_year), 9),
    )


def total_score(parts: ScoreParts) -> float:
    return round(W_STRUCTURE * parts.adamic_adar + W_TOPICS * parts.topic_overlap + W_RECENCY * parts.recency, 9)
