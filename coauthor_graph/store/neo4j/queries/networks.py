"""The papers a network is drawn from (`store.port.NetworkReads.paper_links`): one statement per way of
choosing them, each ending in the same filter and answer."""

from coauthor_graph.store.neo4j.queries import Statement

_FILTER_AND_ANSWER = """
WHERE ($topic_id IS NULL OR EXISTS { (p)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(:Topic {id: $topic_id}) })
  AND ($first_year IS NULL OR p.year >= $first_year)
  AND ($last_year IS NULL OR p.year <= $last_year)
WITH p ORDER BY p.id LIMIT $limit
RETURN p.id AS id, p.year AS year, p.title AS title,
       COLLECT { MATCH (a:Author)-[:AUTHORED]->(p) RETURN a.id ORDER BY a.id } AS authors,
       COLLECT { MATCH (p)-[:ABOUT]->(t:Topic) RETURN t.id ORDER BY t.id } AS topics,
       COLLECT { MATCH (p)-[:PUBLISHED_IN]->(v:Venue) RETURN v.id ORDER BY v.id } AS venues
ORDER BY id
"""
_PARAMETERS = ("first_year", "last_year", "limit", "topic_id")

PAPER_LINKS_OF_AUTHORS = Statement(
    "UNWIND $ids AS owner MATCH (:Author {id: owner})-[:AUTHORED]->(p:Paper) WITH DISTINCT p" + _FILTER_AND_ANSWER,
    ("ids", *_PARAMETERS),
)
PAPER_LINKS_OF_TOPIC = Statement(
    "MATCH (:Topic {id: $topic_id})<-[:BROADER*0..]-(:Topic)<-[:ABOUT]-(p:Paper) WITH DISTINCT p" + _FILTER_AND_ANSWER,
    _PARAMETERS,
)
"""Walks from the topic: the papers under it are far fewer than all papers."""
PAPER_LINKS_ALL = Statement("MATCH (p:Paper)" + _FILTER_AND_ANSWER, _PARAMETERS)
