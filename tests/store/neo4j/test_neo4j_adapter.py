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
from coauthor_graph.store.neo4j.queries import Statement, projection
from coauthor_graph.store.neo4j.queries import writes as q
from coauthor_graph.store.neo4j.settings import Neo4jSettings
from coauthor_graph.store.neo4j.store import Neo4jStore, transaction_runner
from coauthor_graph.store.neo4j.writer import StatementResult, write_batch
from coauthor_graph.write_plan.load_tally import LoadTally
from coauthor_graph.write_plan.planner import batches
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
    q.CREATE_PAPERS,
    q.CREATE_AUTHORED,
    q.CREATE_ABOUT,
    q.CREATE_PUBLISHED_IN,
    q.CREATE_COAUTHORED,
    projection.NEW_GRAPH_VERSION,
    q.ADD_COAUTHOR_DEGREE,
    q.CREATE_WORKS_ON,
}
AT_MOST_PER_BATCH = {
    q.MERGE_VENUES,
    q.SET_AUTHORS,
    q.SET_PAPERS,
    q.MERGE_AUTHORED,
    q.MERGE_ABOUT,
    q.MERGE_PUBLISHED_IN,
    q.ADD_COAUTHORED,
    q.ADD_WORKS_ON,
}
"""Sent when a batch meets new venues, or what earlier batches stored: the same authors again, the same paper twice."""


def rows_of(recorder: StatementRecorder, *statements: Statement) -> list[dict]:
    return [row for s, p in recorder.sent if s in statements for row in p["rows"]]


def listing(*rows: dict) -> StatementResult:
    """How the look-ups answer: one record holding the list of rows."""
    return StatementResult(records=[{"rows": list(rows)}])


async def empty_graph(statement: Statement, parameters: dict) -> StatementResult:
    """What an empty graph answers: no look-up finds anything; every node and pair written is new."""
    rows = parameters.get("rows", [])
    if statement in (q.LOOKUP_AUTHORS, q.LOOKUP_PAPERS, q.PAPER_EDGES, q.COLLABORATORS):
        return listing()
    if statement in (q.CREATE_AUTHORS, q.CREATE_PAPERS):
        return StatementResult(records=[], nodes_created=len(rows))
    if statement is q.ADD_COAUTHORED:
        return StatementResult(records=[{"gained": [r["a"] for r in rows] + [r["b"] for r in rows]}])
    return StatementResult(records=[])


class StatementRecorder:
    def __init__(self, delegate=empty_graph) -> None:
        self.sent: list[tuple[Statement, dict]] = []
        self._delegate = delegate

    async def __call__(self, statement: Statement, parameters: dict) -> StatementResult:
        assert set(parameters) == set(statement.parameters)
        self.sent.append((statement, parameters))
        return await self._delegate(statement, parameters)


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
    assert set(counts) <= PER_BATCH | {q.MERGE_VENUES}  # no statement per row, no edge reads on an empty graph
    assert counts[q.MERGE_VENUES] <= expected
    assert len(rows_of(recorder, q.CREATE_PAPERS)) == PAPERS  # a paper the corpus holds twice is one row
    assert tally.report().created["Paper"] == PAPERS


async def test_batch_rows_follow_the_identity_rules(tmp_path):
    recorder = StatementRecorder()
    await record_load(recorder, records_of(SEED))
    authors = rows_of(recorder, q.CREATE_AUTHORS, q.SET_AUTHORS)
    assert len({row["id"] for row in authors}) == 33  # as in the embedded store: one node per person
    (owner,) = [row for row in authors if row["id"] == "author:chengkai-huang"]
    assert owner["properties"]["profile_h_index"] == 71
    authored = rows_of(recorder, q.CREATE_AUTHORED, q.MERGE_AUTHORED)
    assert len(authored) == 69
    published = rows_of(recorder, q.CREATE_PUBLISHED_IN, q.MERGE_PUBLISHED_IN)
    assert len(published) == 22


@pytest.mark.slow
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
    authored = rows_of(recorder, q.CREATE_AUTHORED, q.MERGE_AUTHORED)
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
    (row,) = rows_of(recorder, q.CREATE_PAPERS)  # the BibTeX record merged into the paper OpenAlex created
    paper = row["properties"]
    assert (paper["title"], paper["title_source"]) == ("A Study of Things", "openalex")
    assert (paper["year"], paper["abstract"], paper["abstract_source"]) == (2020, "From the export.", "bibtex")


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
    published = rows_of(recorder, q.CREATE_PUBLISHED_IN, q.MERGE_PUBLISHED_IN)
    assert len(published) == 7 and len({row["venue"] for row in published}) == 4


def stored_author(node: str, name: str, **properties: object) -> dict:
    """A row of LOOKUP_AUTHORS: an author found by name, with the properties the planner reads."""
    profile = [[key, value] for key, value in properties.items() if key.startswith("profile_")]
    return {
        "via": f"name:{name.lower()}",
        "id": node,
        "name": name,
        "norm_name": name.lower(),
        "aliases": [],
        "sources": ["jsonl"],
        "profile": profile,
        **dict.fromkeys(STRONG_ID_KINDS),
    }


