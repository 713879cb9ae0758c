"""The disambiguation stage's reads and writes (`identity.stage`), inside a load's transaction.

A merged author leaves a `(:MergedAuthor {id})-[:MERGED_INTO]->(:Author)` behind: later loads
and look-ups by its former id or name still reach the person, and the graph shows who was merged.
"""

from coauthor_graph.store.neo4j.queries import Statement, paired

CROWDED_BLOCKS = Statement(
    """
UNWIND $ids AS authorId
MATCH (t:Author {id: authorId})
WITH DISTINCT t.block AS block
MATCH (a:Author {block: block})
WITH block, collect(a) AS authors
WHERE size(authors) > 1
UNWIND authors AS a
RETURN block, a.id AS id, a.name AS name, a.aliases AS aliases, a.orcid AS orcid, a.openalex_id AS openalex,
       a.dblp_id AS dblp, a.scopus_id AS scopus, a.semantic_scholar_id AS semantic_scholar, a.sources AS sources,
       [key IN keys(a) WHERE key STARTS WITH 'profile_' | [key, a[key]]] AS profile
""",
    ("ids",),
)
"""The authors of the touched authors' blocks, for the blocks that hold two or more."""

ALL_CROWDED_BLOCKS = Statement(
    """
MATCH (a:Author)
WHERE a.block IS NOT NULL
WITH a.block AS block, collect(a) AS authors
WHERE size(authors) > 1
UNWIND authors AS a
RETURN block, a.id AS id, a.name AS name, a.aliases AS aliases, a.orcid AS orcid, a.openalex_id AS openalex,
       a.dblp_id AS dblp, a.scopus_id AS scopus, a.semantic_scholar_id AS semantic_scholar, a.sources AS sources,
       [key IN keys(a) WHERE key STARTS WITH 'profile_' | [key, a[key]]] AS profile
""",
    (),
)
"""Every block that holds two or more authors, for `authors duplicates`."""

LEDGER_HOLDERS = Statement(
    """
UNWIND $ids AS wanted
OPTIONAL MATCH (own:Author {id: wanted})
OPTIONAL MATCH (:MergedAuthor {id: wanted})-[:MERGED_INTO]->(absorber:Author)
WITH wanted, coalesce(own, absorber) AS a
WHERE a IS NOT NULL
WITH wanted, a, a.block AS block
RETURN block, a.id AS id, a.name AS name, a.aliases AS aliases, a.orcid AS orcid, a.openalex_id AS openalex,
       a.dblp_id AS dblp, a.scopus_id AS scopus, a.semantic_scholar_id AS semantic_scholar, a.sources AS sources,
       [key IN keys(a) WHERE key STARTS WITH 'profile_' | [key, a[key]]] AS profile, wanted
""",
    ("ids",),
)
"""The author holding each id a curation decision names: itself, or the author it was merged into."""

AUTHOR_SIGNATURES = Statement(
    f"""
UNWIND $ids AS authorId
MATCH (me:Author {{id: authorId}})-[w:AUTHORED]->(p:Paper)
OPTIONAL MATCH (p)-[:PUBLISHED_IN]->(v:Venue)
RETURN me.id AS author, p.id AS paper, w.position AS position, p.year AS year, p.title AS title, v.id AS venue,
       CASE WHEN {paired("p")}
            THEN [(o:Author)-[:AUTHORED]->(p) WHERE o <> me | o.name] ELSE [] END AS coauthors
""",
    ("ids",),
)
"""A paper past `MAX_PAIRED_AUTHORS` is no co-author evidence (`domain.hyperauthorship`)."""

MOVE_AUTHORED = Statement(
    """
MATCH (s:Author {id: $survivor})
UNWIND $absorbed AS goneId
MATCH (:Author {id: goneId})-[r:AUTHORED]->(p:Paper)
MERGE (s)-[k:AUTHORED]->(p)
ON CREATE SET k.position = r.position
ON MATCH SET k.position = coalesce(k.position, r.position)
DELETE r
""",
    ("absorbed", "survivor"),
)
"""Two records of one paper may print one person two ways at one position: that paper keeps one edge."""

