"""Conflict-of-interest checks on the hand-made graph, the same on every store.

2020: Ann-Ben, Ben-Cleo        2024: Ann-Dan, Dan-Cleo, Dan-Eve
2021: Fay alone                2022: José-Fay (Fay with ORCID 0000-0002-1825-0097)
"""

from __future__ import annotations

import pytest

from coauthor_graph.domain.errors import BadInputError
from coauthor_graph.loaders.jsonl import load as load_jsonl
from coauthor_graph.services import conflicts
from coauthor_graph.services.conflicts import check_conflicts
from tests.conftest import DATA

FAY_ORCID = "0000-0002-1825-0097"


@pytest.fixture
async def small(store):
    await store.upsert(load_jsonl(DATA / "small-graph.jsonl"))
    return store


def named(joint):
    return [(row.author_id, row.coauthor.name, row.paper.title) for row in joint]


async def test_joint_papers_with_anyone_and_with_some_in_a_window(small):
    assert named(await small.joint_papers(["author:ann-archer"], None, None)) == [
        ("author:ann-archer", "Ben Baker", "Bridges of the north"),
        ("author:ann-archer", "Dan Dorsey", "Canals of the east"),
    ]
    found = await small.joint_papers(
        ["author:dan-dorsey", "author:ann-archer"], ["author:cleo-clark", "author:eve-evans"], 2023
    )
    assert named(found) == [
        ("author:dan-dorsey", "Cleo Clark", "Locks of the west"),
        ("author:dan-dorsey", "Eve Evans", "Weirs and dams"),
    ]
    assert await small.joint_papers(["author:ann-archer"], None, 2025) == []
    assert await small.joint_papers([], None, None) == []


async def test_people_by_orcid_and_names_in_batches(small):
    fay, nobody = await small.find_authors_by_orcid([FAY_ORCID, "0000-0001-0000-0000"])
    assert fay is not None and fay.name == "Fay Fischer" and nobody is None
    found = await small.find_authors(["Ann Archer", "Nobody Here", "ann  ARCHER"])
    assert [[a.name for a in authors] for authors in found] == [["Ann Archer"], [], ["Ann Archer"]]


def described(report):
    return [
        (c.author.name, c.reviewer_as_given, c.kind, c.via.name if c.via else None, [p.title for p in c.papers])
        for c in report.conflicts
    ]


REVIEWERS = ["Dan Dorsey", "Ben Baker", "Cleo Clark", FAY_ORCID, "author:ann-archer", "Zed Unknown"]


async def test_conflicts_within_three_years(small):
    report = await check_conflicts(small, ["Ann Archer", "Nobody Else"], REVIEWERS, as_of_year=2026)
    assert report.since_year == 2023
    # Ann and Ben wrote together in 2020: outside the window. Ann named by id is Ann.
    assert described(report) == [
        ("Ann Archer", "Dan Dorsey", "COAUTHORED", None, ["Canals of the east"]),
        ("Ann Archer", "author:ann-archer", "SAME_PERSON", None, []),
    ]
    assert report.unknown == ("Nobody Else", "Zed Unknown")
    through = await check_conflicts(small, ["Ann Archer"], REVIEWERS, as_of_year=2026, through_coauthors=True)
    # Dan wrote with Ann and with Cleo in 2024; Dan is a reviewer himself (a direct conflict, not a via).
    assert (
        "Ann Archer",
        "Cleo Clark",
        "SHARED_COAUTHOR",
        "Dan Dorsey",
        ["Canals of the east", "Locks of the west"],
    ) in (described(through))
    assert len(through.conflicts) == 3


async def test_a_wider_window_and_a_reviewer_named_by_orcid(small):
    report = await check_conflicts(
        small, ["José Müller", "Ann Archer"], REVIEWERS, within_years=6, through_coauthors=True, as_of_year=2026
    )
    assert described(report) == [
        ("José Müller", FAY_ORCID, "COAUTHORED", None, ["Ferry timetables"]),
        ("Ann Archer", "Dan Dorsey", "COAUTHORED", None, ["Canals of the east"]),
        ("Ann Archer", "Ben Baker", "COAUTHORED", None, ["Bridges of the north"]),
        ("Ann Archer", "Cleo Clark", "SHARED_COAUTHOR", "Ben Baker", ["Bridges of the north", "Tunnels of the south"]),
        ("Ann Archer", "Cleo Clark", "SHARED_COAUTHOR", "Dan Dorsey", ["Canals of the east", "Locks of the west"]),
        ("Ann Archer", "author:ann-archer", "SAME_PERSON", None, []),
    ]


