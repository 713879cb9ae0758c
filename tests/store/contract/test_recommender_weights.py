"""A store fits the recommender on its own history, keeps the weights, and serves them: the same on every store."""

from __future__ import annotations

import json

import pytest

from coauthor_graph.evaluation import link_prediction as lp
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.fitting.training import fit_weights
from coauthor_graph.loaders.jsonl import load as load_jsonl
from coauthor_graph.services.fitting import REFIT_GROWTH, fit_recommender, refit_if_grown
from coauthor_graph.services.recommendations import NOT_FITTED, recommend_collaborators, served_weights
from tests.conftest import DATA


@pytest.mark.slow
async def test_a_store_serves_the_weights_fitted_on_its_papers(store, tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", 1500, seed=3)
    await store.upsert(load_jsonl(corpus))
    first = json.loads(corpus.read_text(encoding="utf-8").splitlines()[0])["authors"][0]
    (asked,) = await store.find_author(first)
    before = await recommend_collaborators(store, asked.id, limit=3)
    assert before and not before[0].fitted and NOT_FITTED in before[0].weights
    weights = await fit_recommender(store)
    papers, names = lp.history_from(load_jsonl(corpus))
    expected = fit_weights(papers, names, 1500)  # the same papers, read from the file
    assert weights.fitted and weights.basis == expected.basis and weights.papers == 1500
    assert weights.model.weights == pytest.approx(expected.model.weights, abs=1e-6)
    assert weights.model.intercept == pytest.approx(expected.model.intercept, abs=1e-6)
    assert weights.validation is not None and weights.validation.authors > 10
    assert set(weights.validation.recall_at_50) == {"fitted", "shipped", "Adamic-Adar"}
    assert (await store.served_weights()).to_json() == weights.to_json()  # kept, and read back whole
    after = await recommend_collaborators(store, asked.id, limit=3)
    assert after[0].fitted and after[0].weights == weights.basis
    assert after[0].intercept == pytest.approx(weights.model.intercept)
    assert await refit_if_grown(store) is None  # nothing grew


async def test_too_short_a_history_keeps_the_shipped_weights_and_says_why(store):
    await store.upsert(load_jsonl(DATA / "small-graph.jsonl"))
    assert (await served_weights(store)).basis.endswith(NOT_FITTED)
    weights = await refit_if_grown(store)  # never fitted: fits now
    assert weights is not None and not weights.fitted and "too little history to learn from" in weights.basis
    assert (await store.served_weights()).to_json() == weights.to_json()
    papers = weights.papers
    assert await refit_if_grown(store) is None
    assert REFIT_GROWTH == 0.25 and papers == (await store.stats()).nodes["Paper"]
