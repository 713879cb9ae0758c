"""Conflict-of-interest checks over GraphQL and REST, against a live server on the sample."""

from __future__ import annotations

import csv
import io

import httpx

from coauthor_graph.services.conflict_tables import CONFLICT_COLUMNS
from coauthor_graph.services.conflicts import MAX_PEOPLE

QUERY = """query($authors: [String!]!, $reviewers: [String!]!, $within: Int!, $through: Boolean!) {
  conflicts(authors: $authors, reviewers: $reviewers, withinYears: $within, throughCoauthors: $through, asOf: 2026) {
    sinceYear unknown ambiguous { name }
    conflicts { kind authorAsGiven reviewerAsGiven author { name } reviewer { name } via { name }
      papers { title year } explanation }
  }
}"""
REVIEWERS = ["Yuhang Yao", "Zhiqiang Liu", "Nobody Atall", "author:chengkai-huang"]
FEDERATED = "Federated Large Language Models: Current Progress and Future Directions"


def test_conflicts_over_graphql(seeded_server):
    variables = {"authors": ["Chengkai Huang"], "reviewers": REVIEWERS, "within": 3, "through": False}
    report = seeded_server.data(QUERY, variables)["conflicts"]
    assert report["sinceYear"] == 2023 and report["unknown"] == ["Nobody Atall"] and report["ambiguous"] == []
    # Zhiqiang Liu's joint paper with Chengkai Huang is from 2021: outside three years.
    assert [(c["kind"], c["reviewerAsGiven"], [p["year"] for p in c["papers"]]) for c in report["conflicts"]] == [
        ("COAUTHORED", "Yuhang Yao", [2024]),
        ("SAME_PERSON", "author:chengkai-huang", []),
    ]
    assert report["conflicts"][0]["explanation"] == f"wrote 1 paper together in the window: {FEDERATED} (2024)"
    variables = {"authors": ["Yuhang Yao"], "reviewers": ["Zhiqiang Liu"], "within": 10, "through": True}
    (shared,) = seeded_server.data(QUERY, variables)["conflicts"]["conflicts"]
    assert shared["kind"] == "SHARED_COAUTHOR" and shared["via"] == {"name": "Chengkai Huang"}
    assert [p["year"] for p in shared["papers"]] == [2024, 2021]


def test_a_window_out_of_bounds_names_the_argument(seeded_server):
    variables = {"authors": ["Chengkai Huang"], "reviewers": REVIEWERS, "within": 1000, "through": False}
    (error,) = seeded_server.graphql(QUERY, variables)["errors"]
    assert error["extensions"] == {"code": "BAD_ARGUMENT", "argument": "withinYears"}
    assert error["message"] == 'Argument "withinYears" must be between 0 and 100, got 1000'


def test_conflicts_over_rest_as_json_and_csv(seeded_server):
    body = {"authors": ["Chengkai Huang"], "reviewers": REVIEWERS, "asOf": 2026}
    answer = httpx.post(f"{seeded_server.url}/api/conflicts", json=body, timeout=30)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["unknown"] == ["Nobody Atall"] and report["sinceYear"] == 2023
    assert [(c["kind"], c["reviewer"]["id"]) for c in report["conflicts"]] == [
        ("COAUTHORED", "author:yuhang-yao"),
        ("SAME_PERSON", "author:chengkai-huang"),
    ]
    answer = httpx.post(f"{seeded_server.url}/api/conflicts", params={"format": "csv"}, json=body, timeout=30)
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert tuple(rows[0]) == CONFLICT_COLUMNS
    assert [(r["kind"], r["reviewer_name"], r["papers"]) for r in rows] == [
        ("COAUTHORED", "Yuhang Yao", f"{FEDERATED} (2024)"),
        ("SAME_PERSON", "Chengkai Huang", ""),
    ]


def test_lists_past_the_limit_are_refused(seeded_server):
    body = {"authors": ["Chengkai Huang"], "reviewers": ["x"] * (MAX_PEOPLE + 1)}
    answer = httpx.post(f"{seeded_server.url}/api/conflicts", json=body, timeout=30)
    assert answer.status_code == 422 and "reviewers" in answer.text


def test_a_year_past_four_digits_is_refused(seeded_server):
    body = {"authors": ["Chengkai Huang"], "reviewers": ["Yuhang Yao"], "asOf": 99999999999}
    answer = httpx.post(f"{seeded_server.url}/api/conflicts", json=body, timeout=30)
    assert answer.status_code == 422 and "asOf must be a year from 1000 to 2999" in answer.text
