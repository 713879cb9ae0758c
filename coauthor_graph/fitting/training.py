"""Fitting the collaborator model on a corpus's history: what a store serves, and what the evaluation measures.

The fit is the evaluation's inner split: the graph of the papers up to FIT_WINDOW_YEARS before the
newest year, and as labels the new collaborations of the window after it. The candidate facts are
computed by the same array code the embedded store answers recommendations with
(`store.embedded.candidates.gather`), over that older graph.

At 1M papers the window holds tens of thousands of authors with pools of thousands of candidates each,
so the fit reads at most FIT_MAX_AUTHORS of them (chosen by a hash of their key, so not by load order)
and at most FIT_MAX_NEGATIVES candidates who did not become co-authors per author, sampled and weighted
up so that the objective is the one over all of them. `docs/recommendations.md` has the figures.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from coauthor_graph.compute.adjacency import Adjacency
from coauthor_graph.compute.candidates import gather
from coauthor_graph.compute.profiles import AuthorProfiles
from coauthor_graph.fitting.history import Case, HistoricPaper
from coauthor_graph.fitting.history_arrays import ArrayHistory, array_history, new_collaborations
from coauthor_graph.recommend.features import FEATURES, CandidateFacts, feature_rows, taken
from coauthor_graph.recommend.model import CollaboratorModel, ServedWeights, Validation

REGULARIZATION_C = 0.1
MIN_TRAINING_POSITIVES = 20
FIT_WINDOW_YEARS = 4
"""The window whose new collaborations the model learns to predict: as far ahead as CGM's test split."""
FIT_MAX_AUTHORS = 500
FIT_MAX_NEGATIVES = 2_000
HELD_OUT = 4
"""Every HELD_OUT-th fitted author is first held out, to measure the weights (`Validation`)."""
_ADAMIC_ADAR = [name for _, name in FEATURES].index("adamic_adar")


class TooLittleHistory(ValueError):
    """The window holds too few new collaborations to learn weights from."""


def fit_weights(papers: Sequence[HistoricPaper], names: dict[str, str], papers_in_graph: int) -> ServedWeights:
    """The weights to serve for a graph of these papers (those of unknown year left out): fitted on its last
    window, or the shipped ones, saying why, when the history is too short."""
    if not papers:
        return ServedWeights.shipped("no paper has a year", papers_in_graph)
    newest = max(p.year for p in papers)
    inner = newest - FIT_WINDOW_YEARS
    history = array_history(papers, inner)
    evaluated = new_collaborations(history, papers, inner, newest)
    try:
        model, validation = fit([names.get(k, k) for k in history.numbers], HistoryFacts.of(history), evaluated)
    except TooLittleHistory as error:
        return ServedWeights.shipped(str(error), papers_in_graph)
    basis = (
        f"weights fitted on this graph: the papers up to {inner}, and the new collaborations of"
        f" {inner + 1}-{newest} to predict"
    )
    return ServedWeights(model, True, basis, papers_in_graph, validation)


def fit(
    names: Sequence[str], facts: HistoryFacts, evaluated: Sequence[Case]
) -> tuple[CollaboratorModel, Validation | None]:
    """Learn the weights from one split (candidates labelled by who came next), and how the weights learnt
    without the held-out authors ranked theirs. `names` are the authors' names by number."""
    chosen = sorted(evaluated, key=lambda c: (zlib.crc32(names[c.author].encode()), names[c.author]))
    chosen = chosen[:FIT_MAX_AUTHORS]
    rows = _TrainingRows()
    held_out = []
    for i, case in enumerate(chosen):
        candidates, found = facts.candidate_facts(case.author)
        if i % HELD_OUT == HELD_OUT - 1:
            held_out.append((case, candidates, found))
        else:
            rows.add(case, candidates, found, seed=i)
    validation = None
    if held_out and rows.positives >= MIN_TRAINING_POSITIVES:
        first = rows.fit()
        validation = _validate(first, [(case, candidates, feature_rows(found)) for case, candidates, found in held_out])
    for i, (case, candidates, found) in enumerate(held_out):
        rows.add(case, candidates, found, seed=len(chosen) + i)
    return rows.fit(), validation


