"""Fitting the collaborator model on a corpus's history, and scoring it as a link predictor.

`HistoryFacts` computes, with plain dicts over a train graph, the same candidate facts the stores
gather (`recommend.features`); `tests/recommend` checks that they agree.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from coauthor_graph.evaluation.link_prediction import Case, TrainGraph
from coauthor_graph.recommend import scoring, title_terms
from coauthor_graph.recommend.features import (
    FEATURES,
    WALK_DEGREE,
    CandidateFacts,
    best_matches,
    feature_rows,
    venue_cosine,
)
from coauthor_graph.recommend.model import CollaboratorModel

REGULARIZATION_C = 0.1
MIN_TRAINING_POSITIVES = 20


class TooLittleHistory(ValueError):
    """The inner split holds too few new collaborations to learn weights from."""


def fit(graph: TrainGraph, cases: Sequence[Case]) -> CollaboratorModel:
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
    return CollaboratorModel(weights=fitted.coef_[0], intercept=float(fitted.intercept_[0]))


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


def predictor(model: CollaboratorModel, graph: TrainGraph) -> ModelPredictor:
    """The model as a link-prediction predictor over one train graph."""
    return ModelPredictor(model, HistoryFacts(graph))


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
