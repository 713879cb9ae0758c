"""Input nested absurdly deep is refused or read, by file and line: never a RecursionError traceback."""

from __future__ import annotations

import datetime as dt

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.loaders.registry import LoadOptions, records_from

OPTIONS = LoadOptions(as_of=dt.date(2026, 11, 23))
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("papers.jsonl", '{"title": "A", "authors": ["Ann Archer"]}\n{"title": ' + DEEP + "}\n", 2),
        ("works.json", '{"id": "https://openalex.org/W1", "authorships": ' + DEEP + ', "results": 1}', 1),
    ],
)
def test_deep_json_fails_at_its_line_and_is_skipped_when_asked(tmp_path, name, text, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as error:
        list(records_from(path, OPTIONS))
    assert (error.value.line, error.value.reason) == (line, "invalid JSON: nested too deeply")
    if name.endswith(".jsonl"):  # a line of its own: --skip-invalid loads the rest
        skipped: list = []
        assert [r.title for r in records_from(path, OPTIONS, skipped=skipped)] == ["A"]
        assert [(s.line, s.reason) for s in skipped] == [(2, "invalid JSON: nested too deeply")]


def test_a_deep_first_line_is_no_format_rather_than_a_crash(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text('{"a": ' + DEEP + "}\n", encoding="utf-8")
    with pytest.raises(LoadError, match="unknown format"):
        list(records_from(path, OPTIONS))


@pytest.mark.parametrize("opener", ["{", "\\textbf{"])
def test_latex_groups_five_thousand_deep_still_give_the_title(tmp_path, opener):
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{k, title = {" + opener * 5000 + "Deep title" + "}" * 5000 + "}, author = {Ann Archer}}\n",
        encoding="utf-8",
    )
    (record,) = records_from(path, OPTIONS)
    assert record.title.endswith("Deep title") and [a.name for a in record.authors] == ["Ann Archer"]
