"""Bulk import: the embedded store's export, imported by Neo4j's own `neo4j-admin database import full`
into a second real server, answers as the same records loaded through the adapter's transactions."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from pathlib import Path

import pytest

from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.loaders.registry import LoadOptions, records_from
from coauthor_graph.services.recommendations import recommend_collaborators
from coauthor_graph.services.stores import neo4j_import_files
from coauthor_graph.store.embedded.store import EmbeddedStore
from coauthor_graph.store.neo4j.settings import Neo4jSettings
from coauthor_graph.store.neo4j.store import Neo4jStore
from tests.conftest import DATA, SEED, SEED_AS_OF, START_NEO4J_ENV

AFFILIATIONS = DATA / "affiliations.jsonl"

PAPERS = 1500

pytestmark = pytest.mark.skipif(
    os.environ.get(START_NEO4J_ENV) != "start" or os.environ.get("COAUTHOR_GRAPH_TEST_NEO4J_MAY_CLEAR") != "yes",
    reason="needs the Neo4j server jars and a server the tests may empty (scripts/test provides both)",
)


def _records(corpus: Path) -> list:
    options = LoadOptions(as_of=SEED_AS_OF)
    return [*records_from(SEED, options), *records_from(corpus, options), *records_from(AFFILIATIONS, options)]


def _busiest(path: Path, label: str, count: int) -> list[str]:
    queries = {
        "author": "SELECT a.id FROM author a JOIN authored x ON x.author = a.n"
        " GROUP BY a.n ORDER BY count(*) DESC, a.id",
        "topic": "SELECT t.id FROM topic t JOIN about x ON x.topic = t.n GROUP BY t.n ORDER BY count(*) DESC, t.id",
    }
    with sqlite3.connect(path) as db:
        return [node_id for (node_id,) in db.execute(f"{queries[label]} LIMIT ?", (count,))]


async def _answers(store: Neo4jStore, authors: list[str], topics: list[str]) -> dict:
    first, *others = authors
    return {
        "stats": await store.stats(),
        "nodes": await store.get_many([*authors, *topics]),
        "found": await store.find_author("Chengkai Huang"),
        "coauthors": await store.coauthors_of(authors),
        "topics_of": await store.topics_of(authors),
        "venues_of": await store.venues_of(authors),
        "pages": await store.paper_pages_of([*authors, *topics], 5),
        "trajectories": await store.topic_trajectories_of(authors),
        "related": await store.related_topics_of(topics),
        "top_authors": await store.top_authors_of(topics),
        "paths": [await store.collaboration_path(first, other) for other in others],
        "topic_paths": [await store.topic_path(topics[0], author) for author in authors[:3]],
        "search": [
            [hit.node for hit in await search(text)]
            for search, text in (
                (store.search_authors, "chengkai"),
                (store.search_papers, "federated"),
                (store.search_topics, "learning"),
            )
        ],
        "recommendations": [await recommend_collaborators(store, author) for author in authors[:4]],
        "ledger": await store.curation_ledger(),
        "affiliations": await store.listed_affiliations(["author:ann-archer", "author:jon-jensen"], None),
        "merged_into": [await store.merged_into(author) for author in authors],
    }


@pytest.mark.slow
async def test_a_bulk_import_answers_as_a_transactional_load(tmp_path):
    from coauthor_graph.store.neo4j.local_server import admin, running_server

    corpus = write_corpus(tmp_path / "corpus.jsonl", PAPERS)
    records = _records(corpus)
    embedded_path = tmp_path / "embedded.sqlite"
    embedded = EmbeddedStore(embedded_path)
    await embedded.upsert(records)
    files = neo4j_import_files(embedded, tmp_path / "import")
    await embedded.close()
    authors = [*_busiest(embedded_path, "author", 6), "author:chengkai-huang"]
    topics = _busiest(embedded_path, "topic", 3)

    transactional = await Neo4jStore.connect(Neo4jSettings.from_environment())
    await transactional.clear()
    await transactional.upsert(records)
    expected = await _answers(transactional, authors, topics)

    with running_server(lambda home: admin(home, files.arguments())) as uri:
        imported = await Neo4jStore.connect(dataclasses.replace(Neo4jSettings.from_environment(), uri=uri))
        try:
            # Connecting completed the import (constraints, indexes, full-text search): no `prepare` first.
            assert await _answers(imported, authors, topics) == expected
            # Later loads land on the imported graph as on the loaded one: a second load of the seed
            # changes nothing, and a new paper joins the people it names.
            extra = tmp_path / "extra.jsonl"
            extra.write_text(
                '{"title": "Bulk graphs and their care", "year": 2026, "tags": ["new"],'
                ' "authors": ["Chengkai Huang", "Ada Newcomer"]}\n'
            )
            options = LoadOptions(as_of=SEED_AS_OF)
            more = [*records_from(SEED, options), *records_from(extra, options)]
            assert await imported.upsert(more) == await transactional.upsert(more)
            assert await _answers(imported, authors, topics) == await _answers(transactional, authors, topics)
        finally:
            await imported.close()
            await transactional.close()
