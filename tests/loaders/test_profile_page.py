"""The profile-page loader against the real seed and against pages broken on purpose."""

from __future__ import annotations

import datetime as dt

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.domain.records import AuthorProfileRecord, PaperRecord
from coauthor_graph.loaders import profile_page
from coauthor_graph.loaders.registry import detect_format
from tests.conftest import SEED, SEED_AS_OF, SHARED_SEED, records_of

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


def write(tmp_path, lines, name="page.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_shipped_sample_is_the_seed():
    if SHARED_SEED.exists():
        assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_parses_into_profile_and_22_papers():
    records = records_of(SEED)
    profile, papers = records[0], records[1:]
    assert isinstance(profile, AuthorProfileRecord) and profile.author.name == "Chengkai Huang"
    assert profile.field.code == "cs.IR" and profile.captured_on == SEED_AS_OF
    assert len(papers) == 22 and all(isinstance(p, PaperRecord) for p in papers)
    assert detect_format(SEED).name == "profile-page"


def test_entry_header_score_code_and_dates():
    papers = records_of(SEED)[1:]
    fera = next(p for p in papers if p.title.startswith("FERA"))  # "94.5CLMay 11"
    assert fera.date == dt.date(2026, 5, 11) and fera.line == 33
    assert {t.code for t in fera.topics if t.scheme == "arxiv"} == {"cs.CL"}
    dual = next(p for p in papers if p.title.startswith("Dual Contrastive"))  # "IROct 30, 2024"
    assert dual.date == dt.date(2024, 10, 30)


def test_yearless_date_after_capture_belongs_to_previous_year():
    papers = records_of(SEED, as_of=dt.date(2026, 3, 1))[1:]
    fera = next(p for p in papers if p.title.startswith("FERA"))  # May 11 would be after March 1
    memweaver = next(p for p in papers if p.title.startswith("MemWeaver"))  # Jan 26 is before it
    assert fera.date == dt.date(2025, 5, 11)
    assert memweaver.date == dt.date(2026, 1, 26)


def test_author_line_et_al_tag_and_owner():
    papers = records_of(SEED)[1:]
    survey = next(p for p in papers if p.title.startswith("A Survey of Foundation"))
    assert [a.name for a in survey.authors] == ["Chengkai Huang", "Hongtao Huang", "Tong Yu"]
    assert survey.tags == ("amazon-science",) and survey.authors_complete is False
    semi = next(p for p in papers if p.title == "Semi-Online Knowledge Distillation")
    assert [(a.name, a.position) for a in semi.authors] == [
        ("Zhiqiang Liu", 1),
        ("Yanxia Liu", 2),
        ("Chengkai Huang", 3),
    ]
    assert semi.authors_complete is True


def test_abstracts_are_verbatim_and_the_last_one_ends_at_eof():
    papers = records_of(SEED)[1:]
    memweaver = next(p for p in papers if p.title.startswith("MemWeaver"))
    assert "by over 95\\% compared" in memweaver.abstract
    assert papers[-1].abstract == SEED_LINES[-1]
    assert not SEED.read_bytes().endswith(b"\n")


def test_every_paper_gets_at_least_two_fine_grained_topics():
    for paper in records_of(SEED)[1:]:
        keywords = [t for t in paper.topics if t.scheme == "keyword"]
        assert len(keywords) >= 2, paper.title


def test_count_mismatch_names_the_broken_entry(tmp_path):
    lines = list(SEED_LINES)
    lines[32] = "94.5 CL May 11"  # line 33: no longer an entry header
    with pytest.raises(LoadError) as error:
        profile_page.load(write(tmp_path, lines), as_of=SEED_AS_OF)
    assert error.value.line == 33 and "22 papers but 21" in error.value.reason


def test_header_announcing_fewer_papers_names_the_first_extra_entry(tmp_path):
    lines = list(SEED_LINES)
    lines[9] = "21 Papers"
    with pytest.raises(LoadError) as error:
        profile_page.load(write(tmp_path, lines), as_of=SEED_AS_OF)
    assert error.value.line == 159  # the 22nd entry header


def test_truncated_page(tmp_path):
    with pytest.raises(LoadError) as error:
        profile_page.load(write(tmp_path, SEED_LINES[:153]), as_of=SEED_AS_OF)  # ends after a title
    assert error.value.line == 152 and "truncated" in error.value.reason


def test_impossible_date(tmp_path):
    lines = list(SEED_LINES)
    lines[11] = "LGFeb 30, 2024"
    with pytest.raises(LoadError) as error:
        profile_page.load(write(tmp_path, lines), as_of=SEED_AS_OF)
    assert error.value.line == 12 and "no such date" in error.value.reason


def test_wrong_encoding_names_the_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("\n".join(SEED_LINES).replace("Yuhang Yao", "Yühang Yao").encode("latin-1"))
    with pytest.raises(LoadError) as error:
        profile_page.load(path, as_of=SEED_AS_OF)
    assert error.value.line == 15 and "UTF-8" in error.value.reason


def test_unknown_format_and_missing_file(tmp_path):
    with pytest.raises(LoadError, match="unknown format"):
        detect_format(write(tmp_path, ["just some notes", "nothing more"]))
    with pytest.raises(LoadError, match="no such file"):
        detect_format(tmp_path / "absent.txt")
    with pytest.raises(LoadError, match="directory"):
        detect_format(tmp_path)


def test_unknown_subject_code_is_kept(tmp_path):
    lines = list(SEED_LINES)
    lines[11] = "QXSep 24, 2024"
    paper = profile_page.load(write(tmp_path, lines), as_of=SEED_AS_OF)[1]
    assert [(t.code, t.name) for t in paper.topics if t.scheme == "arxiv"] == [("QX", "QX")]
