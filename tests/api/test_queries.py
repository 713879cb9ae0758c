"""Every query root against a live server on the seed profile, answers checked against the page."""

from __future__ import annotations

import pytest

from coauthor_graph.recommend.model import SHIPPED_INTERCEPT

HUANG = "author:chengkai-huang"


def test_node_and_typed_lookups(seeded_server):
    data = seeded_server.data(
        """{
          node(id: "author:chengkai-huang") { __typename id ... on Author { name } }
          missing: node(id: "author:nobody") { id }
          author(id: "author:chengkai-huang") { name metrics { name value number } }
          byName: author(name: "chengkai huang") { id }
          noAuthor: author(name: "Nobody Atall") { id }
          notAnAuthor: author(id: "topic:arxiv:cs.IR") { id }
          topic(name: "cs.IR") { id name scheme code broader { name } }
          cs: topic(id: "topic:openalex:fields-17") { narrower(first: 100) { totalCount edges { node { code } } } }
          venue(id: "venue:arxiv") { name kind papers(first: 1) { totalCount } }
          paper(id: "paper:nowhere") { id }
        }"""
    )
    assert data["node"] == {"__typename": "Author", "id": HUANG, "name": "Chengkai Huang"}
    assert data["missing"] is None and data["noAuthor"] is None and data["notAnAuthor"] is None
    metrics = {m["name"]: m for m in data["author"]["metrics"]}
    assert metrics["h_index"]["number"] == 71 and metrics["captured_on"]["value"] == "2026-11-23"
    assert data["byName"]["id"] == HUANG
    assert data["topic"] == {
        "id": "topic:arxiv:cs.IR",
        "name": "Information Retrieval",
        "scheme": "arxiv",
        "code": "cs.IR",
        "broader": [{"name": "Computer Science"}],
    }
    codes = {e["node"]["code"] for e in data["cs"]["narrower"]["edges"]}
    # arXiv's cs.CV and cs.AI are OpenAlex's subfields of those names: one subject, one node.
    assert {"cs.IR", "cs.CL", "cs.LG", "subfields-1707", "subfields-1702"} <= codes
    assert data["venue"] == {"name": "arXiv", "kind": "preprint server", "papers": {"totalCount": 22}}
    assert data["paper"] is None


def test_an_author_and_their_neighbourhood(seeded_server):
    data = seeded_server.data(
        """{ author(id: "author:chengkai-huang") {
              papers(first: 2) { totalCount edges { node { id title year authorsComplete
                  authors(first: 10) { edges { position node { name } } } venue { id } topics { id } } } }
              coauthors(first: 1) { totalCount edges { papers firstYear lastYear node { name }
                  jointPapers(first: 5) { totalCount edges { node { year } } } } }
              topics(first: 3) { edges { papers node { name } } }
              venues { edges { papers node { id } } }
              topicTrajectory { year topics { papers topic { id } } }
        } }"""
    )["author"]
    assert data["papers"]["totalCount"] == 22
    newest = data["papers"]["edges"][0]["node"]
    assert newest["title"].startswith("FERA") and newest["year"] == 2026 and newest["venue"] == {"id": "venue:arxiv"}
    assert "Chengkai Huang" in [e["node"]["name"] for e in newest["authors"]["edges"]]
    assert len(newest["topics"]) >= 3
    assert data["coauthors"]["totalCount"] == 32
    (first,) = data["coauthors"]["edges"]
    assert first["node"]["name"] == "Zihan Wang" and first["papers"] == 3
    assert first["jointPapers"]["totalCount"] == 3 and first["lastYear"] == 2026
    weights = [e["papers"] for e in data["topics"]["edges"]]
    assert weights == sorted(weights, reverse=True) and weights[0] > 1
    assert data["venues"]["edges"] == [{"papers": 22, "node": {"id": "venue:arxiv"}}]
    years = [y["year"] for y in data["topicTrajectory"]]
    assert years == sorted(years) and years[-1] == 2026


