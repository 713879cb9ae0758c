"""The collaborator recommender: who will someone write with next?

Structure alone (Adamic-Adar, Katz) is close to its ceiling: most new collaborations are
not with a friend of a friend. What people also know is *what* others work on and *where*
they publish, and who is active. So each candidate gets a few interpretable features, in
five groups, and a logistic regression weighs them:

- structure: common neighbours, Adamic-Adar, resource allocation and walks of length 3 over
  the co-author graph, and their logarithms (their effect saturates). Walks of length 3 pass
  only through people with at most WALK_DEGREE co-authors: a hub introduces weakly (the
  Adamic-Adar argument), and through hubs three hops reach nearly everyone (89% of authors at
  1M generated papers, 3.7M walks to count per query; 245 without them).
- recency: how fresh the freshest introduction path is (`scoring.path_freshness`), and how
  recently the candidate last published (half-life 2 years).
- topics: how well the candidate's title words match the person's, and their co-authors'
  taken together (the group's topics; `title_terms`). Vocabulary topics explain a
  recommendation (shared topics, rarest first) but do not score it: with title words in the
  model, their rarity-weighted overlap took a negative weight on CGM's validation split (people
  sharing only a broad topic rarely write together), which would read as "shares your topics,
  so ranked lower".
- venues: cosine of the venues they publish in (paper counts).
- activity: the candidate's papers and co-authors (logarithms).

Candidates (the pool) are everyone within 3 hops and the TITLE_POOL best matches by each title
match feature (ties at that edge by the store's own key order). `recommend_collaborators`
ranks the pool by the score; `evaluate-recommendations` ranks everyone else after it in the
protocol's fallback order.

The score is the model's logit: SERVED_INTERCEPT plus one part per group, each the weighted sum
of its features, so a recommendation's parts say how much each kind of evidence counted.

Choices were made on CGM validation splits inside 2009, never on its test split (2009 / 2013):
- the feature set, the pool, C = 0.1 and balanced class weights: fitted on 2005 / 2007,
  validated on 2007 / 2009 (recall@50 1.26 x Katz's) and on the windows 2005 / 2009 and
  2006 / 2009 (1.24 and 1.22);
- title words matched by BM25 without length normalization, against BM25 with it and the
  previous model's TF-IDF cosine (recall@50 1.22 x Katz's averaged over the three windows,
  against 1.20 and 1.21); BM25 needs no per-candidate norm over every word they use, so a store
  computes it from the query's terms alone;
- walks of length 3 through people with at most 50 co-authors, against all walks (recall@50
  1.24 x Katz's averaged over the three windows, against 1.25; 25 co-authors: 1.19);
- a tie-strength feature (joint papers on both ties), 3-hop nearness and queries of more than
  50 terms changed recall@50 by under 0.01 x Katz's there, so they are out: each would cost the
  stores work at every query;
- a gradient-boosted model did worse (recall@50 0.227 against 0.289 on 2007 / 2009), and so did
  fitting on stacked inner splits or on every author rather than those with 3 papers.
The model is fitted on an inner split that ends at the evaluation split and looks as far ahead
as the evaluation does. What the stores serve uses the weights fitted for CGM's validation
split (SERVED_WEIGHTS): a store has no split to learn from at query time.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import scoring, title_terms
from .link_prediction import Case, TrainGraph
from .top_k import reaching_top

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
REGULARIZATION_C = 0.1
MIN_TRAINING_POSITIVES = 20
SERVED_WEIGHTS = (1.2827, 0.6769, -0.5214, -0.1235, 0.8905, 0.6405, -0.4206, 1.2912)
SERVED_WEIGHTS += (3.1138, 1.4822, 0.0179, 0.0024, 1.5327, -0.0493, 0.382)
SERVED_INTERCEPT = -3.6902
"""The weights fitted on CGM's validation split (split 2007 / end 2009, inner split 2005 / 2007), in
FEATURES order: what the stores serve, and what a corpus too small to learn from (fewer than
MIN_TRAINING_POSITIVES new collaborations in its inner split) is evaluated with."""


class TooLittleHistory(ValueError):
    """The inner split holds too few new collaborations to learn weights from."""


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


@dataclass(frozen=True)
class CollaboratorModel:
    """Feature weights and an intercept, learned by logistic regression."""

    weights: np.ndarray
    intercept: float

    @classmethod
    def served(cls) -> CollaboratorModel:
        return cls(weights=np.array(SERVED_WEIGHTS), intercept=SERVED_INTERCEPT)

    @classmethod
    def fit(cls, graph: TrainGraph, cases: Sequence[Case]) -> CollaboratorModel:
        """Learn the weights from one link-prediction split (candidates labelled by who came next)."""
        facts = HistoryFacts(graph)
        blocks, labels = [], []
        for case in cases:
            candidates, rows = facts.candidate_features(case.author)
            blocks.append(rows)
            labels.append(np.fromiter((c in case.true_new for c in candidates), dtype=bool, count=len(candidates)))
        x = np.vstack(blocks) if blocks else np.zeros((0, len(FEATURES)))
        y = np.concatenate(labels) if labels else np.zeros(0, dtype=bool)
        if y.sum() < MIN_TRAINING_POSITIVES or y.all():
            raise TooLittleHistory(
                f"too little history to learn from: {int(y.sum())} new collaborations in the inner split"
                f" (at least {MIN_TRAINING_POSITIVES} are needed)"
            )
        from sklearn.linear_model import LogisticRegression  # only the evaluation fits: serving needs no sklearn

        fitted = LogisticRegression(C=REGULARIZATION_C, class_weight="balanced", max_iter=5000).fit(x, y)
        return cls(weights=fitted.coef_[0], intercept=float(fitted.intercept_[0]))

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

    def predictor(self, graph: TrainGraph) -> ModelPredictor:
        return ModelPredictor(self, HistoryFacts(graph))


class HistoryFacts:
    """The candidate facts of a train graph's authors, as `CandidateFacts` defines them for the stores."""

    def __init__(self, graph: TrainGraph) -> None:
        self.graph = graph
        self.total_papers = graph.total_papers
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for author, words in enumerate(graph.words):
            for word, count in words.items():
                self.postings[word].append((author, count))

    def match(self, counts: Counter[str]) -> dict[int, float]:
        """BM25 match (`title_terms`) of everyone using one of the query's informative terms."""
        scores: dict[int, float] = defaultdict(float)
        terms = list(counts)
        papers_with = [self.graph.papers_per_word[t] for t in terms]
        weights = title_terms.query_weights(terms, [counts[t] for t in terms], papers_with, self.total_papers)
        for term, weight in weights.items():
            people = self.postings[term]
            shares = title_terms.match(weight, np.array([tf for _, tf in people]))
            for (author, _), share in zip(people, shares.tolist(), strict=True):
                scores[author] += share
        return scores

    def candidate_features(self, u: int) -> tuple[list[int], np.ndarray]:
        """u's pool (as the stores gather it) and its feature rows."""
        graph = self.graph
        common: dict[int, float] = defaultdict(float)
        adamic: dict[int, float] = defaultdict(float)
        allocation: dict[int, float] = defaultdict(float)
        freshest: dict[int, float] = defaultdict(float)
        for w, (_, own_year) in graph.ties[u].items():
            degree = len(graph.ties[w])
            for c, (_, their_year) in graph.ties[w].items():
                common[c] += 1.0
                allocation[c] += 1.0 / degree
                if degree > 1:
                    adamic[c] += 1.0 / math.log(degree)
                freshest[c] = max(freshest[c], scoring.path_freshness(own_year, their_year, graph.reference_year))
        walks_3: dict[int, float] = defaultdict(float)
        for w in graph.ties[u]:
            if len(graph.ties[w]) > WALK_DEGREE:
                continue
            for x in graph.ties[w]:
                if len(graph.ties[x]) > WALK_DEGREE:
                    continue
                for c in graph.ties[x]:
                    walks_3[c] += 1.0
        group: Counter[str] = Counter()
        for w in graph.ties[u]:
            group.update(graph.words[w])
        title, group_title = self.match(graph.words[u]), self.match(group)
        pool = set(common) | set(walks_3)
        for matched in (title, group_title):
            keys = np.fromiter(matched, dtype=np.int64, count=len(matched))
            pool.update(best_matches(keys, np.array([matched[k] for k in keys.tolist()])).tolist())
        candidates = sorted(pool - {u, *graph.ties[u]})
        column = lambda values: np.array([values.get(c, 0.0) for c in candidates], dtype=np.float64)  # noqa: E731
        facts = CandidateFacts(
            adamic_adar=column(adamic),
            resource_allocation=column(allocation),
            common_neighbours=column(common),
            walks_3=column(walks_3),
            path_freshness=column(freshest),
            last_year=np.array([graph.last_year[c] for c in candidates]),
            papers=np.array([graph.papers[c] for c in candidates]),
            coauthors=np.array([len(graph.ties[c]) for c in candidates]),
            title_match=column(title),
            group_title_match=column(group_title),
            venue_similarity=np.array([venue_cosine(graph.venues[u], graph.venues[c]) for c in candidates]),
            reference_year=graph.reference_year,
        )
        return candidates, feature_rows(facts)


class ModelPredictor:
    """The model as a link-prediction predictor over one train graph."""

    def __init__(self, model: CollaboratorModel, facts: HistoryFacts) -> None:
        self.model = model
        self.facts = facts

    def __call__(self, graph: TrainGraph, u: int, excluded: set[int]) -> dict[int, float]:
        candidates, rows = self.facts.candidate_features(u)
        logits = self.model.scores(rows.T)
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        return {c: float(p) + 1e-12 for c, p in zip(candidates, probabilities, strict=True) if c not in excluded}
