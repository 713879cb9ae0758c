"""OpenAlex: real API documents (tests/fixtures/openalex) in every shape the loader accepts."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from coauthor_graph.domain.records import AuthorProfileRecord
from coauthor_graph.loaders.registry import LoadOptions, detect_format, records_from
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.fixture_files import fixture

WORK = fixture("openalex/work-W2741809807.json")
LIST = fixture("openalex/works-nlp-first10.json")
AUTHOR = fixture("openalex/author-A5023888391.json")
OPTIONS = LoadOptions(as_of=dt.date(2026, 11, 23))


def test_a_single_work_in_the_current_format():
    assert detect_format(WORK).name == "openalex"
    (work,) = records_from(WORK, OPTIONS)
    assert work.title.startswith("The state of OA: a large-scale analysis of the prevalence and impact")
    assert (work.year, work.date, work.doi) == (2018, dt.date(2018, 2, 13), "10.7717/peerj.4375")
    assert (work.venue.name, work.venue.kind) == ("PeerJ", "journal")
    first = work.authors[0]
    assert (first.name, first.orcid, first.source_ids) == (
        "Heather Piwowar",
        "0000-0003-1613-5981",
        (("openalex", "A5048491430"),),
    )
    assert len(work.authors) == 9
    assert work.abstract.startswith("Despite growing interest in Open Access (OA) to scholarly literature")
    topic = next(t for t in work.topics if t.scheme == "openalex")
    chain = []
    while topic:
        chain.append(topic.name)
        topic = topic.broader
    assert chain == [
        "scientometrics and bibliometrics research",
        "Statistics, Probability and Uncertainty",
        "Decision Sciences",
        "Social Sciences",
    ]


def test_an_untitled_work_is_kept_with_its_authors_id_and_doi():
    ignored = []
    works = list(records_from(LIST, OPTIONS, ignored=ignored))
    assert len(works) == 10 and ignored == []
    (bert,) = [w for w in works if w.record_id == "W2963341956"]  # BERT, which OpenAlex lists untitled
    assert (bert.title, bert.doi, bert.year, len(bert.authors)) == ("", "10.18653/v1/n19-1423", 2019, 4)
    assert "Glove: Global Vectors for Word Representation" in {w.title for w in works}


def test_an_author_entity_becomes_a_profile():
    (profile,) = records_from(AUTHOR, OPTIONS)
    assert isinstance(profile, AuthorProfileRecord)
    assert (profile.author.name, profile.author.orcid) == ("Jason Priem", "0000-0001-6187-6610")
    assert profile.metrics == {"works_count": 62, "cited_by_count": 3890, "h_index": 17, "i10_index": 20}


async def test_work_and_author_entity_meet_in_one_node(tmp_path):
    store = EmbeddedStore(tmp_path / "openalex.sqlite")
    await store.upsert(records_from(WORK, OPTIONS))
    report = await store.upsert(records_from(AUTHOR, OPTIONS))
    assert report.created["Author"] == 0 and report.updated["Author"] == 1
    (priem,) = await store.find_author("Jason Priem")
    assert priem.id == "author:orcid:0000-0001-6187-6610"
    assert ("openalex", "A5023888391") in priem.external_ids and priem.metrics["h_index"] == 17
    broader = await store.get("topic:openalex:fields-18")
    assert broader.name == "Decision Sciences"
    await store.close()


def test_legacy_format_and_json_lines(tmp_path):
    legacy = {
        "id": "https://openalex.org/W1",
        "display_name": "A legacy work about knowledge distillation",
        "publication_year": 2020,
        "host_venue": {"display_name": "Old Journal", "type": "journal"},
        "concepts": [
            {"id": "https://openalex.org/C41008148", "display_name": "Computer science", "level": 0},
            {"id": "https://openalex.org/C2", "display_name": "Distillation", "level": 2},
        ],
        "authorships": [{"author": {"id": "https://openalex.org/A1", "display_name": "Ada Example"}}],
    }
    path = tmp_path / "snapshot.jsonl"
    path.write_text(json.dumps(legacy) + "\n" + json.dumps({**legacy, "id": "https://openalex.org/W2"}) + "\n")
    first, second = records_from(path, OPTIONS)
    assert first.venue.name == "Old Journal"
    assert [t.name for t in first.topics if t.scheme == "openalex-concept"] == ["Distillation"]
    assert "knowledge distillation" in {t.name for t in first.topics}
    assert second.line == 2


def test_cli_lists_the_works_it_left_out(tmp_path):
    env_store = str(tmp_path / "cli.sqlite")
    works = json.loads(LIST.read_text(encoding="utf-8"))
    works[3]["authorships"] = []
    listed = tmp_path / "works.json"
    listed.write_text(json.dumps(works), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "coauthor_graph.api.cli", "--store", env_store, "load", str(listed)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "left out 1 record(s) that are no co-authorship records:" in result.stdout
    assert f"{works[3]['id'].rsplit('/', 1)[-1]} has no authors" in result.stdout


async def test_authorships_keep_their_institutions_and_a_conflict_check_reads_them(tmp_path):
    works = [r for r in records_from(LIST, OPTIONS) if not isinstance(r, AuthorProfileRecord)]
    tutoring = next(w for w in works if w.title.startswith("Exploiting Generative AI to Scale up"))
    assert [(a.name, a.affiliations) for a in tutoring.authors[2:4]] == [
        ("Goertzel, Zarathustra", ("Czech Technical University in Prague",)),
        ("Kaliszyk, Cezary", ("Universität Innsbruck", "Food Research Institute Prague")),
    ]
    from coauthor_graph.services.conflicts import check_conflicts

    store = EmbeddedStore(tmp_path / "store.sqlite")
    await store.upsert(works)
    (jan,) = await store.find_author("Jakubův, Jan")
    (karel,) = await store.find_author("Chvalovský, Karel")
    listed = await store.listed_affiliations([jan.id], None)
    assert {row.institution for row in listed} == {"Czech Technical University in Prague"}
    report = await check_conflicts(store, [jan.id], [karel.id], within_years=50, as_of_year=2026)
    assert {c.kind for c in report.conflicts} == {"COAUTHORED", "SHARED_AFFILIATION"}
    await store.close()
