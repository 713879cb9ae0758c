"""The disambiguation stage on the real embedded store, with real files: one person, one node."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path

import pytest

from coauthor_graph.graph.embedded.store import EmbeddedStore
from coauthor_graph.identity.disambiguation import Signature, cluster
from coauthor_graph.loaders.registry import LoadOptions, records_from

from ..conftest import ROOT

GROUP = ROOT.parent / "shared" / "fixtures" / "bibtex" / "4C-multiphysics_papers.bib"
OPTIONS = LoadOptions(as_of=dt.date(2026, 11, 28))
needs_fixtures = pytest.mark.skipif(not GROUP.exists(), reason="shared/fixtures is not beside the checkout")

BRANCO_FULL = "@article{a, author = {Branco, Dario and Venticinque, Salvatore}, title = {Edge offloading}, year = {2019}}\n"
BRANCO_SHORT = "@article{b, author = {Branco, Dario and Venticinque, S.}, title = {Fog brokers}, year = {2020}}\n"


async def _load(store_path: Path, *files: Path):
    store = EmbeddedStore(str(store_path))
    report = None
    for path in files:
        report = await store.upsert(records_from(path, OPTIONS))
    return store, report


def _names(store_path: Path, like: str) -> list[str]:
    with sqlite3.connect(store_path) as db:
        return sorted(name for (name,) in db.execute("SELECT name FROM author WHERE norm_name LIKE ?", (like,)))


@needs_fixtures
async def test_the_group_list_gives_one_wolfgang_a_wall_and_reloading_changes_nothing(tmp_path):
    store, report = await _load(tmp_path / "g.sqlite", GROUP)
    assert report.identities_merged > 0
    # 'Wolfgang A. Wall', 'W.A. Wall', 'WA Wall', 'Wolfgang Wall', 'Wolfang A. Wall', 'Wall W.A.' are one;
    # 'A.W. Wall' (initials swapped, 3 papers) is in another block and stays apart.
    assert _names(tmp_path / "g.sqlite", "% wall") == ["A.W. Wall", "Wolfgang A. Wall"]
    assert _names(tmp_path / "g.sqlite", "% popp") == ["Alexander Popp"]
    assert _names(tmp_path / "g.sqlite", "% gee") == ["Michael W. Gee"]
    (wall,) = await store.find_author("W.A. Wall")  # a merged spelling still finds him
    assert wall.name == "Wolfgang A. Wall" and {"W.A. Wall", "WA Wall"} <= set(wall.aliases)
    coauthor_names = [c.coauthor.name for c in await store.coauthors(wall.id)]
    assert "A Popp" not in coauthor_names and "MW Gee" not in coauthor_names
    again = await store.upsert(records_from(GROUP, OPTIONS))
    assert not again.changed
    recommended = await store.recommend_collaborators(wall.id, limit=20)
    known = {c.coauthor.id for c in await store.coauthors(wall.id)}
    assert all(r.author.id not in known | {wall.id} and not r.author.name.endswith(" Wall") for r in recommended)
    await store.close()


@pytest.mark.parametrize("order", ["full first", "initial first"])
async def test_the_outcome_does_not_depend_on_record_order(tmp_path, order):
    entries = [BRANCO_FULL, BRANCO_SHORT] if order == "full first" else [BRANCO_SHORT, BRANCO_FULL]
    path = tmp_path / "two.bib"
    path.write_text("".join(entries), encoding="utf-8")
    store, _ = await _load(tmp_path / "s.sqlite", path)
    assert _names(tmp_path / "s.sqlite", "% venticinque") == ["Salvatore Venticinque"]
    await store.close()


async def test_files_loaded_one_by_one_in_either_order_give_the_same_people(tmp_path):
    first, second = tmp_path / "a.bib", tmp_path / "b.bib"
    first.write_text(BRANCO_SHORT, encoding="utf-8")
    second.write_text(BRANCO_FULL, encoding="utf-8")
    one, _ = await _load(tmp_path / "one.sqlite", first, second)
    other, _ = await _load(tmp_path / "other.sqlite", second, first)
    assert _names(tmp_path / "one.sqlite", "%") == _names(tmp_path / "other.sqlite", "%")
    assert _names(tmp_path / "one.sqlite", "% venticinque") == ["Salvatore Venticinque"]
    (person,) = await one.find_author("S. Venticinque")  # the absorbed node's id still leads to him
    assert person.name == "Salvatore Venticinque"
    await one.close()
    await other.close()


def test_clusters_are_a_function_of_the_set_of_signatures():
    signatures = [
        Signature(f"p{i}#1", name, f"p{i}", coauthors=frozenset(co), ids=ids)
        for i, (name, co, ids) in enumerate(
            [
                ("Wolfgang A. Wall", {"popp a"}, ()),
                ("W.A. Wall", {"popp a", "gee m"}, ()),
                ("WA Wall", {"gee m"}, ()),
                ("J. Smith", {"doe j"}, (("orcid", "0000-0001-0000-0001"),)),
                ("John Smith", {"doe j"}, (("orcid", "0000-0002-0000-0002"),)),  # another ORCID: never merged
                ("Jane Smith", {"doe j"}, ()),
            ]
        )
    ]
    expected = cluster(signatures)
    # 'J. Smith' fits 'Jane Smith' and shares her co-author; 'John Smith' has another ORCID than 'J. Smith'
    # and another given name than Jane: he stays alone.
    assert [sorted(c) for c in expected] == [["p0#1", "p1#1", "p2#1"], ["p3#1", "p5#1"], ["p4#1"]]
    rng = random.Random(14)
    for _ in range(20):
        rng.shuffle(signatures)
        assert cluster(signatures) == expected


def test_two_names_on_one_paper_are_two_people_unless_two_records_print_them_at_one_place():
    same_paper = [Signature("a", "Hal Daumé", "p1", position=1), Signature("b", "Hal Daumé", "p1", position=2)]
    assert len(cluster(same_paper)) == 2
    two_records = [Signature("a", "Wolfgang A. Wall", "p1", position=4), Signature("b", "W.A. Wall", "p1", position=4)]
    assert len(cluster(two_records)) == 1
