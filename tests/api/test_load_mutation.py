"""loadPapers over HTTP: only with the key, all or nothing, idempotent; and cursors that
stay valid while it adds data."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import API_KEY, load_seed, start_server, stop

LOAD = """mutation Load($content: String!, $format: SourceFormat) {
  loadPapers(content: $content, format: $format) {
    records relationshipsCreated created { authors papers } merged { authors papers }
  }
}"""
BEARER = {"authorization": f"Bearer {API_KEY}"}


def jsonl(*papers: dict) -> str:
    return "\n".join(json.dumps(p) for p in papers) + "\n"


NEW_PAPERS = jsonl(
    {"title": "Graph Retrieval for Agents", "date": "2026-11-20", "authors": ["Chengkai Huang", "Ada Newcomer"]},
    {"title": "Recommendation at the Edge", "date": "2026-11-21", "authors": ["Chengkai Huang", "Ada Newcomer"]},
    {"title": "An Early Note on Ranking", "year": 2019, "authors": ["Chengkai Huang", "Bo Oldtimer"]},
)


def stats(server) -> dict:
    return server.data("{ stats { authors papers authored coauthored } }")["stats"]


def error_code(answer: dict) -> str:
    (error,) = answer["errors"]
    return error["extensions"]["code"]


def test_without_the_key_nothing_is_written(seeded_server):
    before = stats(seeded_server)
    variables = {"content": NEW_PAPERS, "format": "JSONL"}
    assert error_code(seeded_server.graphql(LOAD, variables)) == "UNAUTHORIZED"
    wrong = seeded_server.graphql(LOAD, variables, authorization="Bearer not-the-key")
    assert error_code(wrong) == "UNAUTHORIZED" and wrong["data"] is None
    assert stats(seeded_server) == before


def test_a_server_without_a_key_has_the_mutation_disabled(tmp_path):
    store = tmp_path / "nokey.sqlite"
    load_seed(store)
    server = start_server(store, api_key=None)
    try:
        answer = server.graphql(LOAD, {"content": NEW_PAPERS}, **BEARER)
        assert error_code(answer) == "UNAUTHORIZED" and "disabled" in answer["errors"][0]["message"]
        assert stats(server)["papers"] == 22
    finally:
        stop(server)


def test_a_bad_line_fails_the_whole_load(seeded_server):
    before = stats(seeded_server)
    content = jsonl({"title": "Fine", "year": 2020, "authors": ["Ann Fine"]}) + '{"title": "cut off",\n'
    answer = seeded_server.graphql(LOAD, {"content": content, "format": "JSONL"}, **BEARER)
    (error,) = answer["errors"]
    assert error["extensions"] == {"code": "BAD_ARGUMENT", "argument": "content"}
    assert "line 2" in error["message"] and "/tmp" not in error["message"]
    assert stats(seeded_server) == before


def test_cursors_survive_a_load_and_loading_twice_changes_nothing(seeded_server):
    page = """query Page($after: String, $first: Int!) { author(id: "author:chengkai-huang") {
        papers(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { title } } }
    } }"""
    first = seeded_server.data(page, {"first": 5})["author"]["papers"]
    before_rest = seeded_server.data(page, {"first": 100, "after": first["pageInfo"]["endCursor"]})["author"]
    before_titles = [e["node"]["title"] for e in before_rest["papers"]["edges"]]

    report = seeded_server.graphql(LOAD, {"content": NEW_PAPERS, "format": "JSONL"}, **BEARER)["data"]["loadPapers"]
    assert report["records"] == 3 and report["created"] == {"authors": 2, "papers": 3}
    again = seeded_server.graphql(LOAD, {"content": NEW_PAPERS}, **BEARER)["data"]["loadPapers"]  # format detected
    assert again["created"] == {"authors": 0, "papers": 0} and again["relationshipsCreated"] == 0
    assert again["merged"] == {"authors": 3, "papers": 3}

    # The two newer papers sort before the cursor; the page after it is what it was, plus the 2019 one.
    after = seeded_server.data(page, {"first": 100, "after": first["pageInfo"]["endCursor"]})["author"]["papers"]
    assert after["totalCount"] == 25
    titles = [e["node"]["title"] for e in after["edges"]]
    assert [t for t in titles if t != "An Early Note on Ranking"] == before_titles
    assert "An Early Note on Ranking" in titles
    fresh = seeded_server.data(page, {"first": 2})["author"]["papers"]
    assert [e["node"]["title"] for e in fresh["edges"]] == ["Recommendation at the Edge", "Graph Retrieval for Agents"]


@pytest.mark.parametrize("first", [2, 7])
def test_paging_through_coauthors_visits_each_once(seeded_server, first):
    query = """query Page($after: String, $first: Int!) { author(id: "author:chengkai-huang") {
        coauthors(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
    } }"""
    seen, after = [], None
    while True:
        page = seeded_server.data(query, {"first": first, "after": after})["author"]["coauthors"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    everyone = seeded_server.data(query, {"first": 100})["author"]["coauthors"]
    assert seen == [e["node"]["id"] for e in everyone["edges"]]
    assert len(seen) == everyone["totalCount"] == len(set(seen))


@pytest.mark.slow
def test_a_load_cut_off_by_the_time_limit_writes_nothing(tmp_path):
    store = tmp_path / "limited.sqlite"
    load_seed(store)
    limited, observer = start_server(store, API_KEY, "--time-limit", "0.000001"), start_server(store)
    papers = ({"title": f"Paper {i}", "year": 2020, "authors": [f"Author {i}", "Chengkai Huang"]} for i in range(2000))
    try:
        before = stats(observer)
        answer = limited.graphql(LOAD, {"content": jsonl(*papers), "format": "JSONL"}, **BEARER)
        assert error_code(answer) == "TIME_LIMIT_EXCEEDED"
        assert stats(observer) == before  # rolled back, not committed behind the client's back
    finally:
        stop(limited)
        stop(observer)
