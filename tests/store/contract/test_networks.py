"""Networks and research groups on the hand-made graph, the same on every store.

2020: Ann-Ben (Journal of Bridges), Ben-Cleo (Journal of Bridges)
2024: Ann-Dan (Canal Letters), Dan-Cleo, Dan-Eve
2021: Fay alone                    2022: José-Fay
The 2024 papers are about the keyword topic "water transport".
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from coauthor_graph.domain.errors import BadInputError
from coauthor_graph.domain.records import PaperRecord, TopicRef
from coauthor_graph.loaders.jsonl import load as load_jsonl
from coauthor_graph.services.groups import find_groups, groups_over_time
from coauthor_graph.services.networks import NetworkOptions, NetworkScope, draw_network
from coauthor_graph.services.trends import topic_trends
from tests.conftest import DATA

ANN, BEN, CLEO, DAN, EVE = (f"author:{n}" for n in ("ann-archer", "ben-baker", "cleo-clark", "dan-dorsey", "eve-evans"))
FAY, JOSE = "author:fay-fischer", "author:jose-muller"


@pytest.fixture
async def small(store):
    water = (TopicRef(name="Water transport", scheme="keyword"),)
    records = [
        replace(r, topics=water) if isinstance(r, PaperRecord) and r.year == 2024 else r
        for r in load_jsonl(DATA / "small-graph.jsonl")
    ]
    await store.upsert(records)
    return store


def shape(papers):
    return [(p.year, p.authors, p.venue is not None, len(p.topics)) for p in papers]


async def test_paper_links_choose_by_authors_topic_and_years(small):
    every = await small.paper_links()
    assert len(every) == 7 and [p.paper_id for p in every] == sorted(p.paper_id for p in every)
    of_dan = await small.paper_links([DAN])
    assert sorted(shape(of_dan)) == [
        (2024, (ANN, DAN), True, 1),
        (2024, (CLEO, DAN), False, 1),
        (2024, (DAN, EVE), False, 1),
    ]
    assert shape(await small.paper_links([ANN, CLEO], first_year=2021)) == shape(
        [p for p in of_dan if set(p.authors) & {ANN, CLEO}]
    )
    assert sorted(p.year for p in await small.paper_links(last_year=2021)) == [2020, 2020, 2021]
    assert sorted(p.year for p in await small.paper_links(first_year=2021, last_year=2022)) == [2021, 2022]


async def test_a_topic_chooses_the_papers_about_it(small):
    water = (await small.find_topic("water transport"))[0]
    about = await small.paper_links(topic_id=water.id)
    assert about and all(p.topics == (water.id,) for p in about)
    assert sorted(p.authors for p in about) == [(ANN, DAN), (CLEO, DAN), (DAN, EVE)]
    assert [p.authors for p in await small.paper_links([ANN], topic_id=water.id)] == [(ANN, DAN)]


async def test_ego_network_and_groups_are_the_same_in_every_store(small):
    network = await draw_network(small, NetworkScope(authors=(ANN,), radius=1), NetworkOptions())
    assert [(n.id, n.label, n.papers) for n in network.nodes] == [
        (ANN, "Ann Archer", 2),
        (BEN, "Ben Baker", 2),  # every paper of theirs counts, not only those with Ann
        (DAN, "Dan Dorsey", 3),
    ]
    assert [(link.source, link.target, link.strength, link.first_year) for link in network.links] == [
        (ANN, BEN, 1.0, 2020),
        (ANN, DAN, 1.0, 2024),
    ]
    groups = await find_groups(small, NetworkScope())
    # Leiden cuts the chain Ben-Ann/Cleo-Dan-Eve at Dan: one group of five would score 0 modularity
    assert [g.members for g in groups] == [(ANN, BEN, CLEO), (DAN, EVE), (FAY, JOSE)]
    assert [(g.number, g.papers) for g in groups] == [(1, 4), (2, 3), (3, 2)]
    assert [t.name for t in groups[1].topics] == ["Water transport"]


async def test_groups_over_time_follow_the_people(small):
    windows = await groups_over_time(small, NetworkScope(first_year=2020, last_year=2025), window_years=3)
    assert [(w.first_year, w.last_year) for w in windows] == [(2020, 2022), (2023, 2025)]
    first, second = windows
    bridges = next(g for g in first.groups if BEN in g.members)
    canals = next(g for g in second.groups if DAN in g.members)
    assert (bridges.number, 2) in canals.previous  # Ann and Cleo carried on from the 2020 group


async def test_topic_trends_count_papers_and_people_per_year(small):
    (water,) = await topic_trends(small)
    assert (water.topic.name, water.papers) == ("Water transport", 3)
    assert [(y.year, y.papers, y.authors) for y in water.years][-1] == (2024, 3, 4)
    assert [y.papers for y in water.years] == [0, 0, 0, 0, 3]
    (burst,) = water.bursts  # 2024 is all water transport, the years before none
    assert (burst.first_year, burst.last_year) == (2024, 2024)
    assert await topic_trends(small, [FAY]) == []


async def test_a_request_may_draw_from_so_many_papers_only(small):
    every = await small.paper_links()
    assert await small.paper_links(limit=3) == every[:3]
    assert [p.paper_id for p in await small.paper_links([DAN], limit=2)] == [
        p.paper_id for p in every if DAN in p.authors
    ][:2]
    assert len((await draw_network(small, NetworkScope(), NetworkOptions(), max_papers=7)).papers) == 7
    with pytest.raises(BadInputError, match="scope holds more than 6 papers"):
        await draw_network(small, NetworkScope(), NetworkOptions(), max_papers=6)
    with pytest.raises(BadInputError, match="scope holds more than 2 papers"):
        await draw_network(small, NetworkScope(authors=(ANN,)), NetworkOptions(), max_papers=2)
    with pytest.raises(BadInputError, match="scope holds more than 2 papers"):
        await topic_trends(small, max_papers=2)


async def test_a_limited_ego_network_keeps_the_strongest_ties_ring_by_ring(small):
    # Dan wrote with Ann, Cleo and Eve once each: with room for two besides him, Ann and Cleo stay (by id)
    network = await draw_network(small, NetworkScope(authors=(DAN,), radius=2), NetworkOptions(limit=3))
    assert [n.id for n in network.nodes] == [ANN, CLEO, DAN]
    assert [(link.source, link.target) for link in network.links] == [(ANN, DAN), (CLEO, DAN)]