class HistoryFacts:
    """The candidate facts of a history's authors, by the embedded store's array code."""

    def __init__(self, adjacency: Adjacency, profiles: AuthorProfiles, reference_year: int | None) -> None:
        self.adjacency = adjacency
        self.profiles = profiles
        self.reference_year = reference_year

    @classmethod
    def of(cls, history: ArrayHistory) -> HistoryFacts:
        return cls(history.adjacency, history.profiles, history.reference_year)

    def candidate_facts(self, u: int) -> tuple[np.ndarray, CandidateFacts]:
        """u's pool (as the stores gather it), by author number, and its facts."""
        pool, facts, _ = gather(self.adjacency, self.reference_year, self.profiles, u, None)
        return pool, facts

    def candidate_features(self, u: int) -> tuple[np.ndarray, np.ndarray]:
        """u's pool and its feature rows."""
        pool, facts = self.candidate_facts(u)
        return pool, feature_rows(facts)


class _TrainingRows:
    """Feature rows with labels and weights: balanced classes, sampled non-co-authors weighted up."""

    def __init__(self) -> None:
        self.blocks: list[np.ndarray] = []
        self.labels: list[np.ndarray] = []
        self.scale: list[np.ndarray] = []
        self.positives = self.negatives = 0

    def add(self, case: Case, candidates: np.ndarray, facts: CandidateFacts, seed: int) -> None:
        """One author's candidates: the rows of those kept only (features are per candidate)."""
        label = np.isin(candidates, np.fromiter(case.true_new, dtype=np.int64))
        negatives = np.flatnonzero(~label)
        self.positives += int(label.sum())
        self.negatives += len(negatives)
        scale = np.ones(len(label))
        if len(negatives) > FIT_MAX_NEGATIVES:
            dropped = np.random.default_rng(seed).permutation(negatives)[FIT_MAX_NEGATIVES:]
            keep = np.ones(len(label), dtype=bool)
            keep[dropped] = False
            label, facts, scale = label[keep], taken(facts, keep), scale[keep]
            scale[~label] = len(negatives) / FIT_MAX_NEGATIVES
        self.blocks.append(feature_rows(facts))
        self.labels.append(label)
        self.scale.append(scale)

    def fit(self) -> CollaboratorModel:
        if self.positives < MIN_TRAINING_POSITIVES or not self.negatives:
            raise TooLittleHistory(
                f"this graph has too little history to learn from: {self.positives} new collaborations in its"
                f" last few years, and {MIN_TRAINING_POSITIVES} are needed"
            )
        from sklearn.linear_model import LogisticRegression  # only fitting needs sklearn

        y = np.concatenate(self.labels)
        total = self.positives + self.negatives
        weight = np.concatenate(self.scale) * np.where(y, total / (2 * self.positives), total / (2 * self.negatives))
        fitted = LogisticRegression(C=REGULARIZATION_C, solver="newton-cholesky", max_iter=100)
        fitted.fit(np.vstack(self.blocks), y, sample_weight=weight)
        return CollaboratorModel(weights=fitted.coef_[0], intercept=float(fitted.intercept_[0]))


def _validate(fitted: CollaboratorModel, held_out: list[tuple[Case, np.ndarray, np.ndarray]]) -> Validation:
    """Recall@50 and hits@10 of the held-out authors' pools ranked three ways (ties by author number)."""
    shipped = CollaboratorModel.shipped()
    recall = dict.fromkeys(("fitted", "shipped", "Adamic-Adar"), 0.0)
    hits = dict.fromkeys(recall, 0.0)
    for case, candidates, features in held_out:
        true_new = np.fromiter(case.true_new, dtype=np.int64)
        for name, scores in (
            ("fitted", fitted.scores(features.T)),
            ("shipped", shipped.scores(features.T)),
            ("Adamic-Adar", features[:, _ADAMIC_ADAR]),
        ):
            top = candidates[np.lexsort((candidates, -scores))[:50]]
            found = np.isin(top, true_new)
            recall[name] += found.sum() / len(true_new)
            hits[name] += bool(found[:10].any())
    n = len(held_out)
    return Validation(n, {k: round(v / n, 4) for k, v in recall.items()}, {k: round(v / n, 4) for k, v in hits.items()})