ABSORB_AUTHORS = Statement(
    """
MATCH (s:Author {id: $survivor})
SET s += $properties
SET s.search_text = reduce(text = s.name, alias IN s.aliases | text + ' ' + alias)
WITH s
UNWIND $absorbed AS goneId
MATCH (m:Author {id: goneId})
SET s.orcid = coalesce(s.orcid, m.orcid),
    s.openalex_id = coalesce(s.openalex_id, m.openalex_id),
    s.dblp_id = coalesce(s.dblp_id, m.dblp_id),
    s.scopus_id = coalesce(s.scopus_id, m.scopus_id),
    s.semantic_scholar_id = coalesce(s.semantic_scholar_id, m.semantic_scholar_id)
MERGE (g:MergedAuthor {id: m.id})
MERGE (g)-[:MERGED_INTO]->(s)
WITH s, m
OPTIONAL MATCH (x:MergedAuthor)-[old:MERGED_INTO]->(m)
FOREACH (_ IN CASE WHEN x IS NULL THEN [] ELSE [1] END | MERGE (x)-[:MERGED_INTO]->(s) DELETE old)
WITH DISTINCT m
DETACH DELETE m
""",
    ("absorbed", "properties", "survivor"),
)
"""`properties` holds what the stage decided (name, aliases, sources, profile); ids are only filled in."""

RECOUNT_AUTHOR_TOPICS = Statement(
    """
MATCH (s:Author {id: $survivor})
OPTIONAL MATCH (s)-[old:WORKS_ON]->(:Topic)
DELETE old
WITH DISTINCT s
MATCH (s)-[:AUTHORED]->(:Paper)-[:ABOUT]->(t:Topic)
WITH s, t, count(*) AS papers
MERGE (s)-[w:WORKS_ON]->(t)
SET w.papers = papers
WITH DISTINCT t
MATCH (a:Author)-[:WORKS_ON]->(t)
WITH t, count(a) AS authors
SET t.author_count = authors
""",
    ("survivor",),
)
"""After edges moved between authors: the author's WORKS_ON tallies again, and the author counts of its
topics (merging two authors of one topic leaves it one author fewer)."""

SURVIVOR_PAPERS = Statement(
    "MATCH (:Author {id: $survivor})-[:AUTHORED]->(p:Paper) RETURN collect(p.id) AS papers",
    ("survivor",),
)

DELETE_SURVIVOR_COAUTHORED = Statement(
    "MATCH (:Author {id: $survivor})-[c:COAUTHORED]-(:Author) DELETE c",
    ("survivor",),
)

SPLIT_AUTHOR = Statement(
    """
MATCH (a:Author {id: $author})-[r:AUTHORED]->(p:Paper)
WHERE p.id IN $papers
WITH a, collect([r, p]) AS moves
MERGE (b:Author {id: $into})
ON CREATE SET b.name = a.name, b.norm_name = a.norm_name, b.block = a.block, b.aliases = [], b.sources = a.sources,
              b.coauthor_count = 0, b.search_text = a.name
WITH b, moves
UNWIND moves AS move
WITH b, move[0] AS r, move[1] AS p
MERGE (b)-[k:AUTHORED]->(p)
ON CREATE SET k.position = r.position
ON MATCH SET k.position = coalesce(k.position, r.position)
DELETE r
RETURN count(*) AS moved
""",
    ("author", "into", "papers"),
)
"""A curator's split: the author's edges to these papers go to the person split off (created when new)."""

RECORD_DECISION = Statement(
    """
OPTIONAL MATCH (d:CurationDecision)
WITH count(d) AS recorded
MERGE (x:CurationDecision {key: $key})
ON CREATE SET x.decision = $decision, x.seq = recorded
""",
    ("decision", "key"),
)
"""The curation ledger (identity/curation.py): one node a decision, in the order they were made."""

LEDGER = Statement(
    "MATCH (d:CurationDecision) RETURN d.decision AS decision ORDER BY d.seq",
    (),
)

MERGED_INTO = Statement(
    "MATCH (g:MergedAuthor)-[:MERGED_INTO]->(:Author {id: $id}) RETURN g.id AS id ORDER BY id",
    ("id",),
)
"""The ids of the authors merged into this one."""

AUTHORS_WITHOUT_CURRENT_BLOCK = Statement(
    "MATCH (a:Author) WHERE a.block IS NULL OR a.block CONTAINS 'ae' OR a.block CONTAINS 'oe' OR a.block CONTAINS 'ue'"
    " RETURN a.id AS id, a.norm_name AS norm_name LIMIT $batch",
    ("batch",),
)
SET_BLOCKS = Statement(
    "UNWIND $rows AS row MATCH (a:Author {id: row.id}) SET a.block = row.block",
    ("rows",),
)
"""Authors written before the stage existed get their block once, at schema set-up, and so do those
blocked before umlauts written out shared a block (`names.family_key`: a current block holds no
'ae', 'oe' or 'ue')."""