async def test_a_window_out_of_bounds_is_refused(small):
    with pytest.raises(BadInputError, match="withinYears must be between 0 and 100"):
        await check_conflicts(small, ["Ann Archer"], ["Ben Baker"], within_years=-1)


async def test_work_that_would_grow_without_bound_is_refused(small, monkeypatch):
    with pytest.raises(BadInputError) as too_many_pairs:
        await check_conflicts(small, ["Ann Archer"] * 1_001, ["Ben Baker"] * 1_000)
    assert too_many_pairs.value.argument == "reviewers"
    assert "1,001 authors times 1,000 reviewers is 1,001,000 pairs; the limit is 1,000,000" in str(too_many_pairs.value)
    monkeypatch.setattr(conflicts, "MAX_VIAS", 1)  # Dan wrote with Ann, Cleo and Eve in 2024
    with pytest.raises(BadInputError) as too_many_vias:
        await check_conflicts(small, ["Dan Dorsey"], ["Fay Fischer"], through_coauthors=True, as_of_year=2026)
    assert too_many_vias.value.argument == "throughCoauthors"
    assert str(too_many_vias.value).startswith("throughCoauthors reaches 3 people the authors wrote with")
    monkeypatch.undo()
    monkeypatch.setattr(conflicts, "MAX_CHAINS", 1)  # Ann - Ben - Cleo and Ann - Dan - Cleo in six years
    with pytest.raises(BadInputError) as too_many_chains:
        await check_conflicts(small, ["Ann Archer"], REVIEWERS, within_years=6, through_coauthors=True, as_of_year=2026)
    assert too_many_chains.value.argument == "throughCoauthors"
    assert str(too_many_chains.value).startswith("throughCoauthors finds ")


@pytest.fixture
async def affiliated(store):
    await store.upsert(load_jsonl(DATA / "affiliations.jsonl"))
    return store


async def test_the_institutions_papers_list_for_their_authors(affiliated):
    listed = await affiliated.listed_affiliations(["author:hal-hughes", "author:ann-archer", "author:kim-kline"], None)
    assert [(row.author_id, row.institution, row.paper.title) for row in listed] == [
        ("author:ann-archer", "Universität Wien", "Alpine bridges"),
        ("author:hal-hughes", "UNIVERSITÄT WIEN", "Danube locks"),
    ]
    assert await affiliated.listed_affiliations(["author:ivy-irwin"], 2021) == []  # 2015: before the window
    await affiliated.upsert(load_jsonl(DATA / "affiliations.jsonl"))  # loading again changes nothing
    assert await affiliated.listed_affiliations(
        ["author:hal-hughes", "author:ann-archer", "author:kim-kline"], None
    ) == (listed)


async def test_a_shared_affiliation_in_the_window_is_a_conflict(affiliated):
    report = await check_conflicts(
        affiliated,
        ["Ann Archer", "Jon Jensen"],
        ["Hal Hughes", "Ivy Irwin", "Gus Grant", "Kim Kline"],
        as_of_year=2024,
    )
    found = [
        (c.author.name, c.reviewer.name, c.kind, c.institution, [p.title for p in c.papers]) for c in report.conflicts
    ]
    assert found == [
        ("Ann Archer", "Hal Hughes", "SHARED_AFFILIATION", "Universität Wien", ["Alpine bridges", "Danube locks"]),
        ("Ann Archer", "Gus Grant", "COAUTHORED", None, ["Alpine bridges"]),
        ("Jon Jensen", "Gus Grant", "SHARED_AFFILIATION", "University of Oslo", ["Fjords", "Alpine bridges"]),
        ("Jon Jensen", "Kim Kline", "COAUTHORED", None, ["Fjords"]),
    ]
    assert conflicts.described(report.conflicts[0]) == (
        "papers of both list Universität Wien in the window: Alpine bridges (2023); Danube locks (2024)"
    )
    longer = await check_conflicts(affiliated, ["Ann Archer"], ["Ivy Irwin"], within_years=10, as_of_year=2024)
    assert [(c.reviewer.name, c.kind) for c in longer.conflicts] == [("Ivy Irwin", "SHARED_AFFILIATION")]
