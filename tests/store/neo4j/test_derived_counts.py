"""What Neo4j keeps derived (COAUTHORED with its papers and years, co-author degrees, WORKS_ON with
its papers, topic author counts) is written as increments from the write plan's tallies. After loads
over many batches, loads that only repeat, and loads that give stored papers new authors, topics and
a year, or so many authors that it pairs none (`domain.hyperauthorship`), it equals a recount from the
AUTHORED and ABOUT edges."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from coauthor_graph.domain.hyperauthorship import MAX_PAIRED_AUTHORS
from coauthor_graph.evaluation.synthetic_corpus import papers
from coauthor_graph.loaders.registry import LoadOptions, records_from
from tests.store.contract.conftest import _empty_neo4j

pytestmark = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set: no Neo4j server")
OPTIONS = LoadOptions(as_of=dt.date(2026, 12, 7))

STORED = """
MATCH (a:Author)-[c:COAUTHORED]->(b:Author)
RETURN a.id AS a, b.id AS b, c.papers AS papers, c.first_year AS first, c.last_year AS last ORDER BY a, b
"""
RECOUNTED = f"""
MATCH (a:Author)-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(b:Author)
WHERE a.id < b.id AND COUNT {{ (p)<-[:AUTHORED]-() }} <= {MAX_PAIRED_AUTHORS}
RETURN a.id AS a, b.id AS b, count(p) AS papers, min(p.year) AS first, max(p.year) AS last ORDER BY a, b
"""
DEGREES = """
MATCH (a:Author)
RETURN a.id AS id, a.coauthor_count AS stored, COUNT { (a)-[:COAUTHORED]-(:Author) } AS recounted ORDER BY id
"""
WORKS_ON = """
MATCH (a:Author)-[w:WORKS_ON]->(t:Topic) RETURN a.id AS a, t.id AS t, w.papers AS papers ORDER BY a, t
"""
WORKS_ON_RECOUNTED = """
MATCH (a:Author)-[:AUTHORED]->(:Paper)-[:ABOUT]->(t:Topic) RETURN a.id AS a, t.id AS t, count(*) AS papers ORDER BY a, t
"""
TOPIC_AUTHORS = """
MATCH (t:Topic)
OPTIONAL MATCH (a:Author)-[:AUTHORED]->(:Paper)-[:ABOUT]->(t)
RETURN t.id AS id, t.author_count AS stored, count(DISTINCT a) AS recounted ORDER BY id
"""


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


async def _rows(store, cypher: str) -> list[dict]:
    records, _, _ = await store._driver.execute_query(cypher, database_=store._settings.database)
    return [record.data() for record in records]


@pytest.mark.slow
async def test_increments_equal_a_recount_after_loads_that_grow_repeat_and_merge(tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_BATCH_SIZE", "250")  # several batches per load, in one transaction
    corpus = list(papers(1_200, seed=11))
    undated = [{**row, "year": None} for row in corpus[:50]]
    twice = {**corpus[700], "authors": [*corpus[700]["authors"], "Ada Second-Record"]}  # one new paper, two records
    grown = [
        {**row, "authors": [*row["authors"], f"Zed Extra {n % 5}"], "topics": [*row["topics"], "graph databases"]}
        for n, row in enumerate(corpus[:50])
    ]  # the undated papers again: a year, an author and a topic each
    crowd = [f"Crowd Member {n}" for n in range(MAX_PAIRED_AUTHORS)]
    grown.append({**corpus[60], "authors": [*corpus[60]["authors"], *crowd]})  # past the limit: unpaired
    loads = [
        _write(tmp_path / "first.jsonl", [*undated, *corpus[50:800], twice]),
        _write(tmp_path / "overlap.jsonl", corpus[600:1_200]),  # 200 stored papers again: no change
        _write(tmp_path / "grown.jsonl", grown),
    ]
    store = await _empty_neo4j()
    try:
        for path in loads:
            await store.upsert(records_from(path, OPTIONS))
        stored = await _rows(store, STORED)
        assert stored == await _rows(store, RECOUNTED)
        assert len(stored) > 1_000 and any(
            row["a"] == "author:zed-extra-0" or row["b"] == "author:zed-extra-0" for row in stored
        )
        degrees = await _rows(store, DEGREES)
        assert [row for row in degrees if row["stored"] != row["recounted"]] == []
        assert await _rows(store, WORKS_ON) == await _rows(store, WORKS_ON_RECOUNTED)
        topics = await _rows(store, TOPIC_AUTHORS)
        assert [row for row in topics if row["stored"] != row["recounted"]] == []
        assert any(row["id"] == "topic:keyword:graph-databases" and row["stored"] >= 5 for row in topics)
    finally:
        await store.close()


async def test_a_database_from_before_works_on_gets_its_tallies_at_start(tmp_path):
    store = await _empty_neo4j()
    try:
        await store.upsert(records_from(_write(tmp_path / "corpus.jsonl", list(papers(300, seed=3))), OPTIONS))
        expected = await _rows(store, WORKS_ON)
        await _rows(store, "MATCH ()-[w:WORKS_ON]->() DELETE w")
        await _rows(store, "MATCH (m:StoreMigration) DELETE m")  # as a database from before WORKS_ON has none
    finally:
        await store.close()
    from coauthor_graph.store.neo4j.settings import Neo4jSettings
    from coauthor_graph.store.neo4j.store import Neo4jStore

    reopened = await Neo4jStore.connect(Neo4jSettings.from_environment())  # connecting fills them in
    try:
        assert len(expected) > 300 and await _rows(reopened, WORKS_ON) == expected
    finally:
        await reopened.close()
