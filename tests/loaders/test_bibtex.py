"""BibTeX against two real exports (../shared/fixtures/bibtex, not shippable) and files broken on purpose."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.loaders import bibtex
from coauthor_graph.loaders.registry import LoadOptions, detect_format, records_from
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.fixture_files import fixture, needs

GROUP = fixture("bibtex/4C-multiphysics_papers.bib")
ENDNOTE = fixture("bibtex/3c-lab_carrette_papers.bib")
OPTIONS = LoadOptions(as_of=dt.date(2026, 11, 23))


@needs("bibtex/4C-multiphysics_papers.bib")
def test_group_publication_list():
    records = list(bibtex.load(GROUP))
    assert detect_format(GROUP).name == "bibtex"
    assert len(records) == 316
    assert sum(r.doi is not None for r in records) == 301  # every DOI here sits inside an HTML url field
    first = records[0]
    assert [a.name for a in first.authors] == [
        "Köglmeier, Lea J.",
        "Wirthl, Barbara",
        "Eichinger, Carolin M.",
        "Temür, Buğrahan Z.",
        "Wall, Wolfgang A.",
    ]
    assert first.doi == "10.1007/s10237-026-02064-8" and first.year == 2026
    assert first.url == "https://doi.org/10.1007/s10237-026-02064-8"
    datz = records[1]
    assert (
        datz.title
        == "Influence of Coronary Plaque Morphology on Local Mechanical States and Associated In-Stent Restenosis"
    )
    assert (datz.line, datz.doi, datz.venue.name, datz.venue.kind) == (
        10,
        "10.1115/1.4071133",
        "Journal of Biomechanical Engineering",
        "journal",
    )


@needs("bibtex/3c-lab_carrette_papers.bib")
def test_endnote_export_with_front_matter_keywords_and_long_notes():
    records = list(bibtex.load(ENDNOTE))
    assert len(records) == 35 and records[0].line == 6  # the YAML and markdown before it are skipped
    first = records[0]
    assert len(first.authors) == 16 and first.authors[-1].name == "George, O."
    assert first.doi == "10.1038/s41386-026-02350-0"
    with_keywords = next(r for r in records if r.line == 149)
    assert {"heterogeneous stock rats", "opioid use disorder", "suprachiasmatic nucleus"} <= {
        t.name for t in with_keywords.topics
    }


@needs("bibtex/4C-multiphysics_papers.bib")
async def test_fixtures_load_into_the_store_with_display_names(tmp_path):
    store = EmbeddedStore(tmp_path / "bib.sqlite")
    report = await store.upsert(bibtex.load(GROUP))
    # The list holds three papers twice (same DOI: lines 1643/1654, 2286/2367, 2326/2336): one node each.
    assert report.records == 316 and report.created["Paper"] == 313
    (lea,) = await store.find_author("Lea J. Köglmeier")
    assert lea.name == "Lea J. Köglmeier"
    assert (await store.find_author("Koglmeier, Lea J."))[0].id == lea.id
    await store.close()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    return path


def test_macros_concatenation_others_duplicates_and_comments(tmp_path):
    path = write(
        tmp_path,
        """Some notes with an e-mail, someone@example.org, before anything.
@string{ieee = "IEEE Transactions on " # "Graphs"}
@comment{ignored {nested} text}
@Article{key1,
  Author = {M{\\"u}ller, J{\\'e}r{\\^o}me and {World Health Organization} and others},
  title = "A {GPU} Study of \\& Graphs",
  title = {Second title is ignored},
  journal = ieee,
  year = 2021,
  keywords = {RAG; knowledge distillation},
  eprint = {2101.00001v2}, archivePrefix = {arXiv},
}
""",
    )
    (record,) = bibtex.load(path)
    assert [a.name for a in record.authors] == ["Müller, Jérôme", "World Health Organization"]
    assert record.authors_complete is False
    assert record.title == "A GPU Study of & Graphs"
    assert record.venue.name == "IEEE Transactions on Graphs" and record.year == 2021
    assert record.arxiv_id == "2101.00001"
    assert {"retrieval-augmented generation", "knowledge distillation"} <= {t.name for t in record.topics}


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("@article{a,\n  title = {Open brace,\n  author = {X}\n", 1, "truncated"),
        ("@article{a,\n  title = {T},\n  journal = undefinedmacro,\n  author = {A}\n}\n", 3, "unknown macro"),
        ("@article{a,\n  title = {T}\n  author = {A}\n}\n", 3, "expected ','"),
    ],
)
def test_broken_entries_name_their_line(tmp_path, text, line, reason):
    with pytest.raises(LoadError) as error:
        list(records_from(write(tmp_path, text), OPTIONS, "bibtex"))
    assert error.value.line == line and reason in error.value.reason


def test_entries_that_are_no_coauthorship_records_are_left_out_and_listed(tmp_path):
    """An untitled entry, one without authors and an edited volume are well-formed BibTeX: a load
    leaves them out without being told to, and says so; they are never 'invalid'."""
    path = write(
        tmp_path,
        "@article{good, title = {Fine}, author = {A B}, year = 2020}\n"
        "@article{untitled, author = {C D}, year = 2021}\n"
        "@article{alone, title = {Nobody wrote this}}\n"
        "@book{volume, title = {Collected papers}, editor = {E F and G H}}\n",
    )
    ignored, skipped = [], []
    records = list(records_from(path, OPTIONS, "bibtex", skipped=skipped, ignored=ignored))
    assert [r.title for r in records] == ["Fine"] and skipped == []
    assert [(s.line, s.reason, s.invalid) for s in ignored] == [
        (2, "entry 'untitled' has no title", False),
        (3, "entry 'alone' has no authors", False),
        (4, "entry 'volume' has no authors (an edited volume: only editors)", False),
    ]
    assert [r.title for r in records_from(path, OPTIONS, "bibtex")] == ["Fine"]  # no list given: left out all the same


def test_a_string_expansion_bomb_is_refused_at_its_line(tmp_path):
    # Each string repeats the previous one ten times: 500 bytes that expanded to gigabytes (MemoryError
    # from the CLI, a 100 MB title through the API). The expansion is bounded and named by file and line.
    lines = ['@string{s0 = "aaaaaaaaaa"}']
    lines += [f"@string{{s{i} = " + " # ".join([f"s{i - 1}"] * 10) + "}" for i in range(1, 10)]
    lines += ["@article{bomb, title = s9, author = {A. Author}}"]
    with pytest.raises(LoadError) as error:
        list(records_from(write(tmp_path, "\n".join(lines) + "\n"), OPTIONS, "bibtex"))
    assert error.value.path.endswith("refs.bib") and 2 <= error.value.line <= 11
    assert "expand" in error.value.reason


def test_a_journal_macro_used_by_every_entry_expands(tmp_path):
    entries = "\n".join(
        f"@article{{k{i}, title = {{T{i}}}, author = {{A. Author}}, journal = tpami}}" for i in range(3000)
    )
    text = '@string{tpami = "IEEE Transactions on Pattern Analysis and Machine Intelligence"}\n' + entries + "\n"
    records = list(records_from(write(tmp_path, text), OPTIONS, "bibtex"))
    assert len(records) == 3000 and records[-1].venue.name.startswith("IEEE Transactions on Pattern")
