"""The REST recommendations endpoint: the GraphQL answer as plain JSON, documented in OpenAPI."""

from __future__ import annotations

import httpx

ZIHAN = "author:zihan-wang"


def test_same_answer_as_graphql(seeded_server):
    rest = httpx.get(f"{seeded_server.url}/api/authors/{ZIHAN}/collaborator-recommendations", params={"limit": 5})
    assert rest.status_code == 200
    body = rest.json()
    assert body["author"] == {"id": ZIHAN, "name": "Zihan Wang"}
    graphql = seeded_server.data(
        """{ recommendCollaborators(author: "author:zihan-wang", first: 5) {
             author { id name } score intercept explanation weights
             scoreParts { structure recency topics venues activity }
             sharedCoauthors { id name } sharedTopics { id name } sharedVenues { id name } } }"""
    )["recommendCollaborators"]
    assert body["recommendations"] == graphql
    by_name = httpx.get(f"{seeded_server.url}/api/authors/Zihan Wang/collaborator-recommendations", params={"limit": 5})
    assert by_name.json() == body  # as the CLI and GraphQL, the exact name does as well as the id


def test_topic_filter_and_errors(seeded_server):
    url = f"{seeded_server.url}/api/authors/{ZIHAN}/collaborator-recommendations"
    filtered = httpx.get(url, params={"topic": "knowledge distillation"}).json()["recommendations"]
    assert filtered
    for r in filtered:  # each one has worked on the topic
        topics = seeded_server.data(
            "query T($id: ID!) { author(id: $id) { topics(first: 100) { edges { node { name } } } } }",
            {"id": r["author"]["id"]},
        )["author"]["topics"]["edges"]
        assert "knowledge distillation" in [t["node"]["name"] for t in topics]
    everyone = httpx.get(url, params={"limit": 100}).json()["recommendations"]
    assert len(filtered) < len(everyone)
    unknown = httpx.get(f"{seeded_server.url}/api/authors/author:nobody/collaborator-recommendations")
    assert unknown.status_code == 404 and unknown.json() == {"detail": "no author with id 'author:nobody'"}
    assert httpx.get(url, params={"topic": "no such topic at all"}).status_code == 404
    too_many = httpx.get(url, params={"limit": 1000})
    assert too_many.status_code == 422 and too_many.json()["detail"][0]["loc"] == ["query", "limit"]


def test_documented_in_openapi(seeded_server):
    spec = httpx.get(f"{seeded_server.url}/openapi.json").json()
    operation = spec["paths"]["/api/authors/{author_id}/collaborator-recommendations"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"author_id", "limit", "topic"}
    assert "404" in operation["responses"]
    assert "/graphql" not in spec["paths"]  # GraphQL documents itself (schema.graphql, GraphiQL)
    assert httpx.get(f"{seeded_server.url}/docs").status_code == 200
