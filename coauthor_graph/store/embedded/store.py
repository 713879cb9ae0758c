"""The embedded store: SQLite (WAL) as the record of truth plus an in-memory graph index.

Writes go through their own connection in one transaction per upsert; reads use a second
connection, so they see only committed data (WAL snapshots). The index is swapped in under
the same lock that reads take, so a reader never pairs new tables with an old index.
Commits by other processes are noticed through `PRAGMA data_version` and reload the index.
The index is built on the first query that needs it, so a process that only loads never builds it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import numpy as np

from coauthor_graph.compute import shortest_paths, topic_graph
from coauthor_graph.domain.errors import NotFoundError, StoreError
from coauthor_graph.domain.records import Record
from coauthor_graph.domain.views import (
    Author,
    Authorship,
    Coauthorship,
    CollaborationHop,
    CollaborationPath,
    GraphStats,
    JointPaper,
    ListedAffiliation,
    Node,
    Paper,
    PaperLinks,
    PaperPage,
    RelatedTopic,
    SearchHit,
    Topic,
    TopicAuthor,
    TopicCount,
    TopicPath,
    TopicYear,
    UpsertReport,
    VenueCount,
)
from coauthor_graph.identity.curation import Decision
from coauthor_graph.identity.keys import author_name_id, normalize_name, normalize_text
from coauthor_graph.identity.stage import PossibleDuplicate, block_of, printed_as
from coauthor_graph.recommend.model import ServedWeights
from coauthor_graph.store.coauthorships import coauthorships
from coauthor_graph.store.embedded import identities, networks, rows, search
from coauthor_graph.store.embedded.candidates import EmbeddedCandidates
from coauthor_graph.store.embedded.graph_rows import EmbeddedGraphRows
from coauthor_graph.store.embedded.index import GraphIndex
from coauthor_graph.store.embedded.read_turns import TurnTakingReads
from coauthor_graph.store.embedded.schema import connect, connect_read_only, initialize
from coauthor_graph.store.embedded.sql import IDS
from coauthor_graph.store.embedded.writer import UpsertTransaction
from coauthor_graph.store.port import (
    DEFAULT_COLLABORATION_HOPS,
    DEFAULT_TOPIC_HOPS,
    PaperKey,
    check_max_hops,
    joint_paper_key,
    listed_affiliation_key,
    topic_path_end_kind,
)

_TABLES = {"author": "Author", "paper": "Paper", "topic": "Topic", "venue": "Venue"}
_RELATIONSHIPS = {
    "AUTHORED": "authored",
    "ABOUT": "about",
    "PUBLISHED_IN": "published_in",
    "BROADER": "broader",
    "COAUTHORED": "coauthored",
}
_NEWEST_KEY = (
    "(p.year IS NULL), -coalesce(p.year, 0), (p.date IS NULL), -coalesce(CAST(replace(p.date, '-', '') AS INTEGER), 0),"
    " p.id"
)
"""`store.port.newest_first_key` in SQL, as one ascending row value: what "newest first" orders by,
and what a paper page's keyset is compared with."""
_PAPER_LINKS = {
    "author": ("author", "authored", "author"),
    "topic": ("topic", "about", "topic"),
    "venue": ("venue", "published_in", "venue"),
}
"""Per kind of owner: its table, the table linking it to papers, and the link's owner column."""


WRITE_LOCK_WAIT_SECONDS = 5.0
READS_SATURATED_SECONDS = 2.0
"""`ping` (and so `/ready`) fails while a request has waited this long for its turn on the read thread."""

P = ParamSpec("P")
T = TypeVar("T")


def _on_read_thread(
    read: Callable[Concatenate[EmbeddedStore, P], T],
) -> Callable[Concatenate[EmbeddedStore, P], Coroutine[Any, Any, T]]:
    """A synchronous read as the port's coroutine: run on the store's read thread, with its lock held."""

    @functools.wraps(read)
    async def on_read_thread(store: EmbeddedStore, *args: P.args, **kwargs: P.kwargs) -> T:
        return await store._run_read(functools.partial(read, store, *args, **kwargs))

    return on_read_thread


