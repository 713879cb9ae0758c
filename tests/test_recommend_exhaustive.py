"""Pruned top-k recommendations equal an exhaustive ranking built from public store operations.

The store reads topics only for candidates that can still make the top k; this test scores
every candidate with `graph.scoring` from what `coauthors`, `topic_trajectories_of` and
`top_authors_of` return, and demands the same answer.
"""

from __future__ import annotations

from benchmarks.corpus import write as write_corpus
from coauthor_graph.graph import scoring
from coauthor_graph.graph.embedded.store import EmbeddedStore
from coauthor_graph.loaders.jsonl import load as load_jsonl


async def exhaustive_top(store, author_id, total_authors, topic_authors, reference_year, k, topic=None):
    ties = {c.coauthor.id: c.last_year for c in await store.coauthors(author_id)}
    their_ties = {w: {c.coauthor.id: c.last_year for c in await store.coauthors(w)} for w in ties}
    rarity = {
        t.topic.id: scoring.topic_rarity(len(topic_authors[t.topic.id]), total_authors)
        for t in (await store.topic_trajectories_of([author_id]))[0]
    }
    distinctive = [t for t in rarity if len(topic_authors[t]) <= scoring.DISTINCTIVE_TOPIC_MAX_AUTHORS]
    candidates = {c for w in ties for c in their_ties[w]} | {a for t in distinctive for a in topic_authors[t]}
    candidates -= {author_id, *ties}
    if topic is not None:
        candidates &= topic_authors[topic]
    ranked = []
    for c in candidates:
        shared = [w for w in ties if c in their_ties[w]]
        parts = scoring.score_parts(
            [len(their_ties[w]) for w in shared],
            rarity,
            {t for t in rarity if c in topic_authors[t]},
            [(ties[w], their_ties[w][c]) for w in shared],
            reference_year,
        )
        score = scoring.total_score(parts)
        if score > 0:
            ranked.append((-score, (await store.get(c)).name, c, tuple(sorted(shared))))
    return [(c, -score, shared) for score, _, c, shared in sorted(ranked)[:k]]


async def test_pruned_top_k_matches_exhaustive_scoring(tmp_path):
    store = EmbeddedStore(tmp_path / "store.sqlite")
    await store.upsert(load_jsonl(write_corpus(tmp_path / "corpus.jsonl", 1500, seed=3)))
    # Listing every id is not a store operation; the test reads the ids straight from the file.
    topic_ids = [row[0] for row in store._reader.execute("SELECT id FROM topic")]
    author_ids = [row[0] for row in store._reader.execute("SELECT id FROM author ORDER BY n LIMIT 25")]
    (reference_year,) = store._reader.execute("SELECT max(year) FROM paper").fetchone()
    everyone = await store.top_authors_of(topic_ids, limit=10**6)
    topic_authors = {t: {a.author.id for a in top} for t, top in zip(topic_ids, everyone, strict=True)}
    total_authors = (await store.stats()).nodes["Author"]
    for i, author_id in enumerate(author_ids):
        # Every other author also asks for collaborators on one topic, which drops candidates from the pool.
        topic = topic_ids[i % len(topic_ids)] if i % 2 else None
        expected = await exhaustive_top(store, author_id, total_authors, topic_authors, reference_year, 10, topic)
        got = await store.recommend_collaborators(author_id, limit=10, topic_id=topic)
        assert [(r.author.id, r.score, tuple(sorted(a.id for a in r.shared_coauthors))) for r in got] == expected
    await store.close()
