"""Writes: one UNWIND statement per kind and batch, plus the look-ups identity resolution needs.

Nodes arrive with the properties `write_plan.planner` decided, so a statement only writes them:
the planner also knows what a load created and updated, and a reload changes nothing.
"""

from coauthor_graph.store.neo4j.queries import Statement, paired

# --- look-ups for identity.resolution, one per batch ---------------------------------------------
# Each answers in one record holding a list of rows: the driver reads a record at a time, at about
# 150 µs each through asyncio, so 7,000 rows as records took 1.2 s, and as one list 0.1 s.

LOOKUP_AUTHORS = Statement(
    """
CALL () {
  UNWIND $orcids AS value MATCH (a:Author {orcid: value}) RETURN 'orcid:' + value AS via, a
  UNION ALL
  UNWIND $openalex AS value MATCH (a:Author {openalex_id: value}) RETURN 'openalex:' + value AS via, a
  UNION ALL
  UNWIND $dblp AS value MATCH (a:Author {dblp_id: value}) RETURN 'dblp:' + value AS via, a
  UNION ALL
  UNWIND $scopus AS value MATCH (a:Author {scopus_id: value}) RETURN 'scopus:' + value AS via, a
  UNION ALL
  UNWIND $semantic_scholar AS value MATCH (a:Author {semantic_scholar_id: value})
  RETURN 'semantic_scholar:' + value AS via, a
  UNION ALL
  UNWIND $norm_names AS value MATCH (a:Author {norm_name: value}) RETURN 'name:' + value AS via, a
  UNION ALL
  UNWIND $former_ids AS value MATCH (:MergedAuthor {id: value})-[:MERGED_INTO]->(a:Author)
  RETURN 'former:' + value AS via, a
}
RETURN collect({via: via, id: a.id, name: a.name, norm_name: a.norm_name, aliases: a.aliases, sources: a.sources,
                orcid: a.orcid, openalex: a.openalex_id, dblp: a.dblp_id, scopus: a.scopus_id,
                semantic_scholar: a.semantic_scholar_id,
                profile: [key IN keys(a) WHERE key STARTS WITH 'profile_' | [key, a[key]]]}) AS rows
""",
    ("dblp", "former_ids", "norm_names", "openalex", "orcids", "scopus", "semantic_scholar"),
)

LOOKUP_PAPERS = Statement(
    """
CALL () {
  UNWIND $dois AS value MATCH (p:Paper {doi: value}) RETURN p
  UNION
  UNWIND $arxiv_ids AS value MATCH (p:Paper {arxiv_id: value}) RETURN p
  UNION
  UNWIND $fingerprints AS value MATCH (p:Paper {fingerprint: value}) RETURN p
  UNION
  UNWIND $aan_records AS value MATCH (p:Paper {aan_record: value}) RETURN p
  UNION
  UNWIND $dblp_records AS value MATCH (p:Paper {dblp_record: value}) RETURN p
  UNION
  UNWIND $openalex_records AS value MATCH (p:Paper {openalex_record: value}) RETURN p
}
RETURN collect({id: p.id, doi: p.doi, arxiv_id: p.arxiv_id, fingerprint: p.fingerprint, title: p.title,
                sources: p.sources, records: [p.aan_record, p.dblp_record, p.openalex_record]}) AS rows
""",
    ("aan_records", "arxiv_ids", "dblp_records", "dois", "fingerprints", "openalex_records"),
)
"""`records` lists the record ids in RECORD_SOURCES order (null where the paper has none)."""

LOOKUP_VENUES = Statement(
    """
UNWIND $issns AS value MATCH (v:Venue {issn: value})
RETURN v.id AS id, v.issn AS issn
UNION
UNWIND $ids AS value MATCH (v:Venue {id: value})
RETURN v.id AS id, v.issn AS issn
""",
    ("ids", "issns"),
)

COLLABORATORS = Statement(
    """
UNWIND $ids AS authorId
MATCH (:Author {id: authorId})-[:COAUTHORED]-(a:Author)
RETURN collect({author: authorId, id: a.id, name: a.name, norm_name: a.norm_name, aliases: a.aliases,
                sources: a.sources, orcid: a.orcid, openalex: a.openalex_id, dblp: a.dblp_id, scopus: a.scopus_id,
                semantic_scholar: a.semantic_scholar_id,
                profile: [key IN keys(a) WHERE key STARTS WITH 'profile_' | [key, a[key]]]}) AS rows
""",
    ("ids",),
)
"""Only for batches with abbreviated names (`C. Huang`): the initials rule asks who the co-authors know."""