async def test_the_batch_writer_replaces_stored_profile_metrics_with_the_newest_capture():
    stored = {"profile_h_index": 71, "profile_papers": 98, "profile_captured_on": "2026-01-01"}

    async def server_with_a_stored_profile(statement: Statement, parameters: dict) -> StatementResult:
        if statement is q.LOOKUP_AUTHORS:
            return listing(stored_author("author:chengkai-huang", "Chengkai Huang", **stored))
        return await empty_graph(statement, parameters)

    recorder = StatementRecorder(server_with_a_stored_profile)
    owner = AuthorRef(name="Chengkai Huang")
    captures = [
        AuthorProfileRecord(owner, {"h_index": 72, "citations": 230}, dt.date(2026, 12, 1), "profile-page"),
        AuthorProfileRecord(owner, {"h_index": 1}, dt.date(2020, 1, 1), "profile-page"),
    ]
    await record_load(recorder, captures)
    (row,) = rows_of(recorder, q.SET_AUTHORS)
    assert row["id"] == "author:chengkai-huang"
    # papers is stored but not in the newest capture: null removes it; the older capture is dropped.
    assert {key: value for key, value in row["properties"].items() if key.startswith("profile_")} == {
        "profile_h_index": 72,
        "profile_citations": 230,
        "profile_papers": None,
        "profile_captured_on": "2026-12-01",
    }


async def test_tallies_grow_by_the_papers_a_batch_adds_to_them():
    """WORKS_ON tallies (and through them topic author counts) are raised, never recounted (a recount
    reads the whole topic): by the papers that join an author and a topic by an edge the batch adds."""
    fingerprint = title_fingerprint("Stored paper", 2020)

    async def server_with_a_stored_paper(statement: Statement, parameters: dict) -> StatementResult:
        if statement is q.LOOKUP_PAPERS and "10.1234/stored" in parameters["dois"]:
            return listing(
                {
                    "id": "paper:doi:10.1234/stored",
                    "doi": "10.1234/stored",
                    "arxiv_id": None,
                    "fingerprint": fingerprint,
                    "title": "Stored paper",
                    "sources": ["jsonl"],
                    "records": [None, None, None],
                }
            )
        if statement is q.LOOKUP_AUTHORS:
            return listing(stored_author("author:ann-archer", "Ann Archer"))
        if statement is q.PAPER_EDGES:
            return listing(
                {
                    "id": "paper:doi:10.1234/stored",
                    "properties": {
                        "title": "Stored paper",
                        "year": 2020,
                        "title_source": "jsonl",
                        "fingerprint": fingerprint,
                    },
                    "authors": [["author:ann-archer", 1]],
                    "topics": ["topic:keyword:bridges"],
                    "venues": [],
                }
            )
        return await empty_graph(statement, parameters)

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
    # Ann is stored: her tallies grow (bridges: the stored paper joined them before; the new paper is one
    # more of hers on it). Ben is new: his are created, and so is the pair.
    assert sorted(rows_of(recorder, q.ADD_WORKS_ON), key=lambda row: row["topic"]) == [
        {"author": "author:ann-archer", "topic": "topic:keyword:bridges", "papers": 1},
        {"author": "author:ann-archer", "topic": "topic:keyword:tunnels", "papers": 1},
    ]
    assert sorted(rows_of(recorder, q.CREATE_WORKS_ON), key=lambda row: row["topic"]) == [
        {"author": "author:ben-baker", "topic": "topic:keyword:bridges", "papers": 1},
        {"author": "author:ben-baker", "topic": "topic:keyword:tunnels", "papers": 1},
    ]
    assert rows_of(recorder, q.CREATE_COAUTHORED) == [
        {"a": "author:ann-archer", "b": "author:ben-baker", "papers": 1, "first_year": 2020, "last_year": 2020}
    ]
    (degrees,) = [p["rows"] for s, p in recorder.sent if s is q.ADD_COAUTHOR_DEGREE]
    assert degrees == [{"id": "author:ann-archer", "gained": 1}, {"id": "author:ben-baker", "gained": 1}]


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


async def test_a_node_the_look_ups_missed_is_merged_and_its_edges_too():
    """Should a node the batch meant to create exist after all (the server created fewer than sent),
    its rows are merged, and no edge of the batch is created blind."""

    async def one_author_existed(statement: Statement, parameters: dict) -> StatementResult:
        if statement is q.CREATE_AUTHORS:
            return StatementResult(records=[], nodes_created=len(parameters["rows"]) - 1)
        return await empty_graph(statement, parameters)

    recorder = StatementRecorder(one_author_existed)
    await record_load(recorder, records_of(SEED))
    created = {row["id"] for row in rows_of(recorder, q.CREATE_AUTHORS)}
    assert created and created <= {row["id"] for row in rows_of(recorder, q.SET_AUTHORS)}
    assert rows_of(recorder, q.CREATE_AUTHORED, q.CREATE_COAUTHORED, q.CREATE_WORKS_ON) == []
    assert len(rows_of(recorder, q.MERGE_AUTHORED)) == 69