def test_search_roots(seeded_server):
    data = seeded_server.data(
        """{
          searchAuthors(text: "chengk") { totalCount edges { score node { id } } }
          searchPapers(text: "federated", first: 2) { totalCount pageInfo { hasNextPage }
              edges { node { title } } }
          searchTopics(text: "distillation") { edges { node { name } } }
        }"""
    )
    assert data["searchAuthors"]["edges"][0]["node"]["id"] == HUANG
    papers = data["searchPapers"]
    assert papers["totalCount"] >= 3 and papers["pageInfo"]["hasNextPage"] is True
    assert all("Federated" in e["node"]["title"] or "federated" in e["node"]["title"] for e in papers["edges"])
    assert "knowledge distillation" in [e["node"]["name"] for e in data["searchTopics"]["edges"]]


def test_collaboration_path_and_its_absence(seeded_server):
    data = seeded_server.data(
        """{
          path: collaborationPath(from: "Yuhang Yao", to: "Zhiqiang Liu") {
              length authors { name } hops { source { name } target { name } paper { title } } }
          tooShort: collaborationPath(from: "Yuhang Yao", to: "Zhiqiang Liu", maxHops: 1) { length }
        }"""
    )
    path = data["path"]
    assert path["length"] == 2
    assert [a["name"] for a in path["authors"]] == ["Yuhang Yao", "Chengkai Huang", "Zhiqiang Liu"]
    assert path["hops"][1]["paper"]["title"] == "Improved Knowledge Distillation via Adversarial Collaboration"
    assert data["tooShort"] is None


def test_topic_path_between_topics_and_from_a_person(seeded_server):
    data = seeded_server.data(
        """{
          topics: topicPath(from: "knowledge distillation", to: "RAG") {
              length relationships nodes { __typename id ... on Topic { name } } }
          person: topicPath(from: "Yuhang Yao", to: "topic:arxiv:cs.IR") { length nodes { id } }
        }"""
    )
    topics = data["topics"]
    assert topics["length"] == 4 and topics["relationships"] == ["ABOUT", "AUTHORED", "AUTHORED", "ABOUT"]
    assert topics["nodes"][0]["name"] == "knowledge distillation"
    assert topics["nodes"][-1]["name"] == "retrieval-augmented generation"
    assert [n["__typename"] for n in topics["nodes"]] == ["Topic", "Paper", "Author", "Paper", "Topic"]
    # Yuhang Yao has no cs.IR paper: through a joint paper to Chengkai Huang, then one of his.
    person = data["person"]
    assert [n["id"] for n in person["nodes"]][::2] == ["author:yuhang-yao", HUANG, "topic:arxiv:cs.IR"]
    assert person["length"] == 4


def test_recommendations_with_explanations(seeded_server):
    data = seeded_server.data(
        """{ recommendCollaborators(author: "Zihan Wang", first: 3) {
              score intercept explanation author { name } sharedCoauthors { name } sharedTopics { name }
              scoreParts { structure recency topics venues activity } } }"""
    )["recommendCollaborators"]
    assert len(data) == 3
    best = data[0]
    parts = best["scoreParts"]
    assert best["intercept"] == SHIPPED_INTERCEPT
    assert best["score"] == pytest.approx(best["intercept"] + sum(parts.values()), abs=1e-8)
    assert parts["structure"] > 0 and parts["recency"] > 0  # a shared co-author with a recent tie
    assert [a["name"] for a in best["sharedCoauthors"]] == ["Chengkai Huang"]
    assert best["explanation"].startswith("1 shared co-author: Chengkai Huang;") and best["sharedTopics"]
    scores = [r["score"] for r in data]
    assert scores == sorted(scores, reverse=True)


def test_the_weights_that_serve_and_why(seeded_server):
    """One CV's 22 papers are too short a history to fit: the built-in weights serve, and the answer says so once
    (before the server's first refit ends as after it)."""
    weights = seeded_server.data(
        """{ recommenderWeights { fitted basis papers intercept weights { feature part weight }
              heldOutAuthors validation { ranker recallAt50 hitsAt10 } } }"""
    )["recommenderWeights"]
    assert not weights["fitted"] and weights["basis"].startswith("the built-in weights, learned from another graph")
    assert weights["intercept"] == SHIPPED_INTERCEPT and weights["heldOutAuthors"] is None
    assert [w["feature"] for w in weights["weights"]][:2] == ["adamic_adar", "resource_allocation"]
    assert {w["part"] for w in weights["weights"]} == {"structure", "recency", "topics", "venues", "activity"}
    (best,) = seeded_server.data('{ recommendCollaborators(author: "Zihan Wang", first: 1) { explanation weights } }')[
        "recommendCollaborators"
    ]
    assert best["weights"] == weights["basis"] and "weights" not in best["explanation"]  # said once, not per person


