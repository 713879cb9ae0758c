"""Schema set-up: idempotent, run once before the first write."""

from coauthor_graph.store.neo4j.queries import Statement

AUTHOR_ID_UNIQUE = Statement(
    "CREATE CONSTRAINT author_id IF NOT EXISTS FOR (n:Author) REQUIRE n.id IS UNIQUE",
    (),
)
PAPER_ID_UNIQUE = Statement(
    "CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE",
    (),
)
TOPIC_ID_UNIQUE = Statement(
    "CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE",
    (),
)
VENUE_ID_UNIQUE = Statement(
    "CREATE CONSTRAINT venue_id IF NOT EXISTS FOR (n:Venue) REQUIRE n.id IS UNIQUE",
    (),
)

MERGED_AUTHOR_ID_UNIQUE = Statement(
    "CREATE CONSTRAINT merged_author_id IF NOT EXISTS FOR (n:MergedAuthor) REQUIRE n.id IS UNIQUE",
    (),
)
CURATION_DECISION_KEY_UNIQUE = Statement(
    "CREATE CONSTRAINT curation_decision_key IF NOT EXISTS FOR (n:CurationDecision) REQUIRE n.key IS UNIQUE",
    (),
)
GRAPH_VERSION_KEY_UNIQUE = Statement(
    "CREATE CONSTRAINT graph_version_key IF NOT EXISTS FOR (n:GraphVersion) REQUIRE n.key IS UNIQUE",
    (),
)
AUTHOR_BLOCK = Statement(
    "CREATE INDEX author_block IF NOT EXISTS FOR (n:Author) ON (n.block)",
    (),
)
AUTHOR_NORM_NAME = Statement(
    "CREATE INDEX author_norm_name IF NOT EXISTS FOR (n:Author) ON (n.norm_name)",
    (),
)
AUTHOR_ORCID = Statement(
    "CREATE INDEX author_orcid IF NOT EXISTS FOR (n:Author) ON (n.orcid)",
    (),
)
AUTHOR_OPENALEX = Statement(
    "CREATE INDEX author_openalex IF NOT EXISTS FOR (n:Author) ON (n.openalex_id)",
    (),
)
AUTHOR_DBLP = Statement(
    "CREATE INDEX author_dblp IF NOT EXISTS FOR (n:Author) ON (n.dblp_id)",
    (),
)
AUTHOR_SCOPUS = Statement(
    "CREATE INDEX author_scopus IF NOT EXISTS FOR (n:Author) ON (n.scopus_id)",
    (),
)
AUTHOR_SEMANTIC_SCHOLAR = Statement(
    ("CREATE INDEX author_semantic_scholar IF NOT EXISTS FOR (n:Author) ON (n.semantic_scholar_id)"),
    (),
)
PAPER_DOI = Statement(
    "CREATE INDEX paper_doi IF NOT EXISTS FOR (n:Paper) ON (n.doi)",
    (),
)
PAPER_ARXIV = Statement(
    "CREATE INDEX paper_arxiv IF NOT EXISTS FOR (n:Paper) ON (n.arxiv_id)",
    (),
)
PAPER_AAN_RECORD = Statement(
    "CREATE INDEX paper_aan_record IF NOT EXISTS FOR (n:Paper) ON (n.aan_record)",
    (),
)
PAPER_DBLP_RECORD = Statement(
    "CREATE INDEX paper_dblp_record IF NOT EXISTS FOR (n:Paper) ON (n.dblp_record)",
    (),
)
PAPER_OPENALEX_RECORD = Statement(
    "CREATE INDEX paper_openalex_record IF NOT EXISTS FOR (n:Paper) ON (n.openalex_record)",
    (),
)
PAPER_FINGERPRINT = Statement(
    "CREATE INDEX paper_fingerprint IF NOT EXISTS FOR (n:Paper) ON (n.fingerprint)",
    (),
)
PAPER_YEAR = Statement(
    "CREATE INDEX paper_year IF NOT EXISTS FOR (n:Paper) ON (n.year)",
    (),
)
VENUE_ISSN = Statement(
    "CREATE INDEX venue_issn IF NOT EXISTS FOR (n:Venue) ON (n.issn)",
    (),
)
TOPIC_NORM_NAME = Statement(
    "CREATE INDEX topic_norm_name IF NOT EXISTS FOR (n:Topic) ON (n.norm_name)",
    (),
)

