"""CSV in the documented column layout, checked by the same rules as JSON Lines."""

from __future__ import annotations

import datetime as dt

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.loaders.registry import LoadOptions, detect_format, records_from
from tests.conftest import DATA

PAPERS = DATA / "papers.csv"
OPTIONS = LoadOptions(as_of=dt.date(2026, 1, 1))


def test_rows_become_records_and_bad_rows_are_named():
    assert detect_format(PAPERS).name == "csv"
    skipped, ignored = [], []
    semi, comma = records_from(PAPERS, OPTIONS, skipped=skipped, ignored=ignored)
    assert [a.name for a in semi.authors] == ["Zhiqiang Liu", "Yanxia Liu", "Chengkai Huang"]
    assert [(t.scheme, t.code or t.name) for t in semi.topics] == [
        ("arxiv", "cs.CV"),
        ("keyword", "knowledge distillation"),
        ("openalex", "T10036"),  # classified from its words (identity.topic_classifier)
    ]
    assert (semi.venue.name, semi.venue.kind, semi.year) == ("arXiv", "preprint server", 2021)
    assert comma.title == "A paper, with a comma" and comma.doi == "10.1000/xyz"
    assert [a.name for a in comma.authors] == ["Ada Lovelace", "Huang, Chengkai"]
    assert [(s.line, s.reason) for s in ignored] == [(4, "field 'authors' is missing or empty")]
    assert [(s.line, s.reason) for s in skipped] == [
        (5, "field 'year' must be a four-digit integer, got 'Chengkai'"),  # an unquoted comma shifted the columns
    ]


def test_without_skipping_the_first_bad_row_fails_the_load():
    with pytest.raises(LoadError) as error:
        list(records_from(PAPERS, OPTIONS))
    assert error.value.line == 5  # row 4 has no authors: no co-authorship record, left out, not bad


def test_header_must_name_title_and_authors(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,year\nx,2020\n", encoding="utf-8")
    with pytest.raises(LoadError, match="'title' and 'authors'"):
        list(records_from(path, OPTIONS, "csv"))