def test_stats(seeded_server):
    stats = seeded_server.data("{ stats { authors papers topics venues authored publishedIn coauthored } }")["stats"]
    assert (stats["authors"], stats["papers"], stats["venues"], stats["authored"], stats["publishedIn"]) == (
        33,
        22,
        1,
        69,
        22,
    )


def test_bad_arguments_name_the_argument(seeded_server):
    answer = seeded_server.graphql('{ collaborationPath(from: "Nobody Atall", to: "Yuhang Yao") { length } }')
    (error,) = answer["errors"]
    assert error["message"].startswith('Argument "from" no author named')
    assert error["extensions"] == {"code": "BAD_ARGUMENT", "argument": "from"}
    answer = seeded_server.graphql(
        '{ collaborationPath(from: "Yuhang Yao", to: "Zhiqiang Liu", maxHops: 50) { length } }'
    )
    assert answer["errors"][0]["extensions"]["argument"] == "maxHops"
    answer = seeded_server.graphql(
        '{ author(id: "author:chengkai-huang") { papers(after: "garbage!") { totalCount } } }'
    )
    assert answer["errors"][0]["message"] == 'Argument "after" is not a cursor this list gave out'
    answer = seeded_server.graphql('{ author(id: "author:x", name: "y") { id } }')
    assert answer["errors"][0]["extensions"]["argument"] == "id"


def test_topic_names_resolve_through_synonyms_and_misses_say_what_was_not_found(seeded_server):
    topic = seeded_server.data('{ topic(name: "RAG") { id name } }')["topic"]
    assert topic == {"id": "topic:keyword:retrieval-augmented-generation", "name": "retrieval-augmented generation"}
    for text in ("rag", "RAG", "retrieval augmented"):  # an acronym in any case, or the words
        hits = seeded_server.data(f'{{ searchTopics(text: "{text}") {{ edges {{ node {{ id }} }} }} }}')
        assert hits["searchTopics"]["edges"][0]["node"] == {"id": topic["id"]}, text
    answer = seeded_server.graphql('{ topicPath(from: "quantum chemistry", to: "Chengkai Huang") { length } }')
    assert answer["errors"][0]["message"] == "Argument \"from\" no author or topic named 'quantum chemistry'"
    answer = seeded_server.graphql('{ topicPath(from: "Chengkai", to: "RAG") { length } }')
    assert answer["errors"][0]["message"].endswith("no author or topic named 'Chengkai'; did you mean: Chengkai Huang?")


def test_a_subject_named_alike_in_two_schemes_is_one_topic(seeded_server):
    # "information retrieval" is an arXiv category (cs.IR) and a vocabulary topic: the arXiv node stands for it.
    topic = seeded_server.data('{ topic(name: "information retrieval") { id } }')["topic"]
    assert topic == {"id": "topic:arxiv:cs.IR"}
    path = seeded_server.data('{ topicPath(from: "information retrieval", to: "Yuhang Yao") { nodes { id } } }')
    assert path["topicPath"]["nodes"][0] == {"id": "topic:arxiv:cs.IR"}


def test_closest_author_names_for_a_misspelt_name(seeded_server):
    found = seeded_server.data('{ closestAuthorNames(text: "Chengkai Haung") }')["closestAuthorNames"]
    assert found[0] == "Chengkai Huang"
    assert seeded_server.data('{ closestAuthorNames(text: "Jane Doe") }')["closestAuthorNames"] == []
    (error,) = seeded_server.graphql('{ closestAuthorNames(text: "Chengkai", first: 50) }')["errors"]
    assert error["message"] == 'Argument "first" must be from 1 to 10, got 50'
