"""The embedded store's SQLite schema: the record of truth, one file, WAL mode.

Every node has a dense integer `n` (the rowid) used by edges and the in-memory index, and
the stable string `id` the outside world sees. COAUTHORED, the author-topic and
author-venue tallies and the topic pairs are derived tables, written in the same
transaction as the edges they come from, so they can never drift apart. Full-text
indexes follow their tables through triggers (new authors and papers: in bulk, by the
writer), also inside the transaction.
"""

from __future__ import annotations

import sqlite3

from coauthor_graph.identity.stage import block_of

SCHEMA_VERSION = 1

_FTS = "tokenize = 'unicode61 remove_diacritics 2'"


PAPER_FTS_N_BITS = 32
"""A paper_fts key holds the paper's `n` in its low bits and its title's length above them."""
PAPER_OF_FTS_KEY = (1 << PAPER_FTS_N_BITS) - 1
"""The mask that takes a paper_fts key's `n` out of it."""


def paper_fts_key(title: str, n: str) -> str:
    """SQL for a paper's row key in paper_fts: its title's length in characters in the high bits,
    its `n` in the low PAPER_FTS_N_BITS.

    FTS5 yields matches in key order, so a query's first matches are the papers with the
    shortest titles: a title search can stop after the hits it needs instead of ranking every
    match (see `search`).
    """
    return f"((length({title}) << {PAPER_FTS_N_BITS}) | {n})"


_PAPER_FTS = f"""
-- Contentless, keyed by paper_fts_key: the paper table holds the text, the key orders the matches.
CREATE VIRTUAL TABLE IF NOT EXISTS paper_fts USING fts5(title, abstract, content='', {_FTS});
CREATE TRIGGER IF NOT EXISTS paper_fts_update AFTER UPDATE OF title, abstract ON paper BEGIN
    INSERT INTO paper_fts (paper_fts, rowid, title, abstract)
        VALUES ('delete', {paper_fts_key("old.title", "old.n")}, old.title, old.abstract);
    INSERT INTO paper_fts (rowid, title, abstract)
        VALUES ({paper_fts_key("new.title", "new.n")}, new.title, new.abstract);
END;
"""

