"""Store semantics on a hand-made graph small enough to score by hand.

2020: Ann-Ben, Ben-Cleo        2024: Ann-Dan, Dan-Cleo, Dan-Eve
2021: Fay alone                2022: José-Fay (Fay now with an ORCID)
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict

import pytest

from coauthor_graph.loaders.jsonl import load as load_jsonl
from coauthor_graph.loaders.registry import FORMATS
from coauthor_graph.recommend.features import FEATURES, GROUPS
from coauthor_graph.recommend.model import SHIPPED_INTERCEPT, SHIPPED_WEIGHTS
from coauthor_graph.services.recommendations import recommend_collaborators
from tests.conftest import DATA


@pytest.fixture
async def small(store):
    await store.upsert(load_jsonl(DATA / "small-graph.jsonl"))
    return store


async def by_name(store, name):
    (found,) = await store.find_author(name)
    return found


def parts_of(**features: float) -> dict[str, float]:
    """Each group's part of the served score, from features worked out by hand (absent ones are 0)."""
    weight = dict(zip((name for _, name in FEATURES), SHIPPED_WEIGHTS, strict=True))
    assert set(features) <= set(weight)
    return {group: sum(weight[n] * features.get(n, 0.0) for g, n in FEATURES if g == group) for group in GROUPS}


def assert_parts(recommendation, **features: float) -> None:
    expected = parts_of(**features)
    assert asdict(recommendation.parts) == pytest.approx(expected, abs=1e-8)
    assert recommendation.score == pytest.approx(SHIPPED_INTERCEPT + sum(expected.values()), abs=1e-8)


async def test_recommendation_features_by_hand(small):
    ann = await by_name(small, "Ann Archer")
    result = {r.author.name: r for r in await recommend_collaborators(small, ann.id)}
    # The pool: two hops away (Cleo via Ben and Dan, Eve via Dan); three hops reaches only Ann's own
    # co-authors; Ann's title words (bridges, north, canals, east) match only them too, her co-authors'
    # words (theirs plus tunnels, south, locks, west, weirs, dams) also match Cleo and Eve. Fay: nothing.
    assert list(result) == ["Cleo Clark", "Eve Evans"]
    # Seven papers, no word in more than 50 of them: every word counts, each at idf ln(7 / 2) (one
    # paper each) with weight 1 (one co-author uses it) and tf 1 (BM25 share: 1 * 2.2 / 2.2).
    # Cleo shares 4 of the co-authors' words, Eve 2; Ben has degree 2, Dan 3; every path and both
    # candidates' last papers are from 2024, the newest year. Venues: Ann (Bridges 1, Canals 1) and
    # Cleo (Bridges 1): cosine 1 / sqrt(2); Eve has none.
    cleo, eve = result["Cleo Clark"], result["Eve Evans"]
    assert_parts(
        cleo,
        **structure(common=2, allocation=1 / 2 + 1 / 3, adamic=1 / math.log(2) + 1 / math.log(3)),
        path_freshness=1.0,
        candidate_activity=1.0,
        group_title_match=4 * math.log(7 / 2),
        venue_similarity=1 / math.sqrt(2),
        log_papers=math.log1p(2),
        log_coauthors=math.log1p(2),
    )
    assert [a.name for a in cleo.shared_coauthors] == ["Ben Baker", "Dan Dorsey"]
    assert_parts(
        eve,
        **structure(common=1, allocation=1 / 3, adamic=1 / math.log(3)),
        path_freshness=1.0,
        candidate_activity=1.0,
        group_title_match=2 * math.log(7 / 2),
        log_papers=math.log1p(1),
        log_coauthors=math.log1p(1),
    )
    assert [v.name for v in cleo.shared_venues] == ["Journal of Bridges"]
    assert eve.shared_venues == ()


def structure(common: float, allocation: float, adamic: float, walks_3: float = 0.0) -> dict[str, float]:
    return {
        "common_neighbours": common,
        "resource_allocation": allocation,
        "adamic_adar": adamic,
        "walks_3": walks_3,
        "log_common_neighbours": math.log1p(common),
        "log_resource_allocation": math.log1p(allocation),
        "log_adamic_adar": math.log1p(adamic),
        "log_walks_3": math.log1p(walks_3),
    }


async def test_recency_decays_with_the_older_tie(small):
    ben = await by_name(small, "Ben Baker")
    (dan,) = [r for r in await recommend_collaborators(small, ben.id) if r.author.name == "Dan Dorsey"]
    # Ben-Ann and Ben-Cleo are from 2020, Ann-Dan and Cleo-Dan from 2024: both paths are as old as
    # their older tie, 4 years before 2024. Ben's co-authors' words shared with Dan: canals, east,
    # locks, west. Ben publishes only in the Journal of Bridges, Dan only in Canal Letters.
    assert_parts(
        dan,
        **structure(common=2, allocation=1 / 2 + 1 / 2, adamic=2 / math.log(2)),
        path_freshness=0.5 ** (4 / 3),
        candidate_activity=1.0,
        group_title_match=4 * math.log(7 / 2),
        log_papers=math.log1p(3),
        log_coauthors=math.log1p(3),
    )


