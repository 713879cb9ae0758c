"""Who is who on real files, scored against labels made by hand: what a user loading a research
group's publication list gets, in both stores (`evaluation.labelled_files`)."""

from __future__ import annotations

import datetime as dt

import pytest

from coauthor_graph.evaluation import labelled_files
from coauthor_graph.loaders.registry import LoadOptions
from tests.conftest import ROOT
from tests.fixture_files import fixture, needs

LABELS = labelled_files.read_labels(ROOT / "tests" / "labelled" / "bibtex-persons.tsv")
OPTIONS = LoadOptions(as_of=dt.date(2026, 11, 29))


@pytest.mark.parametrize("name", [pytest.param(name, marks=needs(f"bibtex/{name}")) for name in sorted(LABELS)])
async def test_the_store_tells_people_apart_better_than_either_baseline(store, name):
    found = await labelled_files.loaded_mentions(store, fixture(f"bibtex/{name}"), LABELS[name], OPTIONS)
    served = labelled_files.scores(labelled_files.by_store(found), found).b_cubed
    assert served.precision == 1.0  # no two people of these lists share a node
    assert served.f1 >= 0.99
    for baseline in (labelled_files.by_exact_name, labelled_files.by_block):
        assert served.f1 >= labelled_files.scores(baseline(found), found).b_cubed.f1
