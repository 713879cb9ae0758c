"""The ACL Anthology Network format, on the real CGM release and on hand-made edge cases."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.loaders.aan import authors_of
from coauthor_graph.loaders.registry import LoadOptions, detect_format, records_from
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.fixture_files import fixture, needs

CGM = fixture("coauthorship/cgm-meta.txt")
OPTIONS = LoadOptions(as_of=dt.date(2026, 11, 25))
needs_cgm = needs("coauthorship/cgm-meta.txt")


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "meta.txt"
    path.write_bytes(data)
    return path


@needs_cgm
def test_the_cgm_release():
    assert detect_format(CGM).name == "aan"
    records = list(records_from(CGM, OPTIONS))
    assert len(records) == 16_599
    first = records[0]
    assert first.title == (
        "Accurate object localization in gray level images using the center of gravity measure:"
        " accuracy versus precision"
    )
    assert [a.name for a in first.authors] == ["Hans C. van Assen", "Michael Egmont-Petersen", "Johan H. C. Reiber"]
    assert first.year == 2002 and first.venue.name == "IEEE Transactions on Image Processing"
    assert (min(r.year for r in records), max(r.year for r in records)) == (1971, 2013)
    assert len(Counter(r.venue.name for r in records)) == 13
    names = {a.name for r in records for a in r.authors}
    assert {"Jean-François Aujol", "Laure Blanc-Féraud", "José M. F. Moura"} <= names
    assert any(r.title.startswith("Parametric triangular Bézier surface") for r in records)  # &eacute;


def test_entities_are_decoded_before_splitting_and_8_bit_bytes_are_read(tmp_path):
    assert authors_of("Fran&ccedil;ois Yvon; Smith, John") == ["François Yvon", "Smith, John"]
    path = write(
        tmp_path,
        b"id = {A1}\nauthor = {Fran&ccedil;ois Yvon; Ren\xe9 Caf\xe9; Anders ?\x85str\xc3\xb6m}\n"
        b"title = {On \xe9tudes.}\nvenue = {ACL}\nyear = {2004}\n\n"
        b"id = {A2}\nauthor = {Lovelace, Ada}\ntitle = {Engines}\nvenue = {ACL}\nyear = {2005}",
    )
    first, second = records_from(path, OPTIONS)
    assert [a.name for a in first.authors] == ["François Yvon", "René Café", "Anders ?…ström"]
    assert first.title == "On études" and [a.position for a in first.authors] == [1, 2, 3]
    assert second.authors[0].name == "Lovelace, Ada" and second.year == 2005


def test_a_named_entity_written_as_numeric_is_one_letter_not_a_new_author(tmp_path):
    path = write(
        tmp_path,
        b"id = {A3}\nauthor = {Zidra&#scaron;co, Tatiana; Smith, John}\ntitle = {Lexicons}\nvenue = {LREC}\n"
        b"year = {2008}",
    )
    (record,) = records_from(path, OPTIONS)
    assert [a.name for a in record.authors] == ["Zidrašco, Tatiana", "Smith, John"]


def test_a_broken_line_names_its_line(tmp_path):
    path = write(tmp_path, b"id = {A1}\nauthor = {X Y}\ntitle = {T}\nthis is not a field\n")
    with pytest.raises(LoadError) as error:
        list(records_from(path, OPTIONS))
    assert (error.value.line, error.value.reason) == (4, "expected a line `field = {value}`")


def test_a_record_without_authors_is_left_out_and_listed(tmp_path):
    path = write(
        tmp_path, b"id = {A1}\nauthor = {}\ntitle = {T}\nyear = {2001}\n\nid = {A2}\nauthor = {X Y}\ntitle = {U}\n"
    )
    ignored, skipped = [], []
    assert [r.title for r in records_from(path, OPTIONS, skipped=skipped, ignored=ignored)] == ["U"]
    assert skipped == [] and [(s.line, s.reason) for s in ignored] == [(1, "record 'A1' has no authors")]


def test_loading_twice_changes_nothing(tmp_path):
    path = write(
        tmp_path, b"id = {A1}\nauthor = {Ann Lee; Bo Chan}\ntitle = {Wavelets}\nvenue = {DCC}\nyear = {2001}\n"
    )

    async def run():
        store = EmbeddedStore(tmp_path / "aan.sqlite")
        first = await store.upsert(records_from(path, OPTIONS))
        again = await store.upsert(records_from(path, OPTIONS))
        await store.close()
        return first, again

    first, again = asyncio.run(run())
    assert first.created["Paper"] == 1 and first.created["Author"] == 2
    assert not again.changed


def test_a_record_without_authors_is_left_out_also_for_the_evaluation(tmp_path):
    """The ACL metadata's 'Author Index' entry has no authors: loads and evaluate-recommendations
    leave it out instead of stopping."""
    from coauthor_graph.evaluation.link_prediction import history_from

    path = tmp_path / "acl-metadata.txt"
    path.write_text(
        "id = {J94-1000}\nauthor = {}\ntitle = {Author Index}\nvenue = {CL}\nyear = {1994}\n\n"
        "id = {J94-3002}\nauthor = {Liberman, Mark}\ntitle = {Commentary On Kaplan And Kay}\nvenue = {CL}\n"
        "year = {1994}\n",
        encoding="utf-8",
    )
    ignored = []
    papers, names = history_from(records_from(path, OPTIONS, ignored=ignored))
    assert len(papers) == 1 and [(i.line, i.reason) for i in ignored] == [(1, "record 'J94-1000' has no authors")]
