"""What the embedded store serves is the model the evaluation measures.

The store gathers a recommendation's facts as array operations over author keys; the evaluation
(`collaborator_model.HistoryFacts`) computes the same facts with plain dicts over the papers.
On a generated corpus both must rank the same people first, with the same scores, parts and
shared co-authors, with and without a topic filter.
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pytest

from benchmarks.corpus import write as write_corpus
from coauthor_graph.graph import link_prediction as lp
from coauthor_graph.graph.collaborator_model import HistoryFacts
from coauthor_graph.graph.embedded.store import EmbeddedStore
from coauthor_graph.graph.recommendations import SERVED_MODEL
from coauthor_graph.loaders.jsonl import load as load_jsonl


async def test_the_store_serves_what_the_evaluation_measures(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", 1500, seed=3)
    store = EmbeddedStore(tmp_path / "store.sqlite")
    await store.upsert(load_jsonl(corpus))
    papers, names = lp.history_from(load_jsonl(corpus))
    graph = lp.train_graph(papers, max(p.year for p in papers), names)
    facts = HistoryFacts(graph)
    # Listing every author is not a store operation; the test reads ids straight from the file.
    listed = store._reader.execute("SELECT id, name FROM author ORDER BY n LIMIT 30").fetchall()
    topics = [t for (t,) in store._reader.execute("SELECT id FROM topic ORDER BY n")]
    topic_names = {t: (await store.get(t)).name for t in topics}
    compared = 0
    for i, (author_id, name) in enumerate(listed):
        topic = topics[i % len(topics)] if i % 2 else None
        u = graph.numbers[lp.normalize_name(name)]
        candidates, rows = facts.candidate_features(u)
        scores = SERVED_MODEL.scores(rows.T)
        expected = sorted(
            (
                (-scores[k], graph.names[c], c)
                for k, c in enumerate(candidates)
                if topic is None or topic_names[topic] in graph.topics[c]
            ),
        )[:10]
        served = await store.recommend_collaborators(author_id, limit=10, topic_id=topic)
        assert [(r.author.name, r.score) for r in served] == [(n, pytest.approx(-s, abs=1e-8)) for s, n, _ in expected]
        for r, (_, _, c) in zip(served, expected, strict=True):
            k = candidates.index(c)
            assert asdict(r.parts) == pytest.approx(SERVED_MODEL.parts(rows[k]), abs=1e-8)
            shared = sorted(graph.names[w] for w in set(graph.ties[u]) & set(graph.ties[c]))
            assert sorted(a.name for a in r.shared_coauthors) == shared
        compared += len(served) == 10 and np.ptp([r.score for r in served]) > 0
    assert compared >= 20  # most authors have ten recommendations that the score tells apart
    await store.close()
