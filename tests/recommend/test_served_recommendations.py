"""What the embedded store serves is the model the evaluation measures.

The store gathers a recommendation's facts as array operations over author keys; the reference
(`reference_facts.ReferenceFacts`) computes the same facts with plain dicts over the papers. On a
generated corpus both must rank the same people first, with the same scores, parts and shared
co-authors, with and without a topic filter; and the fitting's facts (`fitting.training.HistoryFacts`, the
store's array code over a history) must equal the reference's too.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import numpy as np
import pytest

from coauthor_graph.compute import profiles
from coauthor_graph.domain.hyperauthorship import MAX_PAIRED_AUTHORS
from coauthor_graph.evaluation import link_prediction as lp
from coauthor_graph.evaluation.recommendations import run_evaluation
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.evaluation.training import history_facts
from coauthor_graph.fitting.history_arrays import array_history, new_collaborations
from coauthor_graph.loaders.jsonl import load as load_jsonl
from coauthor_graph.loaders.jsonl import paper_from_row
from coauthor_graph.recommend.model import CollaboratorModel
from coauthor_graph.services.fitting import fit_recommender
from coauthor_graph.services.recommendations import recommend_collaborators
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.recommend.reference_facts import ReferenceFacts

SHIPPED = CollaboratorModel.shipped()  # what a store serves before it is fitted


async def test_the_store_serves_what_the_evaluation_measures(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", 1500, seed=3)
    store = EmbeddedStore(tmp_path / "store.sqlite")
    await store.upsert(load_jsonl(corpus))
    papers, names = lp.history_from(load_jsonl(corpus))
    graph = lp.train_graph(papers, max(p.year for p in papers), names)
    facts = ReferenceFacts(graph)
    # Listing every author is not a store operation; the test reads ids straight from the file.
    listed = store._reader.execute("SELECT id, name FROM author ORDER BY n LIMIT 30").fetchall()
    topics = [t for (t,) in store._reader.execute("SELECT id FROM topic ORDER BY n")]
    topic_names = {t: (await store.get(t)).name.lower() for t in topics}  # "Information Retrieval": cs.IR
    compared = 0
    for i, (author_id, name) in enumerate(listed):
        topic = topics[i % len(topics)] if i % 2 else None
        u = graph.numbers[lp.normalize_name(name)]
        candidates, rows = facts.candidate_features(u)
        scores = SHIPPED.scores(rows.T)
        expected = sorted(
            (
                (-scores[k], graph.names[c], c)
                for k, c in enumerate(candidates)
                if topic is None or topic_names[topic] in {t.lower() for t in graph.topics[c]}
            ),
        )[:10]
        served = await recommend_collaborators(store, author_id, limit=10, topic_id=topic)
        assert [(r.author.name, r.score) for r in served] == [(n, pytest.approx(-s, abs=1e-8)) for s, n, _ in expected]
        for r, (_, _, c) in zip(served, expected, strict=True):
            k = candidates.index(c)
            assert asdict(r.parts) == pytest.approx(SHIPPED.parts(rows[k]), abs=1e-8)
            shared = sorted(graph.names[w] for w in set(graph.ties[u]) & set(graph.ties[c]))
            assert sorted(a.name for a in r.shared_coauthors) == shared
        compared += len(served) == 10 and np.ptp([r.score for r in served]) > 0
    assert compared >= 20  # most authors have ten recommendations that the score tells apart
    await store.close()


@pytest.mark.slow
async def test_a_fitted_store_serves_the_rankings_the_evaluation_dumps(tmp_path):
    """`evaluate-recommendations --split S` ranks with what a store holding the papers up to S serves."""
    corpus = write_corpus(tmp_path / "corpus.jsonl", 2500, seed=11)
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    years = sorted(row["year"] for row in rows)
    split, end = years[len(years) * 3 // 4], years[-1]
    store = EmbeddedStore(tmp_path / "store.sqlite")
    await store.upsert(load_jsonl(_jsonl(tmp_path / "train.jsonl", [r for r in rows if r["year"] <= split])))
    weights = await fit_recommender(store)
    papers, names = lp.history_from(load_jsonl(corpus))
    report = run_evaluation(papers, names, split, end)
    assert weights.fitted and report.weights == weights.basis
    compared = 0
    for author, ranked in report.rankings[:60]:
        (found,) = await store.find_author(author)
        served = await recommend_collaborators(store, found.id, limit=10)
        assert [r.author.name for r in served] == ranked[: len(served)]
        compared += len(served) == 10
    assert compared >= 40
    await store.close()


def test_the_array_history_is_the_train_graph_and_its_cases(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", 1500, seed=6)
    papers, names = lp.history_from(load_jsonl(corpus))
    newest = max(p.year for p in papers)
    split = newest - 4
    known = sorted({a for p in papers for a in p.authors})
    crowd = tuple(known[: MAX_PAIRED_AUTHORS + 1])
    papers += [lp.HistoricPaper(split - 1, crowd), lp.HistoricPaper(newest, crowd)]  # pair no one (hyperauthorship)
    graph = lp.train_graph(papers, split, names)
    history = array_history(papers, split)
    assert list(history.numbers.items()) == list(graph.numbers.items())  # numbered alike
    for a in range(graph.size):
        assert history.adjacency.ties(a) == {b: year for b, (_, year) in graph.ties[a].items()}
    assert history.profiles.papers.tolist() == graph.papers
    expected = lp.cases(papers, graph, split, newest)
    assert len(expected) > 50 and new_collaborations(history, papers, split, newest) == expected
    without = lp.train_graph(papers[:-2], split, names)
    assert _tie_keys(graph) == _tie_keys(without)


def _tie_keys(graph: lp.TrainGraph) -> dict[str, set[str]]:
    key = {n: k for k, n in graph.numbers.items()}
    return {key[a]: {key[b] for b in ties} for a, ties in enumerate(graph.ties) if ties}


def test_the_fitting_computes_the_reference_facts(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", 1500, seed=4)
    papers, names = lp.history_from(load_jsonl(corpus))
    graph = lp.train_graph(papers, max(p.year for p in papers) - 2, names)
    reference, fitting = ReferenceFacts(graph), history_facts(graph)
    for u in range(0, graph.size, max(1, graph.size // 40)):
        expected_candidates, expected = reference.candidate_features(u)
        candidates, rows = fitting.candidate_features(u)
        assert candidates.tolist() == expected_candidates
        assert rows == pytest.approx(expected, abs=1e-9)


async def test_profiles_patched_by_commits_equal_profiles_built_afresh(tmp_path):
    """Commits patch the author profiles (new papers and terms, new authors on stored papers, a venue for
    a paper that had none, new titles and years); the recommendations then equal those of a store that
    builds them afresh."""
    lines = write_corpus(tmp_path / "corpus.jsonl", 1500, seed=5).read_text(encoding="utf-8").splitlines()
    first, second = lines[:900], lines[900:]
    loners = [
        {"title": f"Zygomorphic lattice {i}", "year": 2021, "authors": [f"Quill Author {i}"], "doi": f"10.1/q{i}"}
        for i in range(8)
    ]
    grown = [
        {**json.loads(line), "authors": [*json.loads(line)["authors"], f"Newcomer {i % 5}"]}
        for i, line in enumerate(first[:40])
    ]
    placed = [{**row, "venue": {"name": "Lattice Letters", "kind": "journal"}} for row in loners]
    # A more authoritative source (OpenAlex over JSON Lines: its DOIs come from the registrars) renames papers
    # and moves them back in time.
    renamed = [
        paper_from_row(
            "renamed.json", i, {**row, "title": f"Hyperbolic sheaf {i % 3}", "year": row["year"] - 9}, "openalex"
        )
        for i, row in enumerate(json.loads(line) for line in first[40:70])
    ]
    path = tmp_path / "store.sqlite"
    store = EmbeddedStore(path)
    await store.upsert(load_jsonl(_jsonl(tmp_path / "1.jsonl", [json.loads(line) for line in first])))
    asked = [a for (a,) in store._reader.execute("SELECT id FROM author ORDER BY n LIMIT 25")]
    await recommend_collaborators(store, asked[0])  # builds the profiles
    built = store._index._profiles
    await store.upsert(load_jsonl(_jsonl(tmp_path / "2.jsonl", [*map(json.loads, second), *loners])))
    await store.upsert(load_jsonl(_jsonl(tmp_path / "3.jsonl", [*grown, *placed])))
    await store.upsert(renamed)
    (moved,) = store._reader.execute("SELECT count(*) FROM paper WHERE title LIKE 'Hyperbolic sheaf%'").fetchone()
    assert moved == len(renamed)
    assert store._index._profiles is built  # patched, not rebuilt
    asked += ["author:quill-author-3", "author:newcomer-2"]
    asked += [a.id for r in renamed[:3] for a in await store.find_author(r.authors[0].name)]
    patched = [await recommend_collaborators(store, a, limit=10) for a in asked]
    await store.close()
    fresh = EmbeddedStore(path)
    await recommend_collaborators(fresh, asked[0])
    # What every author's features are made of, not only what the asked authors' top 10 show:
    rebuilt = fresh._index._profiles
    assert built.papers.tolist() == rebuilt.papers.tolist()
    assert built.last_year.tolist() == rebuilt.last_year.tolist()  # renamed papers moved back 9 years
    assert built.venue_norms == pytest.approx(rebuilt.venue_norms)
    assert {t: int(built.papers_with_term[k]) for k, t in enumerate(built.terms) if built.papers_with_term[k]} == {
        t: int(rebuilt.papers_with_term[k]) for k, t in enumerate(rebuilt.terms)
    }
    for author_id, recommendations in zip(asked, patched, strict=True):
        expected = await recommend_collaborators(fresh, author_id, limit=10)
        assert [(r.author.id, r.score) for r in recommendations] == [
            (r.author.id, pytest.approx(r.score, abs=1e-8)) for r in expected
        ]
    quill = patched[asked.index("author:quill-author-3")]
    assert any(r.shared_venues for r in quill)  # the venue added to Quill's paper by a later commit
    await fresh.close()


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


async def test_a_commit_that_changes_many_authors_drops_the_profiles(tmp_path, monkeypatch):
    monkeypatch.setattr(profiles, "OVERLAY_MIN", 10)
    monkeypatch.setattr(profiles, "OVERLAY_SHARE", 0.0)
    lines = write_corpus(tmp_path / "corpus.jsonl", 600, seed=9).read_text(encoding="utf-8").splitlines()
    store = EmbeddedStore(tmp_path / "store.sqlite")
    await store.upsert(load_jsonl(_jsonl(tmp_path / "1.jsonl", [json.loads(line) for line in lines[:300]])))
    asked = [a for (a,) in store._reader.execute("SELECT id FROM author ORDER BY n LIMIT 10")]
    await recommend_collaborators(store, asked[0])
    assert store._index._profiles is not None
    await store.upsert(load_jsonl(_jsonl(tmp_path / "2.jsonl", [json.loads(line) for line in lines[300:]])))
    assert store._index._profiles is None  # more than 10 authors changed: rebuilt on the next recommendation
    patched = [await recommend_collaborators(store, a) for a in asked]
    await store.close()
    fresh = EmbeddedStore(tmp_path / "store.sqlite")
    assert patched == [await recommend_collaborators(fresh, a) for a in asked]
    await fresh.close()