PAPER_EDGES = Statement(
    """
UNWIND $ids AS paperId
MATCH (p:Paper {id: paperId})
RETURN collect({id: p.id, properties: properties(p),
                authors: [(a:Author)-[r:AUTHORED]->(p) | [a.id, r.position]],
                topics: [(p)-[:ABOUT]->(t:Topic) | t.id],
                venues: [(p)-[:PUBLISHED_IN]->(v:Venue) | v.id]}) AS rows
""",
    ("ids",),
)

# --- nodes ---------------------------------------------------------------------------------------

SET_AUTHORS = Statement(
    """
UNWIND $rows AS row
MATCH (a:Author {id: row.id})
SET a += row.properties
""",
    ("rows",),
)
"""Stored authors the batch changed, with the properties `write_plan.planner` decided (null removes one)."""

CREATE_AUTHORS = Statement(
    """
UNWIND $rows AS row
MERGE (a:Author {id: row.id})
ON CREATE SET a += row.properties
""",
    ("rows",),
)
"""Authors the batch creates, with every property at once. Should one exist after all (another load
created it meanwhile: the summary's nodes_created says so), its row goes through SET_AUTHORS too."""

MERGE_TOPICS = Statement(
    """
UNWIND $rows AS row
MERGE (t:Topic {id: row.id})
ON CREATE SET t.name = row.name, t.norm_name = row.norm_name, t.scheme = row.scheme, t.code = row.code,
              t.author_count = 0
RETURN count(t) AS topics
""",
    ("rows",),
)

MERGE_BROADER = Statement(
    """
UNWIND $rows AS row
MATCH (t:Topic {id: row.topic})
MATCH (parent:Topic {id: row.parent})
MERGE (t)-[:BROADER]->(parent)
""",
    ("rows",),
)

MERGE_VENUES = Statement(
    """
UNWIND $rows AS row
MERGE (v:Venue {id: row.id})
ON CREATE SET v.name = row.name, v.kind = row.kind
SET v.issn = coalesce(v.issn, row.issn)
""",
    ("rows",),
)

SET_PAPERS = Statement(
    """
UNWIND $rows AS row
MATCH (p:Paper {id: row.id})
SET p += row.properties
SET p.affiliations = CASE WHEN size(row.affiliations) = 0 THEN p.affiliations
    ELSE coalesce(p.affiliations, []) + [x IN row.affiliations WHERE NOT x IN coalesce(p.affiliations, [])] END
""",
    ("rows",),
)
"""Stored papers the batch changed, with the properties `write_plan.planner` decided, and the affiliations
its records list that the paper lacks."""

CREATE_PAPERS = Statement(
    """
UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
ON CREATE SET p += row.properties
""",
    ("rows",),
)
"""Papers the batch creates, as CREATE_AUTHORS does authors; one that exists after all goes through SET_PAPERS."""

# --- relationships -------------------------------------------------------------------------------

MERGE_AUTHORED = Statement(
    """
UNWIND $rows AS row
MATCH (a:Author {id: row.author})
MATCH (p:Paper {id: row.paper})
MERGE (a)-[r:AUTHORED]->(p)
ON CREATE SET r.position = row.position
SET r.position = coalesce(r.position, row.position)
""",
    ("rows",),
)

CREATE_AUTHORED = Statement(
    """
UNWIND $rows AS row
MATCH (a:Author {id: row.author})
MATCH (p:Paper {id: row.paper})
CREATE (a)-[:AUTHORED {position: row.position}]->(p)
""",
    ("rows",),
)
"""The CREATE_… statements write the edges of nodes this batch created, which cannot exist yet: no MERGE."""

MERGE_ABOUT = Statement(
    """
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
MATCH (t:Topic {id: row.topic})
MERGE (p)-[:ABOUT]->(t)
""",
    ("rows",),
)

CREATE_ABOUT = Statement(
    """
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
MATCH (t:Topic {id: row.topic})
CREATE (p)-[:ABOUT]->(t)
""",
    ("rows",),
)

MERGE_PUBLISHED_IN = Statement(
    """
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
MATCH (v:Venue {id: row.venue})
MERGE (p)-[:PUBLISHED_IN]->(v)
""",
    ("rows",),
)

CREATE_PUBLISHED_IN = Statement(
    """
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
MATCH (v:Venue {id: row.venue})
CREATE (p)-[:PUBLISHED_IN]->(v)
""",
    ("rows",),
)

# --- derived data, kept exact for what the batch touched, in the same transaction ------------------

RECOUNT_COAUTHORED = Statement(
    f"""
UNWIND $papers AS paperId
MATCH (p:Paper {{id: paperId}}) WHERE {paired("p")}
MATCH (a:Author)-[:AUTHORED]->(p)<-[:AUTHORED]-(b:Author)
WHERE a.id < b.id
WITH DISTINCT a, b
MATCH (a)-[:AUTHORED]->(q:Paper)<-[:AUTHORED]-(b)
WHERE {paired("q")}
WITH a, b, count(q) AS papers, min(q.year) AS firstYear, max(q.year) AS lastYear
MERGE (a)-[c:COAUTHORED]->(b)
SET c.papers = papers, c.first_year = firstYear, c.last_year = lastYear
""",
    ("papers",),
)

