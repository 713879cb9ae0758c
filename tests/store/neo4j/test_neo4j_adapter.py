"""The Neo4j adapter without a server: round trips counted, connection errors, settings.

`StatementRecorder` records what the writer sends. Offline it answers as an empty graph
would (no look-up finds anything), which is enough to count statements and rows; it is
not a Neo4j test. With NEO4J_URI set, the same recorder wraps a real transaction.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections import Counter

import pytest

from coauthor_graph.domain.errors import StoreError
from coauthor_graph.domain.records import AuthorProfileRecord, AuthorRef, PaperRecord, TopicRef
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.identity.keys import STRONG_ID_KINDS, title_fingerprint
from coauthor_graph.loaders.jsonl import load as load_jsonl
from coauthor_graph.loaders.registry import LoadOptions, records_from
from coauthor_graph.store.neo4j.queries import Statement
from coauthor_graph.store.neo4j.queries import writes as q
from coauthor_graph.store.neo4j.settings import Neo4jSettings
from coauthor_graph.store.neo4j.store import Neo4jStore, transaction_runner
from coauthor_graph.store.neo4j.writer import LoadTally, StatementResult, batches, report_of, write_batch
from tests.conftest import DATA, SEED, records_of

PAPERS = 5_000
BATCH_SIZE = 2_000
PER_BATCH = {
    q.LOOKUP_AUTHORS,
    q.LOOKUP_PAPERS,
    q.LOOKUP_VENUES,
    q.CREATE_AUTHORS,
    q.MERGE_TOPICS,
    q.MERGE_BROADER,
    q.MERGE_VENUES,
    q.CREATE_PAPERS,
    q.MERGE_AUTHORED,
    q.MERGE_ABOUT,
    q.MERGE_PUBLISHED_IN,
    q.ADD_COAUTHORED,
    q.ADD_COAUTHOR_DEGREE,
    q.ADD_TOPIC_AUTHORS,
}
AT_MOST_PER_BATCH = {q.MERGE_AUTHORS, q.MERGE_PAPERS, q.AUTHOR_TOPICS}
"""Sent when a batch meets what earlier batches stored: the same authors again, the same paper twice."""


class StatementRecorder:
    def __init__(self, delegate=None) -> None:
        self.sent: list[tuple[Statement, dict]] = []
        self._delegate = delegate

    async def __call__(self, statement: Statement, parameters: dict) -> StatementResult:
        assert set(parameters) == set(statement.parameters)
        self.sent.append((statement, parameters))
        if self._delegate is not None:
            return await self._delegate(statement, parameters)
        rows = parameters.get("rows", [])
        if statement in (q.CREATE_AUTHORS, q.CREATE_PAPERS):  # an empty graph: every node is new
            return StatementResult(records=[], nodes_created=len(rows))
        if statement is q.ADD_COAUTHORED:  # and so is every pair
            return StatementResult(records=[{"gained": [r["a"] for r in rows] + [r["b"] for r in rows]}])
        return StatementResult(records=[])


async def record_load(recorder, records) -> LoadTally:
    tally = LoadTally()
    for batch in batches(records, BATCH_SIZE):
        tally.absorb(await write_batch(recorder, batch))
    return tally


async def test_a_load_sends_one_statement_per_kind_per_batch(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", PAPERS)
    recorder = StatementRecorder()
    tally = await record_load(recorder, load_jsonl(corpus))
    counts = Counter(statement for statement, _ in recorder.sent)
    expected = math.ceil(PAPERS / BATCH_SIZE)
    assert {statement: counts[statement] for statement in PER_BATCH} == dict.fromkeys(PER_BATCH, expected)
    assert set(counts) <= PER_BATCH | {q.MERGE_PAPERS}  # no statement per row, no edge reads on an empty graph
    assert counts[q.MERGE_PAPERS] <= expected  # a paper the corpus holds twice
    paper_rows = sum(len(p["rows"]) for s, p in recorder.sent if s in (q.CREATE_PAPERS, q.MERGE_PAPERS))
    assert paper_rows == PAPERS
    assert report_of(tally).created["Paper"] == PAPERS


async def test_batch_rows_follow_the_identity_rules(tmp_path):
    recorder = StatementRecorder()
    await record_load(recorder, records_of(SEED))
    authors = [row for s, p in recorder.sent if s in (q.CREATE_AUTHORS, q.MERGE_AUTHORS) for row in p["rows"]]
    assert len({row["id"] for row in authors}) == 33  # as in the embedded store: one node per person
    (profiles,) = [p["rows"] for s, p in recorder.sent if s is q.SET_PROFILES]
    assert profiles[0]["id"] == "author:chengkai-huang"
    assert profiles[0]["profile"]["profile_h_index"] == 71
    (authored,) = [p["rows"] for s, p in recorder.sent if s is q.MERGE_AUTHORED]
    assert len(authored) == 69
    (published,) = [p["rows"] for s, p in recorder.sent if s is q.MERGE_PUBLISHED_IN]
    assert len(published) == 22


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set: no Neo4j server")
async def test_round_trips_through_a_real_server(tmp_path):
    store = await Neo4jStore.connect(Neo4jSettings.from_environment())
    await store.ensure_schema()
    driver = store._driver
    async with driver.session(database=store._settings.database) as session:
        transaction = await session.begin_transaction()
        recorder = StatementRecorder(delegate=transaction_runner(transaction))
        await record_load(recorder, load_jsonl(write_corpus(tmp_path / "corpus.jsonl", PAPERS)))
        await transaction.rollback()
    await store.close()
    counts = Counter(statement for statement, _ in recorder.sent)
    batches_sent = math.ceil(PAPERS / BATCH_SIZE)
    assert all(counts[statement] == batches_sent for statement in PER_BATCH)
    assert set(counts) <= PER_BATCH | AT_MOST_PER_BATCH
    assert all(counts[statement] <= batches_sent for statement in AT_MOST_PER_BATCH)


async def test_unreachable_server_names_the_uri_never_the_password():
    settings = Neo4jSettings(uri="neo4j://127.0.0.1:9", password="s3cret-password")
    with pytest.raises(StoreError) as error:
        await Neo4jStore.connect(settings)
    assert "neo4j://127.0.0.1:9" in str(error.value)
    assert "s3cret-password" not in str(error.value) and "s3cret-password" not in repr(settings)


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example:7687")
    monkeypatch.setenv("NEO4J_USER", "reader")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    monkeypatch.setenv("NEO4J_DATABASE", "scholarly")
    monkeypatch.setenv("NEO4J_BATCH_SIZE", "500")
    monkeypatch.setenv("NEO4J_READ_TIMEOUT", "2.5")
    settings = Neo4jSettings.from_environment()
    assert settings.read_timeout == 2.5
    assert (settings.uri, settings.user, settings.database, settings.batch_size) == (
        "neo4j://db.example:7687",
        "reader",
        "scholarly",
        500,
    )
    assert settings.commit_every_batch is False


async def test_the_batch_writer_applies_the_initials_rule_within_a_batch():
    recorder = StatementRecorder()
    await record_load(recorder, load_jsonl(DATA / "initials.jsonl"))
    (lookup,) = [p["ids"] for s, p in recorder.sent if s is q.COLLABORATORS]  # sent: the batch has initials
    assert lookup == []  # an empty graph stores nobody yet; the batch's own pairs decide
    (authored,) = [p["rows"] for s, p in recorder.sent if s is q.MERGE_AUTHORED]
    by_paper = {}
    for row in authored:
        by_paper.setdefault(row["paper"], set()).add(row["author"])
    people = {frozenset(authors) for authors in by_paper.values()}
    assert frozenset({"author:chengkai-huang", "author:zhiqiang-liu"}) in people  # papers one and two
    assert frozenset({"author:c-huang", "author:yanxia-liu"}) in people  # paper five: refused
    assert frozenset({"author:c-huang"}) in people  # paper six


async def test_the_batch_writer_decides_fields_by_source_authority(tmp_path):
    from tests.store.contract.test_source_authority import BIBTEX, OPENALEX

    bib, works = tmp_path / "refs.bib", tmp_path / "work.json"
    bib.write_text(BIBTEX, encoding="utf-8")
    works.write_text(__import__("json").dumps(OPENALEX), encoding="utf-8")
    options = LoadOptions(as_of=dt.date(2026, 1, 1))
    recorder = StatementRecorder()
    await record_load(recorder, [*records_from(works, options), *records_from(bib, options)])
    (rows,) = [p["rows"] for s, p in recorder.sent if s is q.MERGE_PAPERS]
    last = rows[-1]  # the BibTeX record, merged into the paper OpenAlex created in the same batch
    assert (last["title"], last["title_source"]) == ("A Study of Things", "openalex")
    assert (last["year"], last["abstract"], last["abstract_source"]) == (2020, "From the export.", "bibtex")


async def test_the_batch_writer_identifies_journals_by_issn():
    recorder = StatementRecorder()
    await record_load(recorder, records_from(DATA / "journals.jsonl", LoadOptions(as_of=dt.date(2026, 1, 1))))
    (venues,) = [p["rows"] for s, p in recorder.sent if s is q.MERGE_VENUES]
    assert {row["id"]: row["issn"] for row in venues} == {
        "venue:journal-of-biomechanical-engineering": "0148-0731",
        "venue:journal-of-things": "1111-1111",
        "venue:issn:2222-2222": "2222-2222",
        "venue:annals-of-stuff": "3333-3333",
    }
    (published,) = [p["rows"] for s, p in recorder.sent if s is q.MERGE_PUBLISHED_IN]
    assert len(published) == 7 and len({row["venue"] for row in published}) == 4


async def test_the_batch_writer_replaces_stored_profile_metrics_with_the_newest_capture():
    stored_keys = ["profile_h_index", "profile_papers", "profile_captured_on"]

    async def server_with_a_stored_profile(statement: Statement, parameters: dict) -> StatementResult:
        if statement is q.STORED_PROFILE_KEYS:
            return StatementResult(records=[{"id": node, "keys": stored_keys} for node in parameters["ids"]])
        return StatementResult(records=[])

    recorder = StatementRecorder(server_with_a_stored_profile)
    owner = AuthorRef(name="Chengkai Huang")
    captures = [
        AuthorProfileRecord(owner, {"h_index": 72, "citations": 230}, dt.date(2026, 12, 1), "profile-page"),
        AuthorProfileRecord(owner, {"h_index": 1}, dt.date(2020, 1, 1), "profile-page"),
    ]
    await record_load(recorder, captures)
    (rows,) = [p["rows"] for s, p in recorder.sent if s is q.SET_PROFILES]
    assert rows == [
        {
            "id": "author:chengkai-huang",
            "captured_on": "2026-12-01",
            # papers is stored but not in the newest capture: null removes it; the older capture is dropped.
            "profile": {
                "profile_h_index": 72,
                "profile_citations": 230,
                "profile_papers": None,
                "profile_captured_on": "2026-12-01",
            },
        }
    ]


async def test_topic_author_counts_grow_by_the_authors_a_batch_joins_to_them_first():
    """Topic author counts are raised, never recounted (a recount reads the whole topic): by the
    (author, topic) pairs the batch's papers connect that no paper connected before."""
    fingerprint = title_fingerprint("Stored paper", 2020)

    async def server_with_a_stored_paper(statement: Statement, parameters: dict) -> StatementResult:
        if statement is q.LOOKUP_PAPERS and "10.1234/stored" in parameters["dois"]:
            return StatementResult(
                records=[
                    {
                        "id": "paper:doi:10.1234/stored",
                        "doi": "10.1234/stored",
                        "arxiv_id": None,
                        "fingerprint": fingerprint,
                        "title": "Stored paper",
                        "sources": ["jsonl"],
                        "records": [None, None, None],
                    }
                ]
            )
        if statement is q.LOOKUP_AUTHORS:
            return StatementResult(
                records=[
                    {
                        "via": "name:ann archer",
                        "id": "author:ann-archer",
                        "norm_name": "ann archer",
                        **dict.fromkeys(STRONG_ID_KINDS),
                    }
                ]
            )
        if statement is q.AUTHOR_TOPICS:
            assert parameters["ids"] == ["author:ann-archer"]  # Ben is new: he reached no topic before
            return StatementResult(records=[{"author": "author:ann-archer", "topics": ["topic:keyword:bridges"]}])
        if statement is q.ADD_COAUTHORED:
            return StatementResult(records=[{"gained": ["author:ann-archer", "author:ben-baker"]}])
        if statement is q.PAPER_EDGES:
            return StatementResult(
                records=[
                    {
                        "id": "paper:doi:10.1234/stored",
                        "properties": {"title": "Stored paper", "year": 2020, "title_source": "jsonl"},
                        "authors": [["author:ann-archer", 1]],
                        "topics": ["topic:keyword:bridges"],
                        "venues": [],
                    }
                ]
            )
        return StatementResult(records=[])

    def paper(title: str, doi: str | None, authors: list[str], topics: list[str]) -> PaperRecord:
        return PaperRecord(
            title=title,
            authors=tuple(AuthorRef(name, position) for position, name in enumerate(authors, start=1)),
            source="jsonl",
            year=2020,
            doi=doi,
            topics=tuple(TopicRef(name, "keyword") for name in topics),
        )

    recorder = StatementRecorder(server_with_a_stored_paper)
    await record_load(
        recorder,
        [
            # The stored paper gains Ben and the topic tunnels: Ann-tunnels, Ben-bridges and Ben-tunnels are new.
            paper("Stored paper", "10.1234/stored", ["Ann Archer", "Ben Baker"], ["bridges", "tunnels"]),
            # Ann-bridges again, through a new paper: the stored paper connected them already.
            paper("A new paper", None, ["Ann Archer"], ["bridges"]),
        ],
    )
    (parameters,) = [p for s, p in recorder.sent if s is q.ADD_TOPIC_AUTHORS]
    assert parameters["rows"] == [
        {"topic": "topic:keyword:bridges", "joined": 1},  # Ben
        {"topic": "topic:keyword:tunnels", "joined": 2},  # Ann and Ben
    ]
    (parameters,) = [p for s, p in recorder.sent if s is q.ADD_COAUTHORED]
    assert parameters["rows"] == [
        {"a": "author:ann-archer", "b": "author:ben-baker", "papers": 1, "first_year": 2020, "last_year": 2020}
    ]


async def test_a_database_blocked_before_the_umlaut_rule_is_blocked_again_at_start():
    """Blocks from before `names.family_key` are computed again once, so the next load compares them."""
    from tests.store.contract.conftest import _empty_neo4j

    def paper(title: str, name: str) -> PaperRecord:
        return PaperRecord(title=title, authors=(AuthorRef(name, 1), AuthorRef("Ann Archer", 2)), source="jsonl")

    store = await _empty_neo4j()
    await store.upsert([paper("Alveoli", "Julia M. Hoermann")])
    await store._driver.execute_query("MATCH (a:Author {block: 'hormann j'}) SET a.block = 'hoermann j'")
    await store.close()
    reopened = await Neo4jStore.connect(Neo4jSettings.from_environment())
    await reopened.upsert([paper("Lungs", "Julia M. Hörmann")])
    assert [a.name for a in await reopened.find_author("Julia M. Hoermann")] == ["Julia M. Hörmann"]
    await reopened.close()