# Full-text search folds accents ('standard-folding'), like the embedded store's FTS5 tokenizer.
AUTHOR_SEARCH = Statement(
    (
        "CREATE FULLTEXT INDEX author_search IF NOT EXISTS FOR (n:Author) ON EACH [n.search_text]"
        " OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}"
    ),
    (),
)
PAPER_SEARCH = Statement(
    (
        "CREATE FULLTEXT INDEX paper_search IF NOT EXISTS FOR (n:Paper) ON EACH [n.title, n.abstract]"
        " OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}"
    ),
    (),
)
TOPIC_SEARCH = Statement(
    (
        "CREATE FULLTEXT INDEX topic_search IF NOT EXISTS FOR (n:Topic) ON EACH [n.name, n.code]"
        " OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}"
    ),
    (),
)

# Recommendations once matched title terms in Cypher through this index; the compute core matches them in
# memory (`compute.profiles`), so databases from before lose it (the property stays, unread).
DROP_PAPER_TITLE_TERMS = Statement("DROP INDEX paper_title_terms IF EXISTS", ())

SET_UP = (
    AUTHOR_ID_UNIQUE,
    PAPER_ID_UNIQUE,
    TOPIC_ID_UNIQUE,
    VENUE_ID_UNIQUE,
    MERGED_AUTHOR_ID_UNIQUE,
    CURATION_DECISION_KEY_UNIQUE,
    GRAPH_VERSION_KEY_UNIQUE,
    AUTHOR_BLOCK,
    AUTHOR_NORM_NAME,
    AUTHOR_ORCID,
    AUTHOR_OPENALEX,
    AUTHOR_DBLP,
    AUTHOR_SCOPUS,
    AUTHOR_SEMANTIC_SCHOLAR,
    PAPER_DOI,
    PAPER_ARXIV,
    PAPER_AAN_RECORD,
    PAPER_DBLP_RECORD,
    PAPER_OPENALEX_RECORD,
    PAPER_FINGERPRINT,
    PAPER_YEAR,
    TOPIC_NORM_NAME,
    VENUE_ISSN,
    AUTHOR_SEARCH,
    PAPER_SEARCH,
    TOPIC_SEARCH,
    DROP_PAPER_TITLE_TERMS,
)

# New indexes populate in the background; queries through one that is not online yet fail.
AWAIT_INDEXES = Statement("CALL db.awaitIndexes(300)", ())

# A bulk import (`store.neo4j.bulk_import`) cannot write an empty list: the property is left out. The
# writes append to these lists, so set-up puts the empty ones back, in batches, until none is missing.
AUTHORS_WITHOUT_LISTS = Statement(
    """
MATCH (a:Author) WHERE a.aliases IS NULL OR a.sources IS NULL
WITH a LIMIT $batch
SET a.aliases = coalesce(a.aliases, []), a.sources = coalesce(a.sources, [])
RETURN count(a) AS filled
""",
    ("batch",),
)
PAPERS_WITHOUT_LISTS = Statement(
    """
MATCH (p:Paper) WHERE p.tags IS NULL OR p.sources IS NULL
WITH p LIMIT $batch
SET p.tags = coalesce(p.tags, []), p.sources = coalesce(p.sources, [])
RETURN count(p) AS filled
""",
    ("batch",),
)

# Databases written before WORKS_ON kept the author-topic tallies get them once (a bulk import writes
# them, and its first start finds nothing to fill).
AUTHORS_WITHOUT_WORKS_ON = Statement(
    """
MATCH (a:Author)
WHERE NOT EXISTS { (a)-[:WORKS_ON]->(:Topic) } AND EXISTS { (a)-[:AUTHORED]->(:Paper)-[:ABOUT]->(:Topic) }
WITH a LIMIT $batch
MATCH (a)-[:AUTHORED]->(:Paper)-[:ABOUT]->(t:Topic)
WITH a, t, count(*) AS papers
CREATE (a)-[:WORKS_ON {papers: papers}]->(t)
RETURN count(DISTINCT a) AS filled
""",
    ("batch",),
)

# The set-up above, and every fill-in, finished for this version of the schema: a connection that finds
# the marker skips them; one that does not (a new database, a bulk import, an older version's) runs them.
SCHEMA_VERSION = 2
SCHEMA_DONE = Statement(
    "OPTIONAL MATCH (m:StoreMigration {key: 'schema'}) RETURN coalesce(m.version, 0) AS version",
    (),
)
MARK_SCHEMA_DONE = Statement("MERGE (m:StoreMigration {key: 'schema'}) SET m.version = $version", ("version",))