class EmbeddedStore:
    """A GraphStore in one SQLite file; nothing to install, nothing to run."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._writer: sqlite3.Connection | None = None
        self._read_only_because: str | None = None
        try:
            self._writer = connect(self.path)
            initialize(self._writer)
            self._writer.execute(f"PRAGMA busy_timeout = {int(WRITE_LOCK_WAIT_SECONDS * 1000)}")
            self._reader = connect(self.path)
        except sqlite3.OperationalError as error:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
            if error.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
                raise StoreError(f"cannot open the embedded store at {self.path}: {error}") from None
            self._reader = self._read_only(error)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open the embedded store at {self.path}: {error}") from None
        self._checked = False
        self._corrupt_because: str | None = None
        self._lock = threading.RLock()
        """Taken by every read and by a load's commit: a read never sees new tables with an old index."""
        self._write_lock = threading.Lock()
        self._reads = TurnTakingReads(f"embedded-store-reads:{self.path}")
        """Reads run here, one at a time and taking turns between requests, so the event loop keeps
        answering other requests (and /health) while SQLite and the index work, and a light read is not
        queued behind a heavy request's many; a cancelled request's queued reads never start."""
        self._built_index: GraphIndex | None = None  # built on the first query that needs it
        self._data_version = self._current_data_version()

    # --- writes ---------------------------------------------------------------------------------

    async def upsert(self, records: Iterable[Record]) -> UpsertReport:
        """One transaction, written by a worker thread so the event loop keeps answering reads
        (WAL gives them the last committed state). A cancelled upsert (a client gone, a time
        limit, Ctrl-C) stops at the next record and rolls back, and returns only once it has; one
        cancelled after its last record has committed, and returns its report."""
        cancelled = threading.Event()
        work = asyncio.ensure_future(asyncio.to_thread(self._write, lambda t: t.apply(_until(cancelled, records))))
        try:
            return await asyncio.shield(work)
        except asyncio.CancelledError:
            cancelled.set()
            with contextlib.suppress(Exception):  # it rolled back: the cancel stands
                # Past its last record it commits regardless: a committed load is reported as committed,
                # never as cancelled (a time limit must not say "nothing happened" about stored papers).
                return await work
            raise

    async def curate(self, decisions: Sequence[Decision]) -> UpsertReport:
        """Record curation decisions and apply the whole ledger, in one transaction."""

        def step(transaction: UpsertTransaction) -> None:
            transaction.record_decisions(decisions)
            transaction.apply(())

        return await asyncio.to_thread(self._write, step)

    @_on_read_thread
    def served_weights(self) -> ServedWeights | None:
        row = self._db().execute("SELECT value FROM meta WHERE key = 'served_weights'").fetchone()
        return ServedWeights.from_json(row[0]) if row else None

    async def keep_served_weights(self, weights: ServedWeights) -> None:
        def step(transaction: UpsertTransaction) -> None:
            transaction.keep_meta("served_weights", weights.to_json())

        await asyncio.to_thread(self._write, step)

    @_on_read_thread
    def curation_ledger(self) -> list[Decision]:
        return identities.ledger(self._db())

    @_on_read_thread
    def possible_duplicates(self, min_score: float = 0.0, limit: int = 50) -> list[PossibleDuplicate]:
        return identities.possible_duplicates(self._db(), min_score, limit)

    @_on_read_thread
    def merged_into(self, author_id: str) -> list[str]:
        row = self._db().execute("SELECT n FROM author WHERE id = ?", (author_id,)).fetchone()
        return identities.former_ids(self._db(), row[0]) if row else []

    def _read_only(self, refused: sqlite3.OperationalError) -> sqlite3.Connection:
        """A file this process may read but not write (or write beside): served read-only, so read
        commands and the API work on a store on a read-only volume; loads say why they cannot."""
        try:
            reader = connect_read_only(self.path)
        except sqlite3.DatabaseError:
            raise StoreError(f"cannot open the embedded store at {self.path}: {refused}") from None
        self._read_only_because = str(refused)
        return reader

    def _write(self, step: Callable[[UpsertTransaction], None]) -> UpsertReport:
        if self._writer is None:
            raise StoreError(
                f"the embedded store at {self.path} is read-only to this process (SQLite: {self._read_only_because}):"
                " loading and curating need write access to the file and to its folder"
            )
        with self._write_lock:
            try:
                self._check_before_first_write()
            except sqlite3.DatabaseError as error:
                raise self._failed("checked", error) from None
            if self._corrupt_because is not None:
                raise self._corrupt()
            self._begin_writing()
            try:
                transaction = UpsertTransaction(self._writer)
                step(transaction)
            except sqlite3.Error as error:
                raise self._rolled_back(error) from None
            except BaseException:
                self._writer.execute("ROLLBACK")
                raise
            with self._lock:
                # Another process committed since this one last looked: the index misses that too, so
                # patching it with this load's changes alone would answer from a graph that never was.
                outside = self._current_data_version() != self._data_version
                try:
                    self._writer.execute("COMMIT")
                except sqlite3.Error as error:
                    raise self._rolled_back(error) from None
                if self._built_index is not None:
                    self._built_index = None if outside else self._built_index.apply(self._reader, transaction.delta)
                self._data_version = self._current_data_version()
            return transaction.report()

    def _rolled_back(self, error: sqlite3.Error) -> StoreError:
        """Roll back after a SQLite failure (a full disk, a read-only file) and say which store failed."""
        with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back already
            self._writing().execute("ROLLBACK")
        return self._failed("written", error)

    def _writing(self) -> sqlite3.Connection:
        """The write connection, which `_write` has checked exists."""
        assert self._writer is not None
        return self._writer

    def _begin_writing(self) -> None:
        """Take the file's write lock, waiting WRITE_LOCK_WAIT_SECONDS at most (set on the write connection):
        another process loading into the same file may hold it for minutes, and saying so beats a long
        silent wait."""
        try:
            self._writing().execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(
                f"the embedded store at {self.path} is busy: another process is writing to it ({error});"
                " try again when it is done"
            ) from None
        except sqlite3.Error as error:
            raise self._failed("written", error) from None

    # --- lookups ----------------------------------------------------------------------------------

    async def _run_read(self, read: Callable[[], T]) -> T:
        return await asyncio.wrap_future(self._reads.submit(functools.partial(self._locked, read)))

    def _locked(self, read: Callable[[], T]) -> T:
        with self._lock:
            try:
                return read()
            except sqlite3.DatabaseError as error:
                if not _corruption(error):
                    raise  # a bug (no such table, a bad statement): masked for clients, logged for the operator
                raise self._failed("read", error) from None

    def _failed(self, what: str, error: sqlite3.Error) -> StoreError:
        """Say which store failed and why; a corrupt one is remembered, and never written to again."""
        if _corruption(error):
            self._corrupt_because = str(error)
            return self._corrupt()
        return StoreError(f"the embedded store at {self.path} could not be {what}: {error}")

    def _corrupt(self) -> StoreError:
        return StoreError(
            f"the embedded store at {self.path} is corrupt (SQLite: {self._corrupt_because}), so nothing is written"
            f" to it: restore it from a backup, or load your files into a new store (`sqlite3 {self.path} .recover`"
            " may save what is left)"
        )

    def _check_before_first_write(self) -> None:
        """SQLite's quick check, once per process before its first write (0.9 s at 100k papers, 7.8 s at
        1M): a load must not add to a file whose pages are already damaged."""
        if self._checked:
            return
        (verdict,) = self._writing().execute("PRAGMA quick_check(1)").fetchone()
        if verdict != "ok":
            self._corrupt_because = " ".join(verdict.split())
        self._checked = True

    def _db(self) -> sqlite3.Connection:
        """The read connection, after picking up commits made by other processes. On the read thread only."""
        version = self._current_data_version()
        if version != self._data_version:
            self._built_index = None
            self._data_version = version
        return self._reader

    @property
    def _index(self) -> GraphIndex:
        """The in-memory index, built from the tables on first use (a load-only process never needs it)."""
        if self._built_index is None:
            self._built_index = GraphIndex.build(self._reader)
        return self._built_index

    def _current_data_version(self) -> int:
        return self._reader.execute("PRAGMA data_version").fetchone()[0]

    @_on_read_thread
    def get(self, node_id: str) -> Node | None:
        return self._get_many([node_id])[0]

    @_on_read_thread
    def get_many(self, node_ids: Sequence[str]) -> list[Node | None]:
        return self._get_many(node_ids)

    def _get_many(self, node_ids: Sequence[str]) -> list[Node | None]:
        found: dict[str, Node] = {}
        db = self._db()
        for kind, table in rows.NODE_TABLES.items():
            wanted = [node_id for node_id in node_ids if node_id.startswith(kind + ":")]
            if wanted:
                for row in db.execute(
                    f"SELECT {table.columns} FROM {table.source} WHERE {table.alias}.id IN ({IDS})",
                    (json.dumps(wanted),),
                ):
                    found[row[0]] = table.view(row)
        return [found.get(node_id) for node_id in node_ids]

    @_on_read_thread
    def find_author(self, name: str) -> list[Author]:
        return self._find_author(name)

    @_on_read_thread
    def find_authors(self, names: Sequence[str]) -> list[list[Author]]:
        return [self._find_author(name) for name in names]

    def _find_author(self, name: str) -> list[Author]:
        """The authors of that name, and the one a node of that name was merged into; else those
        who were printed so once (an alias)."""
        norm = normalize_name(name)
        found = [
            rows.author(row)
            for row in self._db().execute(
                f"SELECT {rows.AUTHOR_COLUMNS} FROM author a WHERE a.norm_name = ?"
                " OR a.n = (SELECT author FROM author_key WHERE key = ?) ORDER BY a.id",
                (norm, identities.REDIRECT + author_name_id(norm)),
            )
        ]
        if found:
            return found
        in_block = self._db().execute(
            f"SELECT {rows.AUTHOR_COLUMNS} FROM author a WHERE a.block = ? ORDER BY a.id", (block_of(norm),)
        )
        return printed_as(norm, [rows.author(row) for row in in_block])

    @_on_read_thread
    def find_topic(self, name: str) -> list[Topic]:
        found = self._db().execute(
            f"SELECT {rows.TOPIC_COLUMNS} FROM topic t WHERE t.norm_name = ? OR lower(t.code) = lower(?) ORDER BY t.id",
            (normalize_text(name), name.strip()),
        )
        return [rows.topic(row) for row in found]

    @_on_read_thread
    def find_authors_by_orcid(self, orcids: Sequence[str]) -> list[Author | None]:
        found = {
            author.orcid: author
            for author in map(
                rows.author,
                self._db().execute(
                    f"SELECT {rows.AUTHOR_COLUMNS} FROM author a WHERE a.orcid IN ({IDS})", (json.dumps(list(orcids)),)
                ),
            )
        }
        return [found.get(orcid) for orcid in orcids]

    # --- search -------------------------------------------------------------------------------------

    @_on_read_thread
    def search_authors(self, text: str, limit: int = 10) -> list[SearchHit]:
        return self._search(search.authors, text, limit)

    @_on_read_thread
    def search_papers(self, text: str, limit: int = 10) -> list[SearchHit]:
        return self._search(search.papers, text, limit)

    @_on_read_thread
    def search_topics(self, text: str, limit: int = 10) -> list[SearchHit]:
        return self._search(search.topics, text, limit)

    def _search(self, find: search.Search, text: str, limit: int) -> list[SearchHit]:
        words = normalize_text(text).split()
        if not words or limit <= 0:
            return []
        return find(self._db(), words, limit)

    # --- authors and papers -----------------------------------------------------------------------

    def _n(self, table: str, node_id: str) -> int:
        row = self._db().execute(f"SELECT n FROM {table} WHERE id = ?", (node_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no {_TABLES[table]} with id {node_id!r}")
        return row[0]

    @_on_read_thread
    def papers_of_author(
        self,
        author_id: str,
        *,
        year_from: int | None = None,
        year_to: int | None = None,
        topic_id: str | None = None,
    ) -> list[Paper]:
        n = self._n("author", author_id)
        found = self._db().execute(
            f"SELECT {rows.PAPER_COLUMNS} FROM authored w JOIN paper p ON p.n = w.paper WHERE w.author = ?"
            " AND (? IS NULL OR p.year >= ?) AND (? IS NULL OR p.year <= ?)"
            " AND (? IS NULL OR EXISTS (SELECT 1 FROM about ab JOIN topic t ON t.n = ab.topic"
            "      WHERE ab.paper = p.n AND t.id = ?))"
            f" ORDER BY {_NEWEST_KEY}",
            (n, year_from, year_from, year_to, year_to, topic_id, topic_id),
        )
        return [rows.paper(row) for row in found]

    @_on_read_thread
    def authors_of_paper(self, paper_id: str) -> list[Authorship]:
        self._n("paper", paper_id)
        return self._authors_of([paper_id])[0]

    @_on_read_thread
    def coauthors(self, author_id: str) -> list[Coauthorship]:
        self._n("author", author_id)
        return self._coauthors_of([author_id])[0]

    # --- batched neighbourhoods: one query for many owners ------------------------------------------

    def _grouped(self, ids: Sequence[str], sql: str, convert: Callable[[Sequence[Any]], Any]) -> list[list[Any]]:
        """Run a query whose rows start with their owner's id (each `?` gets the ids): one list per id."""
        groups: dict[str, list[Any]] = {node_id: [] for node_id in ids}
        payload = json.dumps(list(groups))
        for row in self._db().execute(sql, (payload,) * sql.count("?")):
            groups[row[0]].append(convert(row[1:]))
        return [groups[node_id] for node_id in ids]

    @_on_read_thread
    def paper_pages_of(self, node_ids: Sequence[str], first: int, after: PaperKey | None = None) -> list[PaperPage]:
        pages = []
        db = self._db()
        for node_id in node_ids:  # a query per owner, so each stops at its own page
            link = _PAPER_LINKS.get(node_id.split(":", 1)[0])
            if link is None:
                pages.append(PaperPage(papers=(), has_more=False, total=0))
                continue
            owner_table, link_table, owner_column = link
            owned = f"{owner_table} o JOIN {link_table} l ON l.{owner_column} = o.n"
            keyset = f" AND ({_NEWEST_KEY}) > (?, ?, ?, ?, ?)" if after is not None else ""
            found = [
                rows.paper(row)
                for row in db.execute(
                    f"SELECT {rows.PAPER_COLUMNS} FROM {owned} JOIN paper p ON p.n = l.paper"
                    f" WHERE o.id = ?{keyset} ORDER BY {_NEWEST_KEY} LIMIT ?",
                    (node_id, *(after or ()), first + 1),
                )
            ]
            (total,) = db.execute(f"SELECT count(*) FROM {owned} WHERE o.id = ?", (node_id,)).fetchone()
            pages.append(PaperPage.cut(found, first, total))
        return pages

    def _authors_of(self, paper_ids: Sequence[str]) -> list[list[Authorship]]:
        return self._grouped(
            paper_ids,
            f"SELECT x.value, {rows.AUTHOR_COLUMNS}, w.position FROM json_each(?) x JOIN paper p ON p.id = x.value"
            " JOIN authored w ON w.paper = p.n JOIN author a ON a.n = w.author"
            " ORDER BY w.position IS NULL, w.position, a.name, a.id",
            lambda row: Authorship(author=rows.author(row[:-1]), position=row[-1]),
        )

    authors_of = _on_read_thread(_authors_of)

    def _coauthors_of(self, author_ids: Sequence[str], *, with_joint_papers: bool = True) -> list[list[Coauthorship]]:
        joint = self._joint_papers(author_ids) if with_joint_papers else [[] for _ in author_ids]
        ties = self._grouped(
            author_ids,
            "WITH ties(owner, other, papers, first_year, last_year) AS ("
            " SELECT x.value, c.b, c.papers, c.first_year, c.last_year FROM json_each(?) x"
            "  JOIN author me ON me.id = x.value JOIN coauthored c ON c.a = me.n"
            " UNION ALL SELECT x.value, c.a, c.papers, c.first_year, c.last_year FROM json_each(?) x"
            "  JOIN author me ON me.id = x.value JOIN coauthored c ON c.b = me.n)"
            f" SELECT t.owner, {rows.AUTHOR_COLUMNS}, t.papers, t.first_year, t.last_year FROM ties t"
            " JOIN author a ON a.n = t.other ORDER BY t.papers DESC, t.last_year DESC NULLS LAST, a.name, a.id",
            lambda row: (rows.author(row[:7]), *row[7:]),
        )
        return coauthorships(joint, ties)

    coauthors_of = _on_read_thread(_coauthors_of)

    def _joint_papers(self, author_ids: Sequence[str]) -> list[list[tuple[str, Paper]]]:
        """For each author: (co-author id, joint paper) pairs, newest paper first."""
        return self._grouped(
            author_ids,
            f"SELECT x.value, other.id, {rows.PAPER_COLUMNS} FROM json_each(?) x JOIN author me ON me.id = x.value"
            " JOIN authored w1 ON w1.author = me.n JOIN authored w2 ON w2.paper = w1.paper AND w2.author != w1.author"
            f" JOIN author other ON other.n = w2.author JOIN paper p ON p.n = w1.paper ORDER BY {_NEWEST_KEY}",
            lambda row: (row[0], rows.paper(row[1:])),
        )

    @_on_read_thread
    def topics_of(self, node_ids: Sequence[str]) -> list[list[TopicCount]]:
        return self._counted_of(node_ids, "topic", lambda topic, papers: TopicCount(topic=topic, papers=papers))

    @_on_read_thread
    def venues_of(self, node_ids: Sequence[str]) -> list[list[VenueCount]]:
        return self._venues_of(node_ids)

    def _venues_of(self, node_ids: Sequence[str]) -> list[list[VenueCount]]:
        return self._counted_of(node_ids, "venue", lambda venue, papers: VenueCount(venue=venue, papers=papers))

    def _counted_of(self, node_ids: Sequence[str], kind: str, count: Callable[[Any, int], Any]) -> list[list[Any]]:
        """The topics or venues of papers (1 paper each) and of authors (their `author_<kind>` tally),
        most papers first, then id."""
        _, link, column = _PAPER_LINKS[kind]
        table = rows.NODE_TABLES[kind]
        return self._grouped(
            node_ids,
            "WITH counted(owner, node, papers) AS ("
            f" SELECT x.value, l.{column}, 1 FROM json_each(?) x JOIN paper p ON p.id = x.value"
            f"  JOIN {link} l ON l.paper = p.n"
            f" UNION ALL SELECT x.value, tally.{kind}, tally.papers FROM json_each(?) x JOIN author a ON a.id = x.value"
            f"  JOIN author_{kind} tally ON tally.author = a.n)"
            f" SELECT c.owner, {table.columns}, c.papers FROM counted c JOIN {table.source} ON {table.alias}.n = c.node"
            f" ORDER BY c.papers DESC, {table.alias}.id",
            lambda row: count(table.view(row[:-1]), row[-1]),
        )

    @_on_read_thread
    def broader_of(self, topic_ids: Sequence[str]) -> list[list[Topic]]:
        return self._grouped(
            topic_ids,
            f"SELECT x.value, {rows.TOPIC_COLUMNS} FROM json_each(?) x JOIN topic child ON child.id = x.value"
            " JOIN broader b ON b.topic = child.n JOIN topic t ON t.n = b.parent ORDER BY t.id",
            rows.topic,
        )

    @_on_read_thread
    def narrower_of(self, topic_ids: Sequence[str]) -> list[list[Topic]]:
        return self._grouped(
            topic_ids,
            f"SELECT x.value, {rows.TOPIC_COLUMNS} FROM json_each(?) x JOIN topic parent ON parent.id = x.value"
            " JOIN broader b ON b.parent = parent.n JOIN topic t ON t.n = b.topic ORDER BY t.id",
            rows.topic,
        )

    # --- paths ---------------------------------------------------------------------------------------

    @_on_read_thread
    def collaboration_path(
        self, source_id: str, target_id: str, max_hops: int = DEFAULT_COLLABORATION_HOPS
    ) -> CollaborationPath | None:
        check_max_hops(max_hops)
        db = self._db()
        source, target = self._n("author", source_id), self._n("author", target_id)
        order = _IdOrder(db, "author")
        found = shortest_paths.shortest_path(
            self._index.adjacency, source, target, max_hops, lambda keys: order.smallest(keys)[1]
        )
        if found is None:
            return None
        by_key = rows.views_by_key(db, "author", set(found))
        authors = [by_key[node] for node in found]
        hops = tuple(
            CollaborationHop(
                source=authors[i], target=authors[i + 1], paper=self._linking_paper(found[i], found[i + 1])
            )
            for i in range(len(found) - 1)
        )
        return CollaborationPath(authors=tuple(authors), hops=hops)

    def _linking_paper(self, a: int, b: int) -> Paper:
        row = (
            self._db()
            .execute(
                f"SELECT {rows.PAPER_COLUMNS} FROM authored x JOIN authored y ON y.paper = x.paper AND y.author = ?"
                f" JOIN paper p ON p.n = x.paper WHERE x.author = ? ORDER BY {_NEWEST_KEY} LIMIT 1",
                (b, a),
            )
            .fetchone()
        )
        return rows.paper(row)

    @_on_read_thread
    def topic_path(self, source_id: str, target_id: str, max_hops: int = DEFAULT_TOPIC_HOPS) -> TopicPath | None:
        check_max_hops(max_hops)
        db = self._db()
        source, target = (
            topic_graph.node(kind, self._n(kind, node_id))
            for kind, node_id in (
                (topic_path_end_kind(source_id), source_id),
                (topic_path_end_kind(target_id), target_id),
            )
        )
        orders = {kind: _IdOrder(db, kind) for kind in topic_graph.KINDS}
        found = shortest_paths.shortest_path(
            self._index.topic_graph(db),
            source,
            target,
            max_hops,
            lambda nodes: topic_graph.smallest_node(nodes, lambda kind, keys: orders[kind].smallest(keys)),
        )
        if found is None:
            return None
        views = {
            kind: rows.views_by_key(db, kind, set(keys.tolist()))
            for kind, keys in topic_graph.keys_by_kind(np.array(found)).items()
        }
        return TopicPath.through([views[topic_graph.kind_of(node)][topic_graph.key_of(node)] for node in found])

    # --- conflicts of interest ----------------------------------------------------------------------

    @_on_read_thread
    def joint_papers(
        self, author_ids: Sequence[str], coauthor_ids: Sequence[str] | None, since_year: int | None
    ) -> list[JointPaper]:
        db = self._db()
        owners = self._keys(db, author_ids)
        others = None if coauthor_ids is None else self._keys(db, coauthor_ids)
        # Walk the papers of whichever side wrote fewer: co-authors of a submission's authors are often
        # hubs (99 of them held 343k papers at 1M), reviewers mostly are not, or the other way round.
        flip = others is not None and self._papers_of_keys(db, others) < self._papers_of_keys(db, owners)
        start, keep = (others, owners) if flip else (owners, others)
        found = db.execute(
            "SELECT w1.author, w2.author, p.n FROM authored w1 JOIN paper p ON p.n = w1.paper"
            " JOIN authored w2 ON w2.paper = p.n AND w2.author != w1.author"
            f" WHERE w1.author IN ({IDS}) AND (? IS NULL OR w2.author IN ({IDS})) AND (? IS NULL OR p.year >= ?)",
            (json.dumps(start), None if keep is None else 1, json.dumps(keep or []), since_year, since_year),
        ).fetchall()
        pairs = [(b, a, p) for a, b, p in found] if flip else found
        authors = rows.views_by_key(db, "author", {k for a, b, _ in pairs for k in (a, b)})
        papers = rows.views_by_key(db, "paper", {p for _, _, p in pairs})
        joint = [JointPaper(authors[a].id, authors[b], papers[p]) for a, b, p in pairs]
        joint.sort(key=joint_paper_key)
        return joint

    @_on_read_thread
    def listed_affiliations(self, author_ids: Sequence[str], since_year: int | None) -> list[ListedAffiliation]:
        db = self._db()
        found = db.execute(
            "SELECT w.author, pa.institution, p.n FROM author a JOIN authored w ON w.author = a.n"
            " JOIN paper_affiliation pa ON pa.paper = w.paper AND pa.position = w.position"
            f" JOIN paper p ON p.n = w.paper WHERE a.id IN ({IDS}) AND (? IS NULL OR p.year >= ?)",
            (json.dumps(list(author_ids)), since_year, since_year),
        ).fetchall()
        authors = rows.views_by_key(db, "author", {a for a, _, _ in found})
        papers = rows.views_by_key(db, "paper", {p for _, _, p in found})
        listed = [ListedAffiliation(authors[a].id, institution, papers[p]) for a, institution, p in found]
        listed.sort(key=listed_affiliation_key)
        return listed

    @staticmethod
    def _keys(db: sqlite3.Connection, author_ids: Sequence[str]) -> list[int]:
        found = db.execute(f"SELECT n FROM author WHERE id IN ({IDS})", (json.dumps(list(author_ids)),))
        return [n for (n,) in found]

    @staticmethod
    def _papers_of_keys(db: sqlite3.Connection, keys: list[int]) -> int:
        """How many papers these authors wrote, counted on the index alone."""
        return db.execute(f"SELECT count(*) FROM authored WHERE author IN ({IDS})", (json.dumps(keys),)).fetchone()[0]

    # --- networks -------------------------------------------------------------------------------------

    @_on_read_thread
    def paper_links(
        self,
        author_ids: Sequence[str] | None = None,
        topic_id: str | None = None,
        first_year: int | None = None,
        last_year: int | None = None,
        limit: int | None = None,
    ) -> list[PaperLinks]:
        return networks.paper_links(self._db(), author_ids, topic_id, first_year, last_year, limit)

    # --- topics ---------------------------------------------------------------------------------------

    @_on_read_thread
    def topic_trajectories_of(self, author_ids: Sequence[str]) -> list[list[TopicYear]]:
        return self._grouped(
            author_ids,
            f"SELECT x.value, p.year, {rows.TOPIC_COLUMNS}, count(*) AS papers FROM json_each(?) x"
            " JOIN author a ON a.id = x.value JOIN authored w ON w.author = a.n JOIN paper p ON p.n = w.paper"
            " JOIN about ab ON ab.paper = p.n JOIN topic t ON t.n = ab.topic"
            " WHERE p.year IS NOT NULL GROUP BY x.value, p.year, t.n ORDER BY p.year, papers DESC, t.id",
            lambda row: TopicYear(year=row[0], topic=rows.topic(row[1:5]), papers=row[5]),
        )

    @_on_read_thread
    def related_topics_of(self, topic_ids: Sequence[str], limit: int = 10) -> list[list[RelatedTopic]]:
        return self._grouped(
            topic_ids,
            f"SELECT r.owner, {rows.TOPIC_COLUMNS}, r.shared FROM ("
            " SELECT q.value AS owner, t.n AS topic, p.papers AS shared,"
            "  row_number() OVER (PARTITION BY q.value ORDER BY p.papers DESC, t.id) AS rank"
            " FROM json_each(?) q JOIN topic me ON me.id = q.value JOIN topic_pair p ON p.a = me.n"
            " JOIN topic t ON t.n = p.b"
            f") r JOIN topic t ON t.n = r.topic WHERE r.rank <= {int(limit)} ORDER BY r.rank",
            lambda row: RelatedTopic(topic=rows.topic(row[:4]), shared_papers=row[4]),
        )

    @_on_read_thread
    def top_authors_of(self, topic_ids: Sequence[str], limit: int = 10) -> list[list[TopicAuthor]]:
        return self._grouped(
            topic_ids,
            f"SELECT r.owner, {rows.AUTHOR_COLUMNS}, r.papers FROM ("
            " SELECT q.value AS owner, x.author AS author, x.papers AS papers,"
            "  row_number() OVER (PARTITION BY q.value ORDER BY x.papers DESC, a.name, a.id) AS rank"
            " FROM json_each(?) q JOIN topic t ON t.id = q.value JOIN author_topic x ON x.topic = t.n"
            # Only authors with at least the limit-th highest count can rank: a short range of the topic index.
            "  AND x.papers >= coalesce((SELECT k.papers FROM author_topic k WHERE k.topic = t.n"
            f"   ORDER BY k.papers DESC LIMIT 1 OFFSET {max(0, int(limit) - 1)}), 0)"
            " JOIN author a ON a.n = x.author"
            f") r JOIN author a ON a.n = r.author WHERE r.rank <= {int(limit)} ORDER BY r.rank",
            lambda row: TopicAuthor(author=rows.author(row[:7]), papers=row[7]),
        )

    # --- recommendations -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def graph_rows(self) -> Iterator[EmbeddedGraphRows]:
        """The whole graph, read in its own read transaction on its own connection: one state of the
        tables however long the reading takes, while loads go on."""
        db = connect_read_only(self.path)
        try:
            db.execute("BEGIN")
            yield EmbeddedGraphRows(db)
        finally:
            db.close()

    @contextlib.asynccontextmanager
    async def candidates(self, author_id: str) -> AsyncIterator[EmbeddedCandidates]:
        """The author's candidates. The read thread holds the store's lock from before the first fact to
        after the last, so no load commits in between (one state of the tables and of the index); other
        reads still run on that thread meanwhile (the lock is re-entrant)."""
        held = self._reads.submit(self._lock.acquire)
        try:
            await asyncio.shield(asyncio.wrap_future(held))
            yield await self._run_read(
                lambda: EmbeddedCandidates(
                    self._run_read, self._db(), self._index, self._n("author", author_id), self._n, self._venues_of
                )
            )
        finally:
            # Queued after the acquire on the one read thread, so it releases exactly that, cancelled or not.
            self._reads.submit(self._lock.release)

    # --- stats ----------------------------------------------------------------------------------------

    @_on_read_thread
    def stats(self) -> GraphStats:
        db = self._db()
        nodes = {label: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table, label in _TABLES.items()}
        relationships = {
            name: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for name, table in _RELATIONSHIPS.items()
        }
        return GraphStats(nodes=nodes, relationships=relationships)

    @_on_read_thread
    def prepare(self) -> None:
        """The graph index, the topic graph and the author profiles (about 10 s at 1M papers)."""
        db = self._db()
        self._index.topic_graph(db)
        self._index.profiles(db)

    async def ping(self) -> None:
        """On a connection of its own, so a readiness check does not queue behind a long read."""
        await asyncio.to_thread(self._ping)

    def _ping(self) -> None:
        if self._corrupt_because is not None:
            raise self._corrupt()
        waited = self._reads.longest_wait()
        if waited > READS_SATURATED_SECONDS:
            raise StoreError(
                f"the embedded store at {self.path} is saturated: a request has waited {waited:.1f} s for its turn"
                " to read"
            )
        try:
            db = connect_read_only(self.path)
            try:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                db.close()
        except sqlite3.Error as error:
            raise StoreError(f"the embedded store at {self.path} does not answer: {error}") from None

    async def close(self) -> None:
        await self._run_read(self._close)
        self._reads.shutdown()

    def _close(self) -> None:
        self._reader.close()
        if self._writer is not None:
            self._writer.close()


def _corruption(error: sqlite3.Error) -> bool:
    return (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


class _Cancelled(Exception):
    """Raised inside the writer thread when the upsert awaiting it was cancelled."""


def _until(cancelled: threading.Event, records: Iterable[Record]) -> Iterator[Record]:
    for record in records:
        if cancelled.is_set():
            raise _Cancelled
        yield record


class _IdOrder:
    """The path tie-break's order for one table's nodes (their ids), asked of SQLite by integer key."""

    def __init__(self, db: sqlite3.Connection, table: str) -> None:
        self._db = db
        self._table = table

    def smallest(self, keys: np.ndarray) -> tuple[str, int]:
        """The smallest id among these nodes, and its key."""
        return self._db.execute(
            f"SELECT id, n FROM {self._table} WHERE n IN ({IDS}) ORDER BY id LIMIT 1", (json.dumps(keys.tolist()),)
        ).fetchone()
