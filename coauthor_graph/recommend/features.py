"""The facts a store gathers about each candidate collaborator, and the features the model reads from them.

Every store computes these facts for an author's pool (everyone within three hops, plus the best title
matches); `docs/recommendations.md` says why these features and not others.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, fields

import numpy as np

from coauthor_graph.recommend.top_k import reaching_top

FEATURES = (
    ("structure", "adamic_adar"),
    ("structure", "resource_allocation"),
    ("structure", "common_neighbours"),
    ("structure", "walks_3"),
    ("structure", "log_adamic_adar"),
    ("structure", "log_resource_allocation"),
    ("structure", "log_common_neighbours"),
    ("structure", "log_walks_3"),
    ("recency", "path_freshness"),
    ("recency", "candidate_activity"),
    ("topics", "title_match"),
    ("topics", "group_title_match"),
    ("venues", "venue_similarity"),
    ("activity", "log_papers"),
    ("activity", "log_coauthors"),
)
GROUPS = tuple(dict.fromkeys(group for group, _ in FEATURES))
TITLE_POOL = 300
WALK_DEGREE = 50
"""Walks of length 3 pass only through people with at most this many co-authors."""
ACTIVITY_HALF_LIFE_YEARS = 2.0


@dataclass(frozen=True)
class CandidateFacts:
    """What a store knows of each candidate for one author: one array per fact, in the candidates' order."""

    adamic_adar: np.ndarray
    resource_allocation: np.ndarray
    common_neighbours: np.ndarray
    walks_3: np.ndarray
    path_freshness: np.ndarray
    last_year: np.ndarray
    """The candidate's newest paper year (0 when none has a year)."""
    papers: np.ndarray
    coauthors: np.ndarray
    title_match: np.ndarray
    group_title_match: np.ndarray
    venue_similarity: np.ndarray
    reference_year: int | None


def feature_columns(facts: CandidateFacts) -> list[np.ndarray]:
    """One array per feature (as in FEATURES), over the candidates."""
    structure = [facts.adamic_adar, facts.resource_allocation, facts.common_neighbours, facts.walks_3]
    last_year = np.asarray(facts.last_year, dtype=np.float64)
    if facts.reference_year is None:
        activity = np.zeros(len(last_year))
    else:
        age = np.maximum(0.0, facts.reference_year - last_year)
        activity = np.where(last_year > 0, 0.5 ** (age / ACTIVITY_HALF_LIFE_YEARS), 0.0)
    columns = [
        *structure,
        *(np.log1p(np.asarray(s, dtype=np.float64)) for s in structure),
        facts.path_freshness,
        activity,
        facts.title_match,
        facts.group_title_match,
        facts.venue_similarity,
        np.log1p(np.asarray(facts.papers, dtype=np.float64)),
        np.log1p(np.asarray(facts.coauthors, dtype=np.float64)),
    ]
    return [np.asarray(c, dtype=np.float64) for c in columns]


def taken(facts: CandidateFacts, keep: np.ndarray) -> CandidateFacts:
    """The facts of some of the candidates (a mask or indices): features are per candidate, so their rows are
    the rows of all the candidates' features at `keep`."""
    return CandidateFacts(
        **{  # type: ignore[arg-type]  # each field keeps its type
            field.name: getattr(facts, field.name)[keep] if field.name != "reference_year" else facts.reference_year
            for field in fields(facts)
        }
    )


def feature_rows(facts: CandidateFacts) -> np.ndarray:
    """One row per candidate, columns as in FEATURES."""
    return np.column_stack(feature_columns(facts)).reshape(-1, len(FEATURES))


def venue_cosine(mine: Mapping[Hashable, int], theirs: Mapping[Hashable, int]) -> float:
    """Cosine of two authors' paper counts per venue (0 when either has none)."""
    dot = sum(n * theirs.get(venue, 0) for venue, n in mine.items())
    return dot / (_length(mine) * _length(theirs))


def _length(counts: Mapping[Hashable, int]) -> float:
    return math.sqrt(sum(n * n for n in counts.values())) or 1.0


def best_matches(keys: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """The TITLE_POOL best-matching keys (score > 0; ties at the edge by key): one part of the pool."""
    matched = np.flatnonzero(scores > 0)
    matched = matched[reaching_top(scores[matched], TITLE_POOL)]
    order = np.lexsort((keys[matched], -scores[matched]))
    return keys[matched[order[:TITLE_POOL]]]
