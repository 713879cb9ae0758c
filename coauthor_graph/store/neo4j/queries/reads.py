"""Reads: one statement per store operation, with the orders `store.port` defines.

Cypher sorts nulls first in descending order, so "newest first" is spelled out as
`p.year IS NULL, p.year DESC, p.date IS NULL, p.date DESC, p.id`.
"""

from coauthor_graph.store.neo4j.queries import Statement

GET_AUTHORS = Statement(
    "UNWIND $ids AS owner MATCH (n:Author {id: owner}) RETURN owner, n",
    ("ids",),
)
GET_TOPICS = Statement(
    "UNWIND $ids AS owner MATCH (n:Topic {id: owner}) RETURN owner, n",
    ("ids",),
)
GET_PAPERS = Statement(
    "UNWIND $ids AS owner MATCH (n:Paper {id: owner}) RETURN owner, n",
    ("ids",),
)
GET_VENUES = Statement(
    "UNWIND $ids AS owner MATCH (n:Venue {id: owner}) RETURN owner, n",
    ("ids",),
)

FIND_AUTHORS = Statement(
    """
UNWIND $names AS name
CALL (name) {
    MATCH (n:Author {norm_name: name.norm_name}) RETURN n
    UNION
    MATCH (:MergedAuthor {id: name.former_id})-[:MERGED_INTO]->(n:Author) RETURN n
}
RETURN name.norm_name AS owner, n ORDER BY n.id
""",
    ("names",),
)
"""The authors of each name, and the one a node of that name was merged into."""
FIND_AUTHORS_BY_ORCID = Statement(
    "UNWIND $orcids AS orcid MATCH (n:Author {orcid: orcid}) RETURN orcid AS owner, n", ("orcids",)
)
JOINT_PAPERS = Statement(
    """
UNWIND $ids AS owner
MATCH (me:Author {id: owner})-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(other:Author)
WHERE ($since_year IS NULL OR p.year >= $since_year) AND ($coauthors IS NULL OR $coauthors[other.id])
RETURN DISTINCT me, other, p AS n
""",
    ("coauthors", "ids", "since_year"),
)
"""What a conflict-of-interest check shows: the papers some authors wrote with some others, in a window.
`$coauthors` maps each wanted co-author id to true: a map looks a key up at once, a list scans."""
LISTED_AFFILIATIONS = Statement(
    """
UNWIND $ids AS owner
MATCH (:Author {id: owner})-[w:AUTHORED]->(p:Paper)
WHERE p.affiliations IS NOT NULL AND w.position IS NOT NULL AND ($since_year IS NULL OR p.year >= $since_year)
UNWIND p.affiliations AS entry
WITH owner, p, entry, toString(w.position) + '\t' AS prefix
WHERE entry STARTS WITH prefix
RETURN owner, substring(entry, size(prefix)) AS institution, p AS n
""",
    ("ids", "since_year"),
)
"""The institutions papers list for these authors (entries `position<TAB>institution`, `writer.affiliation_entry`)."""
PAPERS_WRITTEN = Statement(
    "UNWIND $ids AS id MATCH (a:Author {id: id}) RETURN sum(COUNT { (a)-[:AUTHORED]->() }) AS papers",
    ("ids",),
)
"""How many papers these authors wrote (degrees, read without walking the papers)."""
AUTHORS_IN_BLOCKS = Statement(
    "UNWIND $blocks AS block MATCH (n:Author {block: block}) RETURN block AS owner, n ORDER BY n.id",
    ("blocks",),
)
"""The authors compared with a name by the disambiguation stage (`identity.stage.block_of`)."""
FIND_TOPIC = Statement(
    """
MATCH (n:Topic)
WHERE n.norm_name = $norm_name OR toLower(n.code) = toLower($name)
RETURN n ORDER BY n.id
""",
    ("name", "norm_name"),
)

# Searches: the first `$limit` of `$fetch` hits (score desc, then id) in one record, with how many the index
# gave and the lowest score among them, so the caller knows whether ties at the limit were all fetched.
SEARCH_AUTHORS = Statement(
    """
CALL db.index.fulltext.queryNodes('author_search', $query, {limit: $fetch}) YIELD node, score
WITH node, score ORDER BY score DESC, node.id
WITH collect({n: node, score: score}) AS hits
RETURN hits[..$limit] AS top, size(hits) AS fetched, hits[-1].score AS lowest
""",
    ("fetch", "limit", "query"),
)
SEARCH_PAPERS = Statement(
    """
CALL db.index.fulltext.queryNodes('paper_search', $query, {limit: $fetch}) YIELD node, score
WITH node, score ORDER BY score DESC, node.id
WITH collect({n: node, score: score}) AS hits
RETURN hits[..$limit] AS top, size(hits) AS fetched, hits[-1].score AS lowest
""",
    ("fetch", "limit", "query"),
)
SEARCH_TOPICS = Statement(
    """
CALL db.index.fulltext.queryNodes('topic_search', $query, {limit: $fetch}) YIELD node, score
WITH node, score ORDER BY score DESC, node.id
WITH collect({n: node, score: score}) AS hits
RETURN hits[..$limit] AS top, size(hits) AS fetched, hits[-1].score AS lowest
""",
    ("fetch", "limit", "query"),
)

