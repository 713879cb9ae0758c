"""The taxonomy every source maps into, and the classifier that places papers in it from their words."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from coauthor_graph.domain.records import PaperRecord
from coauthor_graph.identity.taxonomy import is_taxonomy_topic, taxonomy, topic_ref
from coauthor_graph.identity.topic_classifier import classifier, with_taxonomy_topics
from coauthor_graph.loaders.registry import FORMATS, LoadOptions, records_from
from tests.conftest import ROOT
from tests.fixture_files import fixture, needs

OPTIONS = LoadOptions(as_of=dt.date(2026, 11, 28))


def test_the_shipped_table_is_openalex_whole():
    topics = taxonomy()
    assert len(topics) == 4516 and len({t.id for t in topics}) == 4516
    assert len({t.subfield for t in topics}) == 252
    assert len({t.field for t in topics}) == 26 and len({t.domain for t in topics}) == 4
    first = topics[0]
    assert (first.id, first.name, first.subfield, first.field, first.domain) == (
        "T10001",
        "Geological and Geochemical Analysis",
        (1908, "Geophysics"),
        (19, "Earth and Planetary Sciences"),
        (3, "Physical Sciences"),
    )
    assert len(first.keywords) == 10 and first.description.startswith("This cluster of papers")


def test_a_classified_topic_is_the_node_openalex_records_use():
    (work,) = FORMATS["openalex"].load(fixture("openalex/work-W2741809807.json"), OPTIONS)
    own = [t for t in work.topics if is_taxonomy_topic(t)]
    by_id = {t.id: t for t in taxonomy()}
    for topic in own:  # name, code and the whole BROADER chain are the same
        assert topic_ref(by_id[topic.code]) == topic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zircon geochronology of the Himalaya", "Geological and Geochemical Analysis"),
        ("Automated test generation for REST APIs", "Software Testing and Debugging Techniques"),
        ("A mortar finite element method for contact mechanics", "Contact Mechanics and Variational Inequalities"),
        ("Sequential recommendation with user preference modeling", "Recommender Systems and Techniques"),
    ],
)
def test_papers_land_on_the_topic_their_words_name(text, expected):
    (found,) = classifier().classify([text])
    assert found is not None and found.name == expected


def test_words_that_name_no_subject_get_no_topic():
    assert classifier().classify(["Introduction", "", "Histogram"]) == [None, None, None]
    assert classifier().classify([]) == []


def test_the_same_text_gets_the_same_topic_in_any_batch():
    titles = [json.loads(line)["title"] for line in (ROOT / "tests" / "data" / "small-graph.jsonl").open()]
    titles += [r.title for r in records_from(fixture("arxiv/api-query-testing-100.atom.xml"), OPTIONS)]
    together = classifier().classify(titles)
    assert [classifier().classify([t])[0] for t in titles] == together


def test_records_keep_their_order_and_their_own_taxonomy_topics():
    loaded = FORMATS["openalex"].load(fixture("openalex/works-nlp-first10.json"), OPTIONS)
    works = [w for w in loaded if isinstance(w, PaperRecord)]
    assert list(with_taxonomy_topics(works, batch=3)) == works  # OpenAlex's own topics stand
    bare = [PaperRecord(title=w.title, authors=w.authors, source="jsonl") for w in works]
    classified = list(with_taxonomy_topics(bare, batch=4))
    assert [r.title for r in classified] == [w.title for w in works]
    expected = [topic_ref(t) if t else None for t in classifier().classify([w.title + " \n " for w in works])]
    assert [next(iter(r.topics), None) for r in classified] == expected
    assert sum(t is not None for t in expected) >= 8  # titles alone place most of them


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=needs(name))
        for name in (
            "bibtex/4C-multiphysics_papers.bib",
            "bibtex/3c-lab_carrette_papers.bib",
            "coauthorship/cgm-meta.txt",
            "dblp/dblp-excerpt-incollection.xml",
            "openalex/works-nlp-first10.json",
            "arxiv/api-query-testing-100.atom.xml",
        )
    ],
)
def test_nine_papers_in_ten_of_every_fixture_get_a_taxonomy_topic(name):
    papers = [r for r in records_from(fixture(name), OPTIONS, skipped=[]) if isinstance(r, PaperRecord)]
    covered = sum(any(is_taxonomy_topic(t) for t in paper.topics) for paper in papers)
    assert covered / len(papers) >= 0.9, f"{covered} of {len(papers)}"


def test_an_error_after_some_records_still_delivers_them_first(tmp_path: Path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"title": "Zircon geochronology", "authors": ["A B"]}\n{"title": \n', encoding="utf-8")
    received = []
    with pytest.raises(Exception, match="broken.jsonl:2"):
        for record in records_from(path, OPTIONS):
            received.append(record)
    assert [r.title for r in received] == ["Zircon geochronology"]