RECOUNT_COAUTHOR_DEGREE = Statement(
    """
UNWIND $papers AS paperId
MATCH (a:Author)-[:AUTHORED]->(:Paper {id: paperId})
WITH DISTINCT a
OPTIONAL MATCH (a)-[c:COAUTHORED]-(:Author)
WITH a, count(c) AS degree
SET a.coauthor_count = degree
""",
    ("papers",),
)

# The derived data a batch adds, computed by `write_plan.tallies` from the edges the batch adds. Every
# statement here starts from nodes found by their unique id, so no plan depends on the statistics,
# which an uncommitted load leaves empty.

ADD_COAUTHORED = Statement(
    """
UNWIND $rows AS row
MATCH (x:Author {id: row.a})
MATCH (y:Author {id: row.b})
WITH row, CASE WHEN x.id < y.id THEN x ELSE y END AS a, CASE WHEN x.id < y.id THEN y ELSE x END AS b
MERGE (a)-[c:COAUTHORED]->(b)
ON CREATE SET c.papers = 0
WITH a, b, c, row, c.papers = 0 AS created
SET c.papers = c.papers + row.papers,
    c.first_year = coalesce(CASE WHEN row.first_year < c.first_year THEN row.first_year ELSE c.first_year END,
                            row.first_year),
    c.last_year = coalesce(CASE WHEN row.last_year > c.last_year THEN row.last_year ELSE c.last_year END,
                           row.last_year)
WITH collect(CASE WHEN created THEN a.id END) + collect(CASE WHEN created THEN b.id END) AS gained
RETURN gained
""",
    ("rows",),
)
"""Adds a batch's new joint papers to each pair, with their years, directed as RECOUNT_COAUTHORED directs
it. Returns both members of every pair it created, once per pair: their co-author degrees grow by one."""

CREATE_COAUTHORED = Statement(
    """
UNWIND $rows AS row
MATCH (x:Author {id: row.a})
MATCH (y:Author {id: row.b})
WITH row, CASE WHEN x.id < y.id THEN x ELSE y END AS a, CASE WHEN x.id < y.id THEN y ELSE x END AS b
CREATE (a)-[:COAUTHORED {papers: row.papers, first_year: row.first_year, last_year: row.last_year}]->(b)
""",
    ("rows",),
)
"""Pairs with an author the batch created: new pairs, as ADD_COAUTHORED would leave them."""

ADD_COAUTHOR_DEGREE = Statement(
    """
UNWIND $rows AS row
MATCH (a:Author {id: row.id})
SET a.coauthor_count = coalesce(a.coauthor_count, 0) + row.gained
""",
    ("rows",),
)

ADD_WORKS_ON = Statement(
    """
UNWIND $rows AS row
MATCH (a:Author {id: row.author})
MATCH (t:Topic {id: row.topic})
MERGE (a)-[w:WORKS_ON]->(t)
ON CREATE SET w.papers = 0
WITH t, w, row, w.papers = 0 AS created
SET w.papers = w.papers + row.papers
WITH t, sum(CASE WHEN created THEN 1 ELSE 0 END) AS joined
WHERE joined > 0
SET t.author_count = coalesce(t.author_count, 0) + joined
""",
    ("rows",),
)
"""An author's papers on a topic, kept as the embedded store keeps its author_topic table; a topic
counts an author from the first such paper on."""

CREATE_WORKS_ON = Statement(
    """
UNWIND $rows AS row
MATCH (a:Author {id: row.author})
MATCH (t:Topic {id: row.topic})
CREATE (a)-[:WORKS_ON {papers: row.papers}]->(t)
WITH t, count(*) AS joined
SET t.author_count = coalesce(t.author_count, 0) + joined
""",
    ("rows",),
)
"""Tallies of authors the batch created: new, as ADD_WORKS_ON would leave them."""

DELETE_RELATIONSHIPS = Statement(
    "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
    (),
)
"""In transactions of its own (a whole graph's deletion exceeds one transaction's memory): auto-commit only.
Relationships go first: a thousand nodes detached at once held a topic's 100,000 ABOUT edges among them,
past the transaction memory of a 1 GB heap."""

DELETE_NODES = Statement(
    "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS",
    (),
)

KEEP_SERVED_WEIGHTS = Statement(
    "MERGE (w:ServedWeights {key: 'served'}) SET w.body = $body",
    ("body",),
)
