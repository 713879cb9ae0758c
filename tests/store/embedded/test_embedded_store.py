"""Embedded-store behaviour beyond the contract: other connections, patched indexes, loads running beside reads."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading

import pytest

from coauthor_graph.domain.records import AuthorRef, PaperRecord
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.loaders.jsonl import load as load_jsonl
from coauthor_graph.loaders.registry import LoadOptions, records_from
from coauthor_graph.loaders.streams import local_file
from coauthor_graph.services.recommendations import recommend_collaborators
from coauthor_graph.store.embedded.schema import paper_fts_key
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.conftest import DATA, SEED, SEED_AS_OF
from tests.fixture_files import available


async def test_a_reader_picks_up_commits_made_elsewhere(tmp_path):
    first_three = tmp_path / "first.jsonl"
    lines = (DATA / "small-graph.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    first_three.write_text("".join(lines[:3]), encoding="utf-8")
    path = tmp_path / "shared.sqlite"
    reader = EmbeddedStore(path)
    await reader.upsert(load_jsonl(first_three))  # Ann-Ben, Ben-Cleo, Ann-Dan
    (ann,) = await reader.find_author("Ann Archer")
    (cleo,) = await reader.find_author("Cleo Clark")
    assert (await reader.collaboration_path(ann.id, cleo.id)).length == 2  # the reader's index is built now

    writer = EmbeddedStore(path)  # another connection, as another process has
    await writer.upsert(load_jsonl(DATA / "small-graph.jsonl"))  # adds Dan-Cleo and Dan-Eve
    await writer.close()

    (eve,) = await reader.find_author("Eve Evans")
    found = await reader.collaboration_path(ann.id, eve.id)
    assert found is not None and [a.name for a in found.authors] == ["Ann Archer", "Dan Dorsey", "Eve Evans"]
    await reader.close()


async def test_a_load_that_commits_before_any_read_keeps_what_another_process_committed(tmp_path):
    # A server (`served`) with its index built; the CLI (`cli`) loads more papers into the same file; the
    # server's next write lands before any read. Its index must not be patched with its own write alone.
    lines = (DATA / "small-graph.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "first.jsonl").write_text("".join(lines[:3]), encoding="utf-8")  # Ann-Ben, Ben-Cleo, Ann-Dan
    path = tmp_path / "shared.sqlite"
    served = EmbeddedStore(path)
    await served.upsert(load_jsonl(tmp_path / "first.jsonl"))
    (ann,) = await served.find_author("Ann Archer")
    await served.coauthors(ann.id)
    assert await served.collaboration_path(ann.id, ann.id) is not None  # the index is built

    cli = EmbeddedStore(path)
    await cli.upsert(load_jsonl(DATA / "small-graph.jsonl"))  # adds Dan-Cleo and Dan-Eve
    await cli.close()
    await served.upsert([PaperRecord(title="Unrelated", authors=(AuthorRef("Zed Zane", 1),), source="jsonl")])

    (eve,) = await served.find_author("Eve Evans")
    found = await served.collaboration_path(ann.id, eve.id)
    assert found is not None and [a.name for a in found.authors] == ["Ann Archer", "Dan Dorsey", "Eve Evans"]
    await served.close()


async def test_identity_holds_across_batches_inside_one_load(tmp_path, monkeypatch):
    from coauthor_graph.store.embedded import writer

    monkeypatch.setattr(writer, "BATCH_SIZE", 2)  # a batch of two records sees the batches before it in the tables
    path = tmp_path / "repeats.jsonl"
    path.write_text(
        '{"title": "First", "doi": "10.1000/a", "year": 2020, "authors": ["Ann Archer", "Ben Baker"]}\n'
        '{"title": "Second", "year": 2021, "authors": ["Ben Baker", "Cleo Clark"]}\n'
        '{"title": "Third", "year": 2022, "authors": ["Cleo Clark"]}\n'
        '{"title": "First, again", "doi": "10.1000/A", "year": 2020, "authors": ["Ann Archer", "Dan Dorsey"]}\n'
        '{"title": "Second", "year": 2021, "authors": ["Ben Baker", "Cleo Clark"], "abstract": "Now known."}\n',
        encoding="utf-8",
    )
    store = EmbeddedStore(tmp_path / "flush.sqlite")
    report = await store.upsert(load_jsonl(path))
    assert report.created["Paper"] == 3 and report.created["Author"] == 4
    assert report.updated["Paper"] == 0  # both repeats land on papers created by this same load
    (ann,) = await store.find_author("Ann Archer")
    assert {c.coauthor.name: c.papers for c in await store.coauthors(ann.id)} == {"Ben Baker": 1, "Dan Dorsey": 1}
    second = (await store.search_papers("second"))[0].node
    assert second.abstract == "Now known."
    await store.close()


async def _topic_path_names(store: EmbeddedStore, topic_id: str, person: str) -> list[str]:
    (found,) = await store.find_author(person)
    path = await store.topic_path(topic_id, found.id)
    assert path is not None
    return [getattr(node, "name", None) or node.title for node in path.nodes]


@pytest.mark.parametrize("patched", [True, False], ids=["patched", "rebuilt"])
async def test_topic_paths_see_the_papers_a_later_commit_adds(tmp_path, monkeypatch, patched):
    from coauthor_graph.store.embedded import writer

    if not patched:
        monkeypatch.setattr(writer, "INDEX_DELTA_LIMIT", 1)  # too many papers to patch: rebuilt when needed
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(
        '{"title": "Bridges", "year": 2020, "authors": ["Ann Archer", "Ben Baker"], "topics": ["Knowledge graphs"]}\n'
        '{"title": "Tunnels", "year": 2021, "authors": ["Ben Baker", "Cleo Clark"]}\n',
        encoding="utf-8",
    )
    second.write_text(
        '{"title": "Canals", "year": 2022, "authors": ["Cleo Clark"], "topics": ["Knowledge graphs"]}\n'
        '{"title": "Locks", "year": 2022, "authors": ["Dan Dorsey"], "topics": ["Knowledge graphs"]}\n',
        encoding="utf-8",
    )
    store = EmbeddedStore(tmp_path / "topics.sqlite")
    await store.upsert(load_jsonl(first))
    (topic,) = await store.find_topic("knowledge graphs")
    # The first topic path builds the topic graph.
    assert await _topic_path_names(store, topic.id, "Cleo Clark") == [
        "knowledge graphs",
        "Bridges",
        "Ben Baker",
        "Tunnels",
        "Cleo Clark",
    ]
    await store.upsert(load_jsonl(second))  # a shorter way to Cleo, and Dan, new to the graph
    assert await _topic_path_names(store, topic.id, "Cleo Clark") == ["knowledge graphs", "Canals", "Cleo Clark"]
    assert await _topic_path_names(store, topic.id, "Dan Dorsey") == ["knowledge graphs", "Locks", "Dan Dorsey"]
    reopened = EmbeddedStore(tmp_path / "topics.sqlite")  # built from the tables alone: the same answers
    for person in ("Ann Archer", "Ben Baker", "Cleo Clark", "Dan Dorsey"):
        assert await _topic_path_names(reopened, topic.id, person) == await _topic_path_names(store, topic.id, person)
    await reopened.close()
    await store.close()


async def test_reads_are_answered_while_a_load_writes_and_a_cancelled_load_rolls_back(tmp_path):
    store = EmbeddedStore(tmp_path / "busy.sqlite")
    await store.upsert(load_jsonl(DATA / "small-graph.jsonl"))
    before = await store.stats()
    halfway, go_on = threading.Event(), threading.Event()

    def slow_records():
        records = list(load_jsonl(write_corpus(tmp_path / "more.jsonl", 200)))
        yield from records[:100]
        halfway.set()
        go_on.wait(timeout=30)  # the test decides when the load may go on
        yield from records[100:]

    load = asyncio.create_task(store.upsert(slow_records()))
    assert await asyncio.to_thread(halfway.wait, 30)
    # 100 papers are written, not committed; the event loop is free and reads see the last commit.
    assert await store.stats() == before
    assert [a.name for a in await store.find_author("Ann Archer")] == ["Ann Archer"]
    load.cancel()
    go_on.set()
    with pytest.raises(asyncio.CancelledError):
        await load
    assert await store.stats() == before  # rolled back: nothing half-written
    await store.upsert(load_jsonl(DATA / "small-graph.jsonl"))  # the writer is free again
    assert await store.stats() == before  # and the same data twice changes nothing
    await store.close()
    reopened = EmbeddedStore(tmp_path / "busy.sqlite")
    assert await reopened.stats() == before
    await reopened.close()


async def test_a_load_cancelled_after_its_last_record_reports_what_it_committed(tmp_path):
    # A time limit that fires while the load commits: the papers are stored, so the caller is told so.
    store = EmbeddedStore(tmp_path / "late.sqlite")
    last_read, go_on = threading.Event(), threading.Event()

    def records():
        yield from load_jsonl(DATA / "small-graph.jsonl")
        last_read.set()
        go_on.wait(timeout=30)  # the cancel arrives now, after the last record, before the commit

    load = asyncio.create_task(store.upsert(records()))
    assert await asyncio.to_thread(last_read.wait, 30)
    load.cancel()
    go_on.set()
    report = await load
    assert report.created["Paper"] > 0 and (await store.stats()).nodes["Paper"] == report.created["Paper"]
    await store.close()


_DERIVED_FROM_EDGES = {
    "topic_pair": "SELECT x.topic, y.topic, count(*) FROM about x JOIN about y ON y.paper = x.paper"
    " AND y.topic != x.topic GROUP BY x.topic, y.topic ORDER BY 1, 2",
    "author_venue": "SELECT w.author, pi.venue, count(*) FROM authored w JOIN published_in pi ON pi.paper = w.paper"
    " GROUP BY w.author, pi.venue ORDER BY 1, 2",
}
_DERIVED = {"topic_pair": "SELECT a, b, papers FROM topic_pair", "author_venue": "SELECT * FROM author_venue"}


async def test_derived_tallies_follow_loads_merges_and_older_files(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", 900, seed=5)
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    first = json.loads(lines[0])
    no_venue = {"title": "Sluices", "doi": "10.1000/sluices", "year": 2021, "authors": ["Ann Archer", "Ben Baker"]}
    parts = [
        "".join(lines[:400]) + json.dumps(no_venue) + "\n",
        "".join(lines[400:]),
        # Second sources: more topics for a paper; a venue and one more author for a paper that had no venue.
        json.dumps({**first, "topics": [*first["topics"], "graph neural networks", "federated learning"]})
        + "\n"
        + json.dumps({**no_venue, "authors": [*no_venue["authors"], "Cleo Clark"], "venue": "Journal of Sluices"}),
    ]
    path = tmp_path / "derived.sqlite"
    store = EmbeddedStore(path)
    for i, part in enumerate(parts):
        (tmp_path / f"part{i}.jsonl").write_text(part, encoding="utf-8")
        await store.upsert(load_jsonl(tmp_path / f"part{i}.jsonl"))
    db = store._reader  # each derived table against the edges it is derived from
    truth = {table: db.execute(query).fetchall() for table, query in _DERIVED_FROM_EDGES.items()}
    for table, query in _DERIVED.items():
        assert truth[table] and db.execute(f"{query} ORDER BY 1, 2").fetchall() == truth[table]
    (cleo,) = await store.find_author("Cleo Clark")
    assert "Journal of Sluices" in [v.venue.name for v in (await store.venues_of([cleo.id]))[0]]
    topic_ids = [row[0] for row in db.execute("SELECT id FROM topic ORDER BY n")]
    related = await store.related_topics_of(topic_ids, limit=5)
    await store.close()

    with sqlite3.connect(path) as older:  # a file from before the tables existed
        for table in _DERIVED:
            older.execute(f"DROP TABLE {table}")
    reopened = EmbeddedStore(path)
    for table, query in _DERIVED.items():
        assert reopened._reader.execute(f"{query} ORDER BY 1, 2").fetchall() == truth[table]
    assert await reopened.related_topics_of(topic_ids, limit=5) == related
    await reopened.close()


def _fixtures() -> list:
    loadable = ("arxiv", "bibtex", "dblp", "openalex")  # the others are labelled data and taxonomies, not papers
    files = [SEED, *sorted(DATA.iterdir()), *available(*loadable)]
    options = LoadOptions(as_of=SEED_AS_OF)
    records = []
    for path in files:
        with local_file(path) as readable:  # as a load reads it: a .gz file decompressed
            records += records_from(readable, options, skipped=[])  # papers.csv has a bad row
    return records


def _assert_search_indexes_match_their_tables(store: EmbeddedStore) -> None:
    db = store._writer
    for fts in ("author_fts", "topic_fts"):  # FTS5 compares its index with the rows it indexes
        db.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")
    # paper_fts holds no text to compare with: its every word, paper key and place must be a fresh index's.
    (definition,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'paper_fts'").fetchone()
    db.execute(definition.replace("paper_fts", "temp.fresh", 1))
    key = paper_fts_key("title", "n")
    db.execute(f"INSERT INTO fresh (rowid, title, abstract) SELECT {key}, title, abstract FROM paper")
    indexed = {}
    for name, schema_name in (("paper_fts", "main"), ("fresh", "temp")):
        db.execute(f"CREATE VIRTUAL TABLE temp.{name}_words USING fts5vocab({schema_name}, {name}, instance)")
        indexed[name] = db.execute(f"SELECT * FROM {name}_words ORDER BY 1, 2, 3, 4").fetchall()
        db.execute(f"DROP TABLE temp.{name}_words")
    db.execute("DROP TABLE temp.fresh")
    assert indexed["paper_fts"] and indexed["paper_fts"] == indexed["fresh"]


@pytest.mark.fixture_files()  # every real file this machine has: run again beside ../shared in CI
@pytest.mark.parametrize("one_load", [True, False], ids=["one load", "a load per record"])
async def test_search_indexes_follow_new_and_merged_rows_across_batches(tmp_path, monkeypatch, one_load):
    from coauthor_graph.store.embedded import writer

    monkeypatch.setattr(writer, "BATCH_SIZE", 3)  # many batch boundaries, merges on either side of them
    records = _fixtures()
    store = EmbeddedStore(tmp_path / "fts.sqlite")
    for batch in [records] if one_load else [[record] for record in records]:
        await store.upsert(batch)
    _assert_search_indexes_match_their_tables(store)
    owner = (await store.search_authors("Chengkai Huang"))[0].node
    assert owner.name == "Chengkai Huang"
    assert (await store.search_papers("Semi-Online Knowledge Distillation"))[0].node.title == (
        "Semi-Online Knowledge Distillation"
    )
    await store.close()


def _paper(title: str, abstract: str | None = None, doi: str | None = None, source: str = "jsonl") -> PaperRecord:
    return PaperRecord(
        title=title, authors=(AuthorRef("Ann Archer", 1),), source=source, year=2020, doi=doi, abstract=abstract
    )


async def test_paper_search_ranks_title_hits_by_length_before_abstract_hits(tmp_path):
    store = EmbeddedStore(tmp_path / "search.sqlite")
    await store.upsert(
        [
            _paper("Sheaf graph neural networks for everything", doi="10.1000/long"),
            _paper("Graph sheaves", doi="10.1000/short"),
            _paper("Unrelated words", "A graph sheaf method, once."),
            _paper("Graph methods", "Sheaf theory, sheaf theory and more sheaf theory."),  # title and abstract
            _paper("Graphs alone"),
            *(_paper(f"Filler number {i}") for i in range(12)),  # so that the words are rare enough to weigh
        ]
    )

    async def titles(text: str, limit: int = 10) -> list[tuple[str, float]]:
        return [(hit.node.title, hit.score) for hit in await store.search_papers(text, limit)]

    typed = len("graph shea")
    assert await titles("GRAPH shea") == [  # the last word is a prefix: 'shea' finds 'sheaf' and 'sheaves'
        ("Graph sheaves", round(1 + typed / len("Graph sheaves"), 6)),  # the share of the title typed
        ("Sheaf graph neural networks for everything", round(1 + typed / 42, 6)),
        ("Graph methods", pytest.approx(0.5, abs=0.5)),  # then by BM25: one word in the title weighs more
        ("Unrelated words", pytest.approx(0.5, abs=0.5)),  # than both once in the abstract
    ]
    assert [title for title, _ in await titles("graph shea", limit=1)] == ["Graph sheaves"]
    assert [title for title, _ in await titles("theory")] == ["Graph methods"]  # abstract hits alone
    assert await titles("nothing like it") == []

    # Titles of one length tie: the smallest ids come first, whatever order the papers were stored in.
    await store.upsert(
        [_paper(f"Graph sheaf {n}", doi=f"10.1000/{key}") for key, n in zip("cba", ("one", "two", "six"), strict=True)]
    )
    tied = await store.search_papers("graph sheaf", limit=2)
    assert [hit.node.id for hit in tied] == ["paper:doi:10.1000/a", "paper:doi:10.1000/b"]

    # A more authoritative source renames a paper: its place among title hits follows the new title.
    await store.upsert([_paper("Sheaf graph", doi="10.1000/long", source="bibtex")])
    assert [title for title, _ in await titles("graph shea", limit=2)] == ["Sheaf graph", "Graph sheaves"]
    _assert_search_indexes_match_their_tables(store)
    await store.close()


async def test_an_older_file_has_its_papers_indexed_again_by_title_length(tmp_path):
    path = tmp_path / "older.sqlite"
    store = EmbeddedStore(path)
    await store.upsert(load_jsonl(DATA / "small-graph.jsonl"))
    found = await store.search_papers("bridges")
    await store.close()
    with sqlite3.connect(path) as older:  # paper_fts as it was: reading the paper table, keyed by n
        older.executescript(
            "DROP TRIGGER paper_fts_update; DROP TABLE paper_fts;"
            "CREATE VIRTUAL TABLE paper_fts USING fts5(title, abstract, content='paper', content_rowid='n',"
            " tokenize = 'unicode61 remove_diacritics 2');"
            "INSERT INTO paper_fts (paper_fts) VALUES ('rebuild');"
        )
    reopened = EmbeddedStore(path)
    assert found and await reopened.search_papers("bridges") == found
    _assert_search_indexes_match_their_tables(reopened)
    await reopened.close()


async def test_an_older_file_has_umlauts_written_out_blocked_with_the_umlaut(tmp_path):
    """Blocks from before `names.family_key` are computed again once, so the next load compares them."""
    path = tmp_path / "older.sqlite"
    store = EmbeddedStore(path)
    paper = PaperRecord(
        title="Alveoli", authors=(AuthorRef("Julia M. Hoermann", 1), AuthorRef("Ann Archer", 2)), source="jsonl"
    )
    await store.upsert([paper])
    await store.close()
    with sqlite3.connect(path) as older:
        older.execute("UPDATE author SET block = 'hoermann j' WHERE block = 'hormann j'")
        older.execute("DELETE FROM meta WHERE key = 'block_rule'")
    reopened = EmbeddedStore(path)
    again = PaperRecord(
        title="Lungs", authors=(AuthorRef("Julia M. Hörmann", 1), AuthorRef("Ann Archer", 2)), source="jsonl"
    )
    await reopened.upsert([again])
    assert [a.name for a in await reopened.find_author("Julia M. Hoermann")] == ["Julia M. Hörmann"]
    await reopened.close()


async def test_prepare_builds_what_the_first_queries_would(tmp_path):
    store = EmbeddedStore(tmp_path / "store.sqlite")
    await store.upsert(load_jsonl(DATA / "small-graph.jsonl"))
    await store.close()
    reopened = EmbeddedStore(tmp_path / "store.sqlite")
    assert reopened._built_index is None  # nothing in memory until a query, or prepare, asks
    await reopened.prepare()
    index = reopened._built_index
    profiles, topic_graph = index._profiles, index._topic_graph
    assert profiles is not None and topic_graph is not None
    (ann,) = await reopened.find_author("Ann Archer")
    assert [r.author.name for r in await recommend_collaborators(reopened, ann.id)] == ["Cleo Clark", "Eve Evans"]
    assert reopened._built_index._profiles is profiles  # used, not built again
    await reopened.close()