async def test_walks_of_length_three_reach_further(small):
    eve = await by_name(small, "Eve Evans")
    result = {r.author.name: r for r in await recommend_collaborators(small, eve.id)}
    assert set(result) == {"Ann Archer", "Cleo Clark", "Ben Baker"}
    # Ben is three hops from Eve, by two walks: Eve-Dan-Ann-Ben and Eve-Dan-Cleo-Ben. No shared
    # co-author, so no introduction path; his last paper is from 2020, 4 years before the newest
    # (half-life 2 years); no word or venue in common with Eve or Dan.
    ben = result["Ben Baker"]
    assert ben.shared_coauthors == ()
    assert_parts(
        ben,
        **structure(common=0, allocation=0, adamic=0, walks_3=2),
        candidate_activity=0.25,
        log_papers=math.log1p(2),
        log_coauthors=math.log1p(2),
    )


async def test_limit_keeps_the_best(small):
    ann = await by_name(small, "Ann Archer")
    assert [r.author.name for r in await recommend_collaborators(small, ann.id, limit=1)] == ["Cleo Clark"]


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


async def test_walks_of_length_three_skip_hubs(store, tmp_path):
    # Uma - Hub - Xia - Cal is three hops, but through Hub, who has 59 co-authors (WALK_DEGREE is 50);
    # no title word or venue links Cal to Uma either, so Cal is not a candidate.
    rows = [
        {"title": "Bridges survey", "year": 2020, "authors": ["Hub Hart", "Uma Udall", *_crowd("A", 28)]},
        {"title": "Tunnel atlas", "year": 2020, "authors": ["Hub Hart", "Xia Xu", *_crowd("B", 29)]},
        {"title": "Ferry notes", "year": 2020, "authors": ["Xia Xu", "Cal Cho"]},
    ]
    await store.upsert(load_jsonl(_jsonl(tmp_path / "hub.jsonl", rows)))
    uma = await by_name(store, "Uma Udall")
    assert "Cal Cho" not in {r.author.name for r in await recommend_collaborators(store, uma.id, limit=100)}
    # Uma - Lee - Mia - Cal: a walk through people with few co-authors counts.
    rows = [
        {"title": "River guide", "year": 2020, "authors": ["Uma Udall", "Lee Lo"]},
        {"title": "Canal maps", "year": 2020, "authors": ["Lee Lo", "Mia Moss"]},
        {"title": "Lock gates", "year": 2020, "authors": ["Mia Moss", "Cal Cho"]},
    ]
    await store.upsert(load_jsonl(_jsonl(tmp_path / "detour.jsonl", rows)))
    (cal,) = [r for r in await recommend_collaborators(store, uma.id, limit=100) if r.author.name == "Cal Cho"]
    assert cal.shared_coauthors == () and cal.parts.structure != 0


def _crowd(group: str, size: int) -> list[str]:
    return [f"Member {group}{n:02d}" for n in range(size)]


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


async def test_shared_topics_list_the_rarer_topic_first_after_loads_that_merge(store, tmp_path):
    # Topics are ranked by how many authors have them, counts each store keeps through every load.
    # After both loads: bridges has Ann, Ben, Cleo and Fay (4); tunnels has Ben and Cleo (the 2019
    # paper) and Ann, who gains it when the second load adds tunnels to her stored paper (3). That
    # load also gives Ben tunnels again through that paper: counting him twice would tie the topics
    # at 4, and ties go to the smaller id, bridges.
    first = [
        {"title": "Paper one", "year": 2020, "doi": "10.1000/one", "authors": ["Ann Archer", "Ben Baker"]},
        {"title": "Paper two", "year": 2019, "doi": "10.1000/two", "authors": ["Ben Baker", "Cleo Clark"]},
        {"title": "Paper four", "year": 2020, "doi": "10.1000/four", "authors": ["Fay Fox"]},
    ]
    topics = {"one": ["bridges"], "two": ["bridges", "tunnels"], "four": ["bridges"]}
    for row in first:
        row["topics"] = topics[row["doi"].rsplit("/", 1)[1]]
    await store.upsert(load_jsonl(_jsonl(tmp_path / "first.jsonl", first)))
    again = {**first[0], "topics": ["bridges", "tunnels"]}
    await store.upsert(load_jsonl(_jsonl(tmp_path / "again.jsonl", [again])))
    ann = await by_name(store, "Ann Archer")
    (cleo,) = [r for r in await recommend_collaborators(store, ann.id) if r.author.name == "Cleo Clark"]
    assert [topic.name for topic in cleo.shared_topics] == ["tunnels", "bridges"]
