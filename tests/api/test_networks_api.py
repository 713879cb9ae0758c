"""Networks, groups and export downloads over HTTP, against a live server on the sample."""

from __future__ import annotations

import io
import zipfile

import httpx
import networkx as nx


def get(server, path: str, **params) -> httpx.Response:
    return httpx.get(f"{server.url}{path}", params=params, timeout=30)


def test_the_ego_network_is_laid_out_and_grouped(seeded_server):
    answer = get(seeded_server, "/api/network", author="Chengkai Huang").json()
    assert len(answer["nodes"]) == 33  # he and his 32 co-authors
    huang = next(n for n in answer["nodes"] if n["label"] == "Chengkai Huang")
    assert huang["papers"] == 22 and -1 <= huang["x"] <= 1 and huang["group"] >= 1
    assert sum(1 for link in answer["links"] if huang["id"] in (link["source"], link["target"])) == 32
    numbers = {g["number"] for g in answer["groups"]}
    assert {n["group"] for n in answer["nodes"]} == numbers
    assert sum(len(g["members"]) for g in answer["groups"]) == 33
    assert answer == get(seeded_server, "/api/network", author="author:chengkai-huang").json()  # deterministic


def test_expanding_adds_a_second_centre(seeded_server):
    one = get(seeded_server, "/api/network", author="Yuhang Yao").json()
    both = httpx.get(
        f"{seeded_server.url}/api/network", params=[("author", "Yuhang Yao"), ("author", "Chengkai Huang")]
    ).json()
    assert {n["id"] for n in one["nodes"]} < {n["id"] for n in both["nodes"]}


def test_bad_scopes_say_what_is_wrong(seeded_server):
    missing = get(seeded_server, "/api/network", author="Nobody Atall")
    assert missing.status_code == 404 and "no author named 'Nobody Atall'" in missing.json()["detail"]
    years = get(seeded_server, "/api/network", author="Chengkai Huang", years="recent")
    assert years.status_code == 422 and "years must read like 2018-2022" in years.json()["detail"]
    overflowing = get(seeded_server, "/api/network", author="Chengkai Huang", years="9999999999999999999-")
    assert overflowing.status_code == 422
    assert overflowing.json()["detail"] == "years must be a year from 1000 to 2999, got 9999999999999999999"
    (error,) = seeded_server.graphql('{ groups(years: "-99999999999999999999") { firstYear } }')["errors"]
    assert error["extensions"]["code"] == "BAD_ARGUMENT" and "from 1000 to 2999" in error["message"]
    assert get(seeded_server, "/api/network", radius=4).status_code == 422
    assert get(seeded_server, "/api/exports/pdf").status_code == 422


def test_groups_over_time(seeded_server):
    windows = get(seeded_server, "/api/groups", windowYears=3).json()
    assert [(w["firstYear"], w["lastYear"]) for w in windows] == [(2021, 2023), (2024, 2026)]
    later = windows[1]["groups"]
    assert any(g["previous"] for g in later)  # Chengkai Huang's group carries on
    (whole,) = get(seeded_server, "/api/groups").json()
    assert whole["firstYear"] is None and whole["groups"][0]["topics"]


def test_downloads_open_in_their_tools(seeded_server):
    gexf = get(seeded_server, "/api/exports/gexf", author="Chengkai Huang")
    assert gexf.headers["content-type"].startswith("application/gexf+xml")
    assert 'filename="network.gexf"' in gexf.headers["content-disposition"]
    assert nx.read_gexf(io.BytesIO(gexf.content)).number_of_nodes() == 33
    vos = get(seeded_server, "/api/exports/vosviewer", author="Chengkai Huang", counting="fractional")
    assert vos.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(vos.content)) as archive:
        assert sorted(archive.namelist()) == ["map.txt", "network.json", "network.txt"]


GROUPS = """query($years: String, $window: Int) {
  groups(authors: ["Chengkai Huang"], years: $years, windowYears: $window) {
    firstYear lastYear
    groups { number size papers topics { name } previous { number sharedPeople }
      members(first: 3) { name }
      trends(first: 2) { topic { name } papers years { year papers authors } bursts { firstYear lastYear weight } } }
  }
}"""


def test_groups_and_trends_over_graphql(seeded_server):
    (whole,) = seeded_server.data(GROUPS)["groups"]
    rest = get(seeded_server, "/api/groups", author="Chengkai Huang").json()[0]["groups"]
    assert [(g["number"], g["size"], g["papers"]) for g in whole["groups"]] == [
        (g["number"], len(g["members"]), g["papers"]) for g in rest
    ]
    first = whole["groups"][0]
    assert first["members"][0]["name"] == "Chengkai Huang" and len(first["members"]) == 3
    trend = first["trends"][0]
    assert [y["year"] for y in trend["years"]] == list(range(2021, 2027))
    assert sum(y["papers"] for y in trend["years"]) == trend["papers"]
    windows = seeded_server.data(GROUPS, {"years": "2021-2026", "window": 3})["groups"]
    assert [(w["firstYear"], w["lastYear"]) for w in windows] == [(2021, 2023), (2024, 2026)]
    answer = seeded_server.graphql(GROUPS, {"years": "lately"})
    assert answer["errors"][0]["extensions"] == {"code": "BAD_ARGUMENT", "argument": "years"}


def test_topic_trends_show_bursts(seeded_server):
    trends = seeded_server.data(
        '{ topicTrends(authors: ["Chengkai Huang"], first: 20) { topic { name } papers bursts { firstYear } } }'
    )["topicTrends"]
    assert len(trends) == 20 and trends[0]["papers"] >= trends[-1]["papers"]
    reasoning = next(t for t in trends if t["topic"]["name"] == "reasoning")
    assert reasoning["bursts"] == [{"firstYear": 2026}]  # 6 of its 8 papers are from 2026
