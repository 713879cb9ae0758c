"""DBLP XML: a genuine dump excerpt (ISO-8859-1, named entities, a DTD never fetched) and hostile files."""

from __future__ import annotations

import datetime as dt

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.loaders import dblp
from coauthor_graph.loaders.registry import LoadOptions, detect_format, records_from
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.fixture_files import fixture

EXCERPT = fixture("dblp/dblp-excerpt-incollection.xml")
OPTIONS = LoadOptions(as_of=dt.date(2026, 11, 23))


def test_dump_excerpt():
    assert detect_format(EXCERPT).name == "dblp"
    ignored = []
    records = list(records_from(EXCERPT, OPTIONS, ignored=ignored))
    # 131 encyclopedia entries: 55 name their authors (73 in all), 76 have none: no co-authorship records.
    assert len(records) == 55 and sum(len(r.authors) for r in records) == 73 and len(ignored) == 76
    assert ignored[0].line == 4 and ignored[0].reason == "DBLP record reference/vision/X14bd has no authors"
    mirrors = next(r for r in records if r.title == "Mirrors")
    assert [a.name for a in mirrors.authors] == ["Jürgen Beyerer"]  # &uuml; from the local entity table
    assert (mirrors.line, mirrors.year, mirrors.doi) == (232, 2014, "10.1007/978-0-387-31439-6_100")
    assert (mirrors.venue.name, mirrors.venue.kind) == ("Computer Vision, A Reference Guide", "book")
    singh = next(r for r in records if r.title == "Transparency and Translucency")
    assert (singh.authors[0].name, singh.authors[0].source_ids) == ("Manish Singh", (("dblp", "Manish Singh 0001"),))
    assert len(list(records_from(EXCERPT, OPTIONS))) == 55  # left out by default, never a failed load


async def test_homonym_suffixes_stay_distinct_people(tmp_path):
    path = tmp_path / "homonyms.xml"
    path.write_text(
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n'
        '<article key="a"><author>Wei Wang 0001</author><title>One.</title><year>2020</year>'
        "<journal>J</journal></article>\n"
        '<article key="b"><author>Wei Wang 0002</author><author>Ren&eacute;e Roe</author><title>Two.</title>'
        "<year>2021</year><journal>J</journal></article>\n</dblp>\n",
        encoding="latin-1",
    )
    store = EmbeddedStore(tmp_path / "dblp.sqlite")
    await store.upsert(records_from(path, OPTIONS))
    weis = await store.find_author("Wei Wang")
    assert sorted(w.id for w in weis) == ["author:dblp:Wei Wang 0001", "author:dblp:Wei Wang 0002"]
    assert [a.name for a in await store.find_author("Renee Roe")] == ["Renée Roe"]
    await store.close()


def test_records_spanning_stream_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(dblp, "CHUNK_BYTES", 7)  # every record crosses many chunk boundaries
    path = tmp_path / "small.xml"
    body = "".join(
        f'<inproceedings key="k{i}"><author>A B</author><title>Paper {i}.</title><year>2020</year>'
        "<booktitle>Conf</booktitle></inproceedings>\n"
        for i in range(20)
    )
    path.write_text(f'<?xml version="1.0"?>\n<dblp>\n{body}</dblp>\n', encoding="utf-8")
    records = list(dblp.load(path))
    assert [r.title for r in records] == [f"Paper {i}" for i in range(20)]
    assert records[0].venue.kind == "conference"


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE dblp [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE dblp [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_entity_declarations_are_refused(tmp_path, doctype):
    path = tmp_path / "hostile.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n{doctype}\n'
        '<dblp><article key="x"><author>A</author><title>&b;</title></article></dblp>',
        encoding="utf-8",
    )
    with pytest.raises(LoadError, match="refused"):
        list(dblp.load(path))


def test_truncated_dump_names_its_line(tmp_path):
    path = tmp_path / "cut.xml"
    path.write_text('<?xml version="1.0"?>\n<dblp>\n<article key="x"><author>A B</author>\n<title>T', encoding="utf-8")
    with pytest.raises(LoadError) as error:
        list(dblp.load(path))
    assert error.value.line == 4 and "not well-formed" in error.value.reason
