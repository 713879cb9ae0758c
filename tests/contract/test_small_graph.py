"""Store semantics on a hand-made graph small enough to score by hand.

2020: Ann-Ben, Ben-Cleo        2024: Ann-Dan, Dan-Cleo, Dan-Eve
2021: Fay alone                2022: José-Fay (Fay now with an ORCID)
"""

from __future__ import annotations

import math

import pytest

from coauthor_graph.loaders.jsonl import load as load_jsonl
from coauthor_graph.loaders.registry import FORMATS

from ..conftest import DATA


@pytest.fixture
async def small(store):
    await store.upsert(load_jsonl(DATA / "small-graph.jsonl"))
    return store


async def by_name(store, name):
    (found,) = await store.find_author(name)
    return found


async def test_recommendation_scores_by_hand(small):
    ann = await by_name(small, "Ann Archer")
    result = {r.author.name: r for r in await small.recommend_collaborators(ann.id)}
    assert list(result) == ["Cleo Clark", "Eve Evans"]
    # Cleo: shared co-authors Ben (degree 2) and Dan (degree 3); freshest path via Dan (2024, 2024).
    cleo = result["Cleo Clark"]
    assert cleo.parts.adamic_adar == pytest.approx(1 / math.log(2) + 1 / math.log(3))
    assert cleo.parts.recency == pytest.approx(1.0)
    assert cleo.parts.topic_overlap == 0.0
    assert cleo.score == pytest.approx(1 / math.log(2) + 1 / math.log(3) + 0.5)
    assert [a.name for a in cleo.shared_coauthors] == ["Ben Baker", "Dan Dorsey"]
    eve = result["Eve Evans"]
    assert eve.parts.adamic_adar == pytest.approx(1 / math.log(3))
    assert eve.score == pytest.approx(1 / math.log(3) + 0.5)
    # Venues explain, they do not score: Ann and Cleo both have a Journal of Bridges paper; Eve has no venue.
    assert [v.name for v in cleo.shared_venues] == ["Journal of Bridges"]
    assert eve.shared_venues == ()


async def test_recency_decays_with_the_older_tie(small):
    ben = await by_name(small, "Ben Baker")
    (dan,) = [r for r in await small.recommend_collaborators(ben.id) if r.author.name == "Dan Dorsey"]
    # Ben-Ann 2020 and Ann-Dan 2024: the path is as old as its older tie, 4 years before 2024.
    assert dan.parts.recency == pytest.approx(0.5 ** (4 / 3))


async def test_limit_keeps_the_best(small):
    ann = await by_name(small, "Ann Archer")
    assert [r.author.name for r in await small.recommend_collaborators(ann.id, limit=1)] == ["Cleo Clark"]


async def test_paths_and_their_absence(small):
    ann, eve, fay = [await by_name(small, n) for n in ("Ann Archer", "Eve Evans", "Fay Fischer")]
    path = await small.collaboration_path(ann.id, eve.id)
    assert [a.name for a in path.authors] == ["Ann Archer", "Dan Dorsey", "Eve Evans"]
    assert await small.collaboration_path(ann.id, fay.id) is None


async def test_tie_break_takes_the_smallest_ids(small):
    ann, cleo = await by_name(small, "Ann Archer"), await by_name(small, "Cleo Clark")
    path = await small.collaboration_path(ann.id, cleo.id)
    # Two 2-hop paths, via Ben and via Dan: 'author:ben-baker' < 'author:dan-dorsey'.
    assert [a.id for a in path.authors] == ["author:ann-archer", "author:ben-baker", "author:cleo-clark"]


async def test_name_only_author_joins_the_same_name_with_an_orcid(small):
    fay = await by_name(small, "Fay Fischer")
    assert fay.id == "author:fay-fischer"
    assert fay.orcid == "0000-0002-1825-0097"
    assert len(await small.papers_of_author(fay.id)) == 2


async def test_different_orcids_are_never_merged(small, tmp_path):
    other = tmp_path / "other-fay.jsonl"
    other.write_text(
        '{"title": "Sails", "year": 2023, "authors": [{"name": "Fay Fischer", "orcid": "0000-0001-5109-3700"}]}\n',
        encoding="utf-8",
    )
    await small.upsert(FORMATS["jsonl"].load(other, None))
    fays = await small.find_author("fay fischer")
    assert sorted(f.orcid for f in fays) == ["0000-0001-5109-3700", "0000-0002-1825-0097"]


async def test_accents_fold_in_search_but_stay_in_names(small):
    hits = await small.search_authors("jose muller")
    assert [hit.node.name for hit in hits] == ["José Müller"]
    assert [a.name for a in await small.find_author("JOSE MULLER")] == ["José Müller"]


async def test_same_paper_from_a_second_source_merges_and_fills_fields(small, tmp_path):
    update = tmp_path / "update.jsonl"
    update.write_text(
        '{"title": "Bridges of the North", "year": 2020, "doi": "https://doi.org/10.1000/BRIDGES",'
        ' "authors": ["Archer, Ann", "Ben Baker"], "abstract": "Spans."}\n',
        encoding="utf-8",
    )
    before = await small.stats()
    report = await small.upsert(FORMATS["jsonl"].load(update, None))
    assert report.created["Paper"] == 0 and report.updated["Paper"] == 1
    assert await small.stats() == before
    merged = await small.get("paper:title:" + (await small.search_papers("bridges north"))[0].node.id.split(":")[-1])
    assert merged.doi == "10.1000/bridges" and merged.abstract == "Spans."