DDL = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS author (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    norm_name TEXT NOT NULL,
    block TEXT NOT NULL DEFAULT '',
    orcid TEXT UNIQUE,
    aliases TEXT NOT NULL DEFAULT '[]',
    metrics TEXT NOT NULL DEFAULT '{{}}',
    sources TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS author_norm_name ON author (norm_name);
CREATE TABLE IF NOT EXISTS author_key (key TEXT PRIMARY KEY, author INTEGER NOT NULL) WITHOUT ROWID;
-- The curation ledger (identity/curation.py): people's decisions, applied by every load.
CREATE TABLE IF NOT EXISTS curation (seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, decision TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS author_key_author ON author_key (author);

CREATE TABLE IF NOT EXISTS paper (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    year INTEGER,
    date TEXT,
    doi TEXT UNIQUE,
    arxiv_id TEXT UNIQUE,
    fingerprint TEXT NOT NULL,
    url TEXT,
    abstract TEXT,
    authors_complete INTEGER NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    sources TEXT NOT NULL DEFAULT '[]',
    field_sources TEXT NOT NULL DEFAULT '{{}}'
);
CREATE INDEX IF NOT EXISTS paper_fingerprint ON paper (fingerprint);
-- A source's own record ids ('aan:J94-3002'): a paper key, and two ids of one source are two papers.
CREATE TABLE IF NOT EXISTS paper_record (key TEXT PRIMARY KEY, paper INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS paper_record_paper ON paper_record (paper);
CREATE INDEX IF NOT EXISTS paper_year ON paper (year);

CREATE TABLE IF NOT EXISTS topic (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    norm_name TEXT NOT NULL,
    scheme TEXT NOT NULL,
    code TEXT
);
CREATE INDEX IF NOT EXISTS topic_norm_name ON topic (norm_name);

CREATE TABLE IF NOT EXISTS venue (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL, issn TEXT
);

CREATE TABLE IF NOT EXISTS authored (
    author INTEGER NOT NULL, paper INTEGER NOT NULL, position INTEGER, PRIMARY KEY (author, paper)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS authored_paper ON authored (paper, author);
CREATE TABLE IF NOT EXISTS about (
    paper INTEGER NOT NULL, topic INTEGER NOT NULL, PRIMARY KEY (paper, topic)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS about_topic ON about (topic, paper);
CREATE TABLE IF NOT EXISTS published_in (paper INTEGER PRIMARY KEY, venue INTEGER NOT NULL);
-- The institutions a paper lists for its author at each position (resolution.listed_affiliations).
CREATE TABLE IF NOT EXISTS paper_affiliation (
    paper INTEGER NOT NULL, position INTEGER NOT NULL, institution TEXT NOT NULL,
    PRIMARY KEY (paper, position, institution)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS published_in_venue ON published_in (venue);
CREATE TABLE IF NOT EXISTS broader (
    topic INTEGER NOT NULL, parent INTEGER NOT NULL, PRIMARY KEY (topic, parent)
) WITHOUT ROWID;

-- Derived, kept in step with authored/about in the same transaction; a < b.
CREATE TABLE IF NOT EXISTS coauthored (
    a INTEGER NOT NULL, b INTEGER NOT NULL, papers INTEGER NOT NULL, first_year INTEGER, last_year INTEGER,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS coauthored_b ON coauthored (b, a);
CREATE TABLE IF NOT EXISTS author_topic (
    author INTEGER NOT NULL, topic INTEGER NOT NULL, papers INTEGER NOT NULL, PRIMARY KEY (author, topic)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS author_topic_topic ON author_topic (topic, papers);
CREATE TABLE IF NOT EXISTS author_venue (
    author INTEGER NOT NULL, venue INTEGER NOT NULL, papers INTEGER NOT NULL, PRIMARY KEY (author, venue)
) WITHOUT ROWID;
-- Papers about both topics, stored both ways (a -> b and b -> a): a topic's related topics are one range.
CREATE TABLE IF NOT EXISTS topic_pair (
    a INTEGER NOT NULL, b INTEGER NOT NULL, papers INTEGER NOT NULL, PRIMARY KEY (a, b)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE IF NOT EXISTS author_fts USING fts5(name, aliases, content='author', content_rowid='n', {_FTS});
CREATE VIRTUAL TABLE IF NOT EXISTS topic_fts USING fts5(name, code, content='topic', content_rowid='n', {_FTS});

CREATE TRIGGER IF NOT EXISTS author_fts_update AFTER UPDATE OF name, aliases ON author BEGIN
    INSERT INTO author_fts (author_fts, rowid, name, aliases) VALUES ('delete', old.n, old.name, old.aliases);
    INSERT INTO author_fts (rowid, name, aliases) VALUES (new.n, new.name, new.aliases);
END;
-- New authors and papers enter author_fts and paper_fts in bulk, from the writer (a trigger per
-- row cost a quarter of a load's time); changes to stored rows follow through the update triggers.
CREATE TRIGGER IF NOT EXISTS topic_fts_insert AFTER INSERT ON topic BEGIN
    INSERT INTO topic_fts (rowid, name, code) VALUES (new.n, new.name, new.code);
END;
{_PAPER_FTS}"""


def connect(path: str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are begun and ended explicitly."""
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    return _configured(sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False))


def connect_read_only(path: str) -> sqlite3.Connection:
    """A read-only connection, also to a file this process cannot write beside: WAL reads need the
    `-shm` file, which a read-only folder cannot hold, so such a file is opened as immutable (nobody
    can write it in WAL mode there either)."""
    try:
        connection = connect(path, readonly=True)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError:
        uri = f"file:{path}?mode=ro&immutable=1"
        return _configured(sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False))


def _configured(connection: sqlite3.Connection) -> sqlite3.Connection:
    connection.execute("PRAGMA busy_timeout = 30000")
    connection.execute("PRAGMA cache_size = -262144")  # 256 MiB page cache
    connection.execute("PRAGMA temp_store = MEMORY")
    return connection


_DERIVED_LATER = {
    "author_venue": "(author, venue, papers) SELECT w.author, pi.venue, count(*) FROM authored w"
    " JOIN published_in pi ON pi.paper = w.paper GROUP BY w.author, pi.venue",
    "topic_pair": "(a, b, papers) SELECT x.topic, y.topic, count(*) FROM about x"
    " JOIN about y ON y.paper = x.paper AND y.topic != x.topic GROUP BY x.topic, y.topic",
}
"""Derived tables added after the first release of the schema, and how an older file fills them."""


def _has_table(connection: sqlite3.Connection, name: str) -> bool:
    found = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return found.fetchone() is not None


def _paper_fts_keyed_by_n(connection: sqlite3.Connection) -> bool:
    """Whether the file's paper_fts is the older one, which read the paper table and was keyed by `n`."""
    (sql,) = connection.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'paper_fts'").fetchone()
    return "content='paper'" in sql


def _rekey_paper_fts(connection: sqlite3.Connection) -> None:
    """Index the papers again under `paper_fts_key`, in one transaction: a killed process leaves the old index."""
    try:
        connection.executescript(
            "BEGIN IMMEDIATE; DROP TRIGGER paper_fts_update; DROP TABLE paper_fts;"
            f"{_PAPER_FTS}"
            f"INSERT INTO paper_fts (rowid, title, abstract) SELECT {paper_fts_key('title', 'n')}, title, abstract"
            " FROM paper ORDER BY 1; COMMIT;"
        )
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def initialize(connection: sqlite3.Connection) -> None:
    """Create the schema if missing; refuse a file written by an unknown schema version."""
    # WAL: readers keep a consistent snapshot while a load writes; NORMAL sync is safe against
    # a killed process (a crash loses no committed transaction that the WAL already holds).
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    missing = [table for table in _DERIVED_LATER if not _has_table(connection, table)]
    for trigger in ("author_fts_insert", "paper_fts_insert"):  # files from before the writer indexed new rows
        connection.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    connection.executescript(DDL)
    if _paper_fts_keyed_by_n(connection):
        _rekey_paper_fts(connection)
    for table in missing:  # a file written before the table existed: derive it once from its edges
        connection.execute(f"INSERT INTO {table} {_DERIVED_LATER[table]}")
    # Files written before papers recorded their fields' sources gain the column (empty: no source known).
    columns = {row[1] for row in connection.execute("PRAGMA table_info(paper)")}
    if "field_sources" not in columns:
        connection.execute("ALTER TABLE paper ADD COLUMN field_sources TEXT NOT NULL DEFAULT '{}'")
    if "block" not in {row[1] for row in connection.execute("PRAGMA table_info(author)")}:
        # Files from before the disambiguation stage: the block is read from the name in Python.
        connection.execute("ALTER TABLE author ADD COLUMN block TEXT NOT NULL DEFAULT ''")
        connection.executemany(
            "UPDATE author SET block = ? WHERE n = ?",
            [(block_of(norm), n) for n, norm in connection.execute("SELECT n, norm_name FROM author")],
        )
    if connection.execute("SELECT 1 FROM meta WHERE key = 'block_rule'").fetchone() is None:
        # Files from before umlauts written out shared a block (`names.family_key`): only such blocks change.
        connection.executemany(
            "UPDATE author SET block = ? WHERE n = ?",
            [
                (block_of(norm), n)
                for n, norm in connection.execute(
                    "SELECT n, norm_name FROM author WHERE block LIKE '%ae%' OR block LIKE '%oe%' OR block LIKE '%ue%'"
                )
            ],
        )
        connection.execute("INSERT INTO meta (key, value) VALUES ('block_rule', 'family_key')")
    connection.execute("CREATE INDEX IF NOT EXISTS author_block ON author (block)")
    if "issn" not in {row[1] for row in connection.execute("PRAGMA table_info(venue)")}:
        connection.execute("ALTER TABLE venue ADD COLUMN issn TEXT")
    connection.execute("CREATE UNIQUE INDEX IF NOT EXISTS venue_issn ON venue (issn)")
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        connection.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    elif int(row[0]) != SCHEMA_VERSION:
        raise sqlite3.DatabaseError(f"store schema version {row[0]} is not supported (expected {SCHEMA_VERSION})")
