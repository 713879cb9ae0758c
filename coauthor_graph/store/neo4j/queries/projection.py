"""What the compute core's projection reads (`compute.projection`), and the change token that tells a
process another one has written since.

Pages walk the id indexes in order, each one record holding a page of nodes with their outgoing
ties, so the driver decodes thousands of rows per record instead of one."""

from coauthor_graph.store.neo4j.queries import Statement

AUTHOR_PAGE = Statement(
    """
MATCH (a:Author) WHERE a.id > $after
WITH a ORDER BY a.id LIMIT $page
RETURN collect([a.id,
                [(a)-[c:COAUTHORED]->(b:Author) | [b.id, c.last_year]],
                [(a)-[:AUTHORED]->(p:Paper) | p.id],
                [(a)-[w:WORKS_ON]->(t:Topic) | [t.id, w.papers]]]) AS rows
""",
    ("after", "page"),
)

PAPER_PAGE = Statement(
    """
MATCH (p:Paper) WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $page
RETURN collect([p.id, p.title, p.year,
                [(p)-[:ABOUT]->(t:Topic) | t.id],
                [(p)-[:PUBLISHED_IN]->(v:Venue) | v.id]]) AS rows
""",
    ("after", "page"),
)

GRAPH_VERSION = Statement(
    "OPTIONAL MATCH (v:GraphVersion {key: 'graph'}) RETURN coalesce(v.token, '') AS token",
    (),
)

NEW_GRAPH_VERSION = Statement(
    "MERGE (v:GraphVersion {key: 'graph'}) SET v.token = randomUUID()",
    (),
)
"""Run by every transaction that changes the graph: a new token, whatever the old one was (a cleared
database starts again without one)."""