PAPERS_OF_AUTHOR = Statement(
    """
MATCH (:Author {id: $id})-[:AUTHORED]->(p:Paper)
WHERE ($year_from IS NULL OR p.year >= $year_from)
  AND ($year_to IS NULL OR p.year <= $year_to)
  AND ($topic_id IS NULL OR EXISTS { (p)-[:ABOUT]->(:Topic {id: $topic_id}) })
RETURN p AS n ORDER BY p.year IS NULL, p.year DESC, p.date IS NULL, p.date DESC, p.id
""",
    ("id", "topic_id", "year_from", "year_to"),
)

# The batched neighbourhood reads: each row starts with the id it answers for (`owner`).

AUTHORS_OF_PAPERS = Statement(
    """
UNWIND $ids AS owner
MATCH (a:Author)-[r:AUTHORED]->(:Paper {id: owner})
RETURN owner, a AS n, r.position AS position ORDER BY r.position IS NULL, r.position, a.name, a.id
""",
    ("ids",),
)

# Paper pages: `store.port.newest_first_key` as a list `k`, the keyset `$after` compared
# element by element, and only `$limit` papers per owner sent back.

_NEWEST_PAGE = """
WITH owner, p, [CASE WHEN p.year IS NULL THEN 1 ELSE 0 END, -coalesce(p.year, 0),
                CASE WHEN p.date IS NULL THEN 1 ELSE 0 END, -coalesce(toInteger(replace(p.date, '-', '')), 0),
                p.id] AS k
WHERE $after IS NULL OR k[0] > $after[0] OR (k[0] = $after[0] AND (k[1] > $after[1] OR (k[1] = $after[1] AND
      (k[2] > $after[2] OR (k[2] = $after[2] AND (k[3] > $after[3] OR (k[3] = $after[3] AND k[4] > $after[4])))))))
WITH owner, p, k ORDER BY k[0], k[1], k[2], k[3], k[4]
WITH owner, collect(p)[..$limit] AS page
UNWIND page AS p
RETURN owner, p AS n
"""
"""The rest of each paper-page statement, after the MATCH that binds `owner` and `p`."""

PAPER_PAGES_OF_AUTHORS = Statement(
    "UNWIND $ids AS owner\nMATCH (:Author {id: owner})-[:AUTHORED]->(p:Paper)" + _NEWEST_PAGE,
    ("after", "ids", "limit"),
)
PAPER_PAGES_OF_TOPICS = Statement(
    "UNWIND $ids AS owner\nMATCH (:Topic {id: owner})<-[:ABOUT]-(p:Paper)" + _NEWEST_PAGE,
    ("after", "ids", "limit"),
)
PAPER_PAGES_OF_VENUES = Statement(
    "UNWIND $ids AS owner\nMATCH (:Venue {id: owner})<-[:PUBLISHED_IN]-(p:Paper)" + _NEWEST_PAGE,
    ("after", "ids", "limit"),
)
PAPER_COUNTS_OF_AUTHORS = Statement(
    "UNWIND $ids AS owner MATCH (:Author {id: owner})-[:AUTHORED]->(p:Paper) RETURN owner, count(p) AS total",
    ("ids",),
)
PAPER_COUNTS_OF_TOPICS = Statement(
    "UNWIND $ids AS owner MATCH (:Topic {id: owner})<-[:ABOUT]-(p:Paper) RETURN owner, count(p) AS total",
    ("ids",),
)
PAPER_COUNTS_OF_VENUES = Statement(
    "UNWIND $ids AS owner MATCH (:Venue {id: owner})<-[:PUBLISHED_IN]-(p:Paper) RETURN owner, count(p) AS total",
    ("ids",),
)

COAUTHORS_OF = Statement(
    """
UNWIND $ids AS owner
MATCH (:Author {id: owner})-[c:COAUTHORED]-(other:Author)
RETURN owner, other AS n, c.papers AS papers, c.first_year AS first_year, c.last_year AS last_year
ORDER BY c.papers DESC, c.last_year IS NULL, c.last_year DESC, other.name, other.id
""",
    ("ids",),
)
JOINT_PAPERS_OF = Statement(
    """
UNWIND $ids AS owner
MATCH (:Author {id: owner})-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(other:Author)
RETURN owner, other.id AS coauthor, p AS n
ORDER BY p.year IS NULL, p.year DESC, p.date IS NULL, p.date DESC, p.id
""",
    ("ids",),
)

TOPICS_OF_PAPERS = Statement(
    """
UNWIND $ids AS owner
MATCH (:Paper {id: owner})-[:ABOUT]->(t:Topic)
RETURN owner, t AS n, 1 AS papers ORDER BY t.id
""",
    ("ids",),
)
TOPICS_OF_AUTHORS = Statement(
    """
UNWIND $ids AS owner
MATCH (:Author {id: owner})-[:AUTHORED]->(:Paper)-[:ABOUT]->(t:Topic)
WITH owner, t, count(*) AS papers
RETURN owner, t AS n, papers ORDER BY papers DESC, t.id
""",
    ("ids",),
)
VENUES_OF_PAPERS = Statement(
    """
UNWIND $ids AS owner
MATCH (:Paper {id: owner})-[:PUBLISHED_IN]->(v:Venue)
RETURN owner, v AS n, 1 AS papers ORDER BY v.id
""",
    ("ids",),
)
VENUES_OF_AUTHORS = Statement(
    """
UNWIND $ids AS owner
MATCH (:Author {id: owner})-[:AUTHORED]->(:Paper)-[:PUBLISHED_IN]->(v:Venue)
WITH owner, v, count(*) AS papers
RETURN owner, v AS n, papers ORDER BY papers DESC, v.id
""",
    ("ids",),
)
BROADER_OF = Statement(
    """
UNWIND $ids AS owner
MATCH (:Topic {id: owner})-[:BROADER]->(t:Topic)
RETURN owner, t AS n ORDER BY t.id
""",
    ("ids",),
)
NARROWER_OF = Statement(
    """
UNWIND $ids AS owner
MATCH (:Topic {id: owner})<-[:BROADER]-(t:Topic)
RETURN owner, t AS n ORDER BY t.id
""",
    ("ids",),
)

LINKING_PAPERS = Statement(
    """
UNWIND $pairs AS pair
MATCH (:Author {id: pair[0]})-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(:Author {id: pair[1]})
WITH pair, p ORDER BY p.year IS NULL, p.year DESC, p.date IS NULL, p.date DESC, p.id
WITH pair, collect(p)[0] AS paper
RETURN pair[0] AS source, pair[1] AS target, paper AS n
""",
    ("pairs",),
)


TOPIC_TRAJECTORIES_OF = Statement(
    """
UNWIND $ids AS owner
MATCH (:Author {id: owner})-[:AUTHORED]->(p:Paper)-[:ABOUT]->(t:Topic)
WHERE p.year IS NOT NULL
RETURN owner, p.year AS year, t AS n, count(*) AS papers ORDER BY year, papers DESC, t.id
""",
    ("ids",),
)

RELATED_TOPICS_OF = Statement(
    """
UNWIND $ids AS owner
MATCH (t:Topic {id: owner})<-[:ABOUT]-(p:Paper)-[:ABOUT]->(other:Topic)
WHERE other <> t
WITH owner, other, count(p) AS shared
ORDER BY shared DESC, other.id
WITH owner, collect({n: other, shared: shared})[..$limit] AS top
UNWIND top AS row
RETURN owner, row.n AS n, row.shared AS shared
""",
    ("ids", "limit"),
)

TOP_AUTHORS_OF = Statement(
    """
UNWIND $ids AS owner
MATCH (:Topic {id: owner})<-[:ABOUT]-(p:Paper)<-[:AUTHORED]-(a:Author)
WITH owner, a, count(p) AS papers
ORDER BY papers DESC, a.name, a.id
WITH owner, collect({n: a, papers: papers})[..$limit] AS top
UNWIND top AS row
RETURN owner, row.n AS n, row.papers AS papers
""",
    ("ids", "limit"),
)

STATS = Statement(
    # COUNT subqueries: one row even when a label or type has no instance (a chained MATCH would give none).
    """
RETURN COUNT { (:Author) } AS authors, COUNT { (:Paper) } AS papers, COUNT { (:Topic) } AS topics,
       COUNT { (:Venue) } AS venues, COUNT { ()-[:AUTHORED]->() } AS authored, COUNT { ()-[:ABOUT]->() } AS about,
       COUNT { ()-[:PUBLISHED_IN]->() } AS published_in, COUNT { ()-[:BROADER]->() } AS broader,
       COUNT { ()-[:COAUTHORED]->() } AS coauthored
""",
    (),
)

PING = Statement(
    "RETURN 1 AS ok",
    (),
)

SERVED_WEIGHTS = Statement(
    "MATCH (w:ServedWeights {key: 'served'}) RETURN w.body AS body",
    (),
)
"""The weights the store serves recommendations with, as `ServedWeights.to_json` wrote them."""
