"""The Neo4j store: the production GraphStore, on the official async driver.

One driver per store (create it once per process with `Neo4jStore.connect`, close it at
shutdown). Reads go through `execute_query` with read routing; a load is one explicit
transaction over all its batches, so a failed load leaves the graph as it was, or, with
`commit_every_batch`, one managed (retried) transaction per batch for imports too large for
one transaction. Every statement is a named `Statement` from `queries/`, sent with exactly
the parameters it declares.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncSession, Query, RoutingControl
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable

from coauthor_graph.compute.keeper import ProjectionKeeper
from coauthor_graph.compute.projected_candidates import ProjectedCandidates
from coauthor_graph.domain.errors import NotFoundError, QueryTimeout, StoreError
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
    Venue,
    VenueCount,
)
from coauthor_graph.identity.curation import Decision
from coauthor_graph.identity.keys import author_name_id, normalize_name, normalize_text
from coauthor_graph.identity.stage import PossibleDuplicate, block_of, printed_as
from coauthor_graph.recommend.model import ServedWeights
from coauthor_graph.store.coauthorships import coauthorships
from coauthor_graph.store.neo4j import identities, views
from coauthor_graph.store.neo4j.notifications import log_notifications_at_debug
from coauthor_graph.store.neo4j.projection_rows import PAGE_TIMEOUT_SECONDS, Neo4jProjectionRows
from coauthor_graph.store.neo4j.queries import Statement, reads, schema, writes
from coauthor_graph.store.neo4j.queries import identities as qi
from coauthor_graph.store.neo4j.queries import networks as qn
from coauthor_graph.store.neo4j.queries import projection as qp
from coauthor_graph.store.neo4j.reading import check_parameters, grouped
from coauthor_graph.store.neo4j.settings import Neo4jSettings
from coauthor_graph.store.neo4j.writer import Runner, StatementResult, write_batch
from coauthor_graph.store.port import (
    DEFAULT_COLLABORATION_HOPS,
    DEFAULT_TOPIC_HOPS,
    PaperKey,
    check_max_hops,
    joint_paper_key,
    listed_affiliation_key,
    topic_path_end_kind,
)
from coauthor_graph.write_plan.load_tally import LoadTally
from coauthor_graph.write_plan.planner import batches

_GET_MANY = {
    "author": reads.GET_AUTHORS,
    "paper": reads.GET_PAPERS,
    "topic": reads.GET_TOPICS,
    "venue": reads.GET_VENUES,
}
_PAPER_PAGES_OF = {
    "author": reads.PAPER_PAGES_OF_AUTHORS,
    "topic": reads.PAPER_PAGES_OF_TOPICS,
    "venue": reads.PAPER_PAGES_OF_VENUES,
}
_PAPER_COUNTS_OF = {
    "author": reads.PAPER_COUNTS_OF_AUTHORS,
    "topic": reads.PAPER_COUNTS_OF_TOPICS,
    "venue": reads.PAPER_COUNTS_OF_VENUES,
}
T = TypeVar("T")
N = TypeVar("N", Author, Topic, Venue)

_FILL_IN_BATCH = 10_000
_NO_LIMIT = 2**62
"""Cypher's LIMIT takes no null: "no limit" is a number no graph reaches."""
"""Rows per statement when set-up fills in what older databases lack (title terms, name blocks)."""
_SEARCH_SLACK = 20
"""Fetch a few more hits than asked, so ties at the limit are broken by id, not by the index."""
_SEARCH_MAX_FETCH = 100_000
"""How far a search widens to break ties by id (a prefix scores every match alike): past it, by the index's order."""


def transaction_runner(transaction: Any) -> Runner:
    """A Runner over a driver transaction (explicit or managed)."""

    async def run(statement: Statement, parameters: dict[str, Any]) -> StatementResult:
        check_parameters(statement, parameters)
        result = await transaction.run(statement.cypher, parameters)
        records = [record.data() async for record in result]
        counters = (await result.consume()).counters
        return StatementResult(records, counters.nodes_created, counters.relationships_created)

    return run


_PAPER_FIELDS = {"title": 4, "abstract": 1}
"""A title hit outranks an abstract hit, as the port promises (Lucene alone weighs them alike)."""


class Neo4jStore:
    """A GraphStore on a Neo4j 5 server (4.4 works for everything but the few 5-only constructs)."""

    def __init__(self, driver: AsyncDriver, settings: Neo4jSettings) -> None:
        self._driver = driver
        self._settings = settings
        self._schema_ready = False
        self._projections = ProjectionKeeper(self._graph_version, lambda: Neo4jProjectionRows(self._read_page))

    @classmethod
    async def connect(cls, settings: Neo4jSettings) -> Neo4jStore:
        """Open the driver and check the server answers; errors name the URI, never the password."""
        log_notifications_at_debug()
        driver = AsyncGraphDatabase.driver(
            settings.uri,
            auth=(settings.user, settings.password),
            # A request waits for a server that went away no longer than for a slow read.
            max_transaction_retry_time=settings.read_timeout,
        )
        try:
            await driver.verify_connectivity()
        except AuthError:
            await driver.close()
            raise StoreError(f"Neo4j at {settings.uri} refused the credentials of user {settings.user!r}") from None
        except (ServiceUnavailable, DriverError, OSError, ValueError) as error:
            await driver.close()
            raise StoreError(f"cannot reach Neo4j at {settings.uri}: {error}") from None
        store = cls(driver, settings)
        try:
            await store.ensure_schema()  # the first command after a bulk import completes it, whatever it is
        except Neo4jError as error:
            await driver.close()
            raise StoreError(f"Neo4j at {settings.uri} could not set up the schema: {_reason(error)}") from None
        return store

    async def close(self) -> None:
        await self._driver.close()

    def _session(self) -> AsyncSession:
        """A session that shares `execute_query`'s bookmarks: on a cluster, the reads this process sends to
        any member wait for its own writes, and its writes for what it has read."""
        return self._driver.session(
            database=self._settings.database, bookmark_manager=self._driver.execute_query_bookmark_manager
        )

    async def ping(self) -> None:
        try:
            await self._read(reads.PING)
        except Neo4jError as error:
            raise StoreError(f"Neo4j at {self._settings.uri} does not answer: {_reason(error)}") from None

    async def clear(self) -> None:
        """Delete every node and relationship of the database: for test databases and resets."""
        async with self._session() as session:
            for statement in (writes.DELETE_RELATIONSHIPS, writes.DELETE_NODES):
                await (await session.run(statement.cypher)).consume()
        self._projections.wrote()

    async def _read(self, statement: Statement, **parameters: Any) -> list[Any]:
        return await self._read_within(self._settings.read_timeout, statement, **parameters)

    async def _read_page(self, statement: Statement, **parameters: Any) -> list[Any]:
        """A page of the projection: background work that a user's read limit must not cut short."""
        return await self._read_within(max(self._settings.read_timeout, PAGE_TIMEOUT_SECONDS), statement, **parameters)

    async def _read_within(self, timeout: float, statement: Statement, **parameters: Any) -> list[Any]:
        check_parameters(statement, parameters)
        try:
            result = await self._driver.execute_query(
                Query(statement.cypher, timeout=timeout),
                parameters,
                database_=self._settings.database,
                routing_=RoutingControl.READ,
            )
        except Neo4jError as error:
            if "TransactionTimedOut" in (error.code or ""):
                limit = (
                    f"NEO4J_READ_TIMEOUT ({timeout:g} s); set it higher, or ask a narrower question"
                    if timeout == self._settings.read_timeout
                    else f"{timeout:g} s (a page of the projection)"
                )
                raise QueryTimeout(f"Neo4j at {self._settings.uri}: a read ran past {limit}") from None
            raise
        except (DriverError, OSError) as error:
            raise StoreError(f"Neo4j at {self._settings.uri} does not answer: {_reason(error)}") from None
        return result.records

    # --- writes -----------------------------------------------------------------------------------

    async def prepare(self) -> None:
        """The schema, and the projection the paths and recommendations are computed on."""
        await self.ensure_schema()
        await self._projections.current()

    async def _graph_version(self) -> str:
        """The change token every write transaction renews (`queries.projection`)."""
        return (await self._read(qp.GRAPH_VERSION))[0]["token"]

    async def ensure_schema(self) -> None:
        """Constraints and indexes, each `IF NOT EXISTS`, and what older databases or a bulk import lack:
        safe to run on every start, and skipped where this schema version's marker says it is done."""
        if self._schema_ready:
            return
        if (await self._read(schema.SCHEMA_DONE))[0]["version"] == schema.SCHEMA_VERSION:
            self._schema_ready = True
            return
        for statement in schema.SET_UP:
            await self._driver.execute_query(
                statement.cypher, database_=self._settings.database, routing_=RoutingControl.WRITE
            )
        await self._driver.execute_query(
            schema.AWAIT_INDEXES.cypher, database_=self._settings.database, routing_=RoutingControl.WRITE
        )
        await self._store_missing_blocks()
        for filling in (schema.AUTHORS_WITHOUT_LISTS, schema.PAPERS_WITHOUT_LISTS, schema.AUTHORS_WITHOUT_WORKS_ON):
            while (await self._write_one(filling, batch=_FILL_IN_BATCH))["filled"]:
                pass
        await self._write(schema.MARK_SCHEMA_DONE, version=schema.SCHEMA_VERSION)
        await self._write(qp.NEW_GRAPH_VERSION)  # the fill-ins changed the graph
        self._schema_ready = True

    async def _write(self, statement: Statement, **parameters: Any) -> list[Any]:
        check_parameters(statement, parameters)
        found, _, _ = await self._driver.execute_query(
            statement.cypher, parameters, database_=self._settings.database, routing_=RoutingControl.WRITE
        )
        return found

    async def _write_one(self, statement: Statement, **parameters: Any) -> Any:
        return (await self._write(statement, **parameters))[0]

    async def _store_missing_blocks(self) -> None:
        """Authors written before the disambiguation stage existed, or before its umlaut rule, get their name block."""
        await self._fill_in(
            qi.AUTHORS_WITHOUT_CURRENT_BLOCK,
            qi.SET_BLOCKS,
            lambda r: {"id": r["id"], "block": block_of(r["norm_name"])},
        )

    async def _fill_in(self, missing: Statement, setting: Statement, row: Callable[[Any], dict[str, Any]]) -> None:
        """What older databases lack, computed in Python and written back in batches until none is missing."""
        while True:
            found, _, _ = await self._driver.execute_query(
                missing.cypher,
                batch=_FILL_IN_BATCH,
                database_=self._settings.database,
                routing_=RoutingControl.READ,
            )
            if not found:
                return
            await self._driver.execute_query(
                setting.cypher,
                rows=[row(r) for r in found],
                database_=self._settings.database,
                routing_=RoutingControl.WRITE,
            )

    async def upsert(self, records: Iterable[Record]) -> UpsertReport:
        await self.ensure_schema()
        tally = LoadTally()
        try:
            async with self._session() as session:
                if self._settings.commit_every_batch:
                    await self._write_batch_by_batch(session, records, tally)
                else:
                    await self._write_atomically(session, records, tally)
        finally:
            self._projections.wrote()  # a failed load may have committed some batches
        return tally.report()

    async def _write_atomically(self, session: Any, records: Iterable[Record], tally: LoadTally) -> None:
        transaction = await session.begin_transaction()
        try:
            run = transaction_runner(transaction)
            for number, batch in enumerate(batches(records, self._settings.batch_size), start=1):
                try:
                    tally.absorb(await write_batch(run, batch))
                except (Neo4jError, DriverError, OSError) as error:
                    raise self._load_failed(f"batch {number} failed, nothing was written", error) from None
            await self._disambiguate(run, tally)
            await transaction.commit()
        except (Neo4jError, DriverError, OSError) as error:
            raise self._load_failed("the load's commit failed, nothing was written", error) from None
        finally:
            if not transaction.closed():
                await transaction.rollback()

    async def _write_batch_by_batch(self, session: Any, records: Iterable[Record], tally: LoadTally) -> None:
        async def managed(transaction: Any, batch: list[Record]) -> LoadTally:
            return await write_batch(transaction_runner(transaction), batch)

        for number, batch in enumerate(batches(records, self._settings.batch_size), start=1):
            try:
                tally.absorb(await session.execute_write(managed, batch))
            except (Neo4jError, DriverError, OSError) as error:
                raise StoreError(
                    f"Neo4j at {self._settings.uri}: batch {number} failed ({_reason(error)}); batches 1-{number - 1}"
                    " are committed: fix the cause and load the same files again (loading is idempotent)"
                ) from None
        await session.execute_write(lambda transaction: self._disambiguate(transaction_runner(transaction), tally))

    def _load_failed(self, what: str, error: Exception) -> StoreError:
        """One line: where, what, why, and what to do."""
        advice = "fix the cause and load again"
        if "memory" in _reason(error).lower():
            advice = (
                "the load is larger than one transaction may be: set NEO4J_COMMIT_EVERY_BATCH=yes to commit"
                " batch by batch (rerun to resume), or give the server more transaction memory"
            )
        return StoreError(f"Neo4j at {self._settings.uri}: {what} ({_reason(error)}); {advice}")

    @staticmethod
    async def _disambiguate(run: Runner, tally: LoadTally) -> None:
        """The disambiguation stage over the blocks the load touched, in the load's transaction."""
        try:
            outcome = await identities.disambiguate(run, tally.touched_authors())
        except Neo4jError as error:
            raise StoreError(f"author disambiguation failed, nothing was written: {error.message or error}") from None
        await run(qp.NEW_GRAPH_VERSION, {})
        for merge in outcome.merges:
            tally.merged_away(merge.survivor, merge.absorbed)
        tally.created_ids["Author"] |= outcome.created
        tally.updated_ids["Author"] |= outcome.split

    # --- curation -----------------------------------------------------------------------------------

    async def curate(self, decisions: Sequence[Decision]) -> UpsertReport:
        """Record curation decisions and apply the whole ledger, in one transaction."""
        await self.ensure_schema()
        tally = LoadTally()

        async def work(transaction: Any) -> None:
            run = transaction_runner(transaction)
            await identities.record(run, decisions)
            await self._disambiguate(run, tally)

        async with self._session() as session:
            await session.execute_write(work)
        self._projections.wrote()
        return tally.report()

    async def served_weights(self) -> ServedWeights | None:
        found = await self._read(reads.SERVED_WEIGHTS)
        return ServedWeights.from_json(found[0]["body"]) if found else None

    async def keep_served_weights(self, weights: ServedWeights) -> None:
        await self._write(writes.KEEP_SERVED_WEIGHTS, body=weights.to_json())

    async def curation_ledger(self) -> list[Decision]:
        return await self._in_read(identities.ledger)

    async def possible_duplicates(self, min_score: float = 0.0, limit: int = 50) -> list[PossibleDuplicate]:
        return await self._in_read(lambda run: identities.possible_duplicates(run, min_score, limit))

    async def merged_into(self, author_id: str) -> list[str]:
        return [row["id"] for row in await self._read(qi.MERGED_INTO, id=author_id)]

    async def _in_read(self, reading: Callable[[Runner], Awaitable[T]]) -> T:
        """Several statements in one read transaction, so they see one state of the graph."""
        async with self._session() as session:
            return await session.execute_read(lambda transaction: reading(transaction_runner(transaction)))

    # --- lookups ------------------------------------------------------------------------------------

    async def get(self, node_id: str) -> Node | None:
        return (await self.get_many([node_id]))[0]

    async def _require(self, kind: str, node_id: str) -> Node:
        found = await self.get(node_id) if node_id.startswith(f"{kind}:") else None
        if found is None:
            raise NotFoundError(f"no {kind.capitalize()} with id {node_id!r}")
        return found

    async def find_author(self, name: str) -> list[Author]:
        return (await self.find_authors([name]))[0]

    async def find_authors(self, names: Sequence[str]) -> list[list[Author]]:
        """The authors of each name, and the one a node of that name was merged into; else those who
        were printed so once (an alias). Two queries however many names."""
        norms = [normalize_name(name) for name in names]
        found: dict[str, list[Author]] = defaultdict(list)
        asked = [{"norm_name": norm, "former_id": author_name_id(norm)} for norm in dict.fromkeys(norms)]
        for row in await self._read(reads.FIND_AUTHORS, names=asked):
            found[row["owner"]].append(views.author(row["n"]))
        missing = [norm for norm in dict.fromkeys(norms) if norm not in found]
        blocks: dict[str, list[Author]] = defaultdict(list)
        if missing:
            asked_blocks = sorted({block_of(norm) for norm in missing})
            for row in await self._read(reads.AUTHORS_IN_BLOCKS, blocks=asked_blocks):
                blocks[row["owner"]].append(views.author(row["n"]))
        return [found.get(norm) or printed_as(norm, blocks[block_of(norm)]) for norm in norms]

    async def find_topic(self, name: str) -> list[Topic]:
        found = await self._read(reads.FIND_TOPIC, norm_name=normalize_text(name), name=name.strip())
        return [views.topic(row["n"]) for row in found]

    async def find_authors_by_orcid(self, orcids: Sequence[str]) -> list[Author | None]:
        found = await self._read(reads.FIND_AUTHORS_BY_ORCID, orcids=sorted(set(orcids)))
        by_orcid = {row["owner"]: views.author(row["n"]) for row in found}
        return [by_orcid.get(orcid) for orcid in orcids]

    async def joint_papers(
        self, author_ids: Sequence[str], coauthor_ids: Sequence[str] | None, since_year: int | None
    ) -> list[JointPaper]:
        owners, others = sorted(set(author_ids)), None if coauthor_ids is None else sorted(set(coauthor_ids))
        # Walk the papers of whichever side wrote fewer (a submission's co-authors are often hubs).
        flip = others is not None and await self._papers_written(others) < await self._papers_written(owners)
        start, keep = (others, owners) if flip else (owners, others)
        wanted = None if keep is None else dict.fromkeys(keep, True)
        found = await self._read(reads.JOINT_PAPERS, ids=start, coauthors=wanted, since_year=since_year)
        sides = [(row["other"], row["me"]) if flip else (row["me"], row["other"]) for row in found]
        joint = [
            JointPaper(me["id"], views.author(other), views.paper(row["n"]))
            for (me, other), row in zip(sides, found, strict=True)
        ]
        joint.sort(key=joint_paper_key)
        return joint

    async def listed_affiliations(self, author_ids: Sequence[str], since_year: int | None) -> list[ListedAffiliation]:
        found = await self._read(reads.LISTED_AFFILIATIONS, ids=sorted(set(author_ids)), since_year=since_year)
        listed = [ListedAffiliation(row["owner"], row["institution"], views.paper(row["n"])) for row in found]
        listed.sort(key=listed_affiliation_key)
        return listed

    async def paper_links(
        self,
        author_ids: Sequence[str] | None = None,
        topic_id: str | None = None,
        first_year: int | None = None,
        last_year: int | None = None,
        limit: int | None = None,
    ) -> list[PaperLinks]:
        years = {"topic_id": topic_id, "first_year": first_year, "last_year": last_year, "limit": limit or _NO_LIMIT}
        if author_ids is not None:
            found = await self._read(qn.PAPER_LINKS_OF_AUTHORS, ids=sorted(set(author_ids)), **years)
        elif topic_id is not None:
            found = await self._read(qn.PAPER_LINKS_OF_TOPIC, **years)
        else:
            found = await self._read(qn.PAPER_LINKS_ALL, **years)
        return [
            PaperLinks(
                paper_id=row["id"],
                year=row["year"],
                authors=tuple(row["authors"]),
                title=row["title"],
                topics=tuple(row["topics"]),
                venue=row["venues"][0] if row["venues"] else None,
            )
            for row in found
        ]

    async def _papers_written(self, author_ids: list[str]) -> int:
        (row,) = await self._read(reads.PAPERS_WRITTEN, ids=author_ids)
        return row["papers"]

    async def search_authors(self, text: str, limit: int = 10) -> list[SearchHit]:
        return await self._search(reads.SEARCH_AUTHORS, text, limit)

    async def search_papers(self, text: str, limit: int = 10) -> list[SearchHit]:
        return await self._search(reads.SEARCH_PAPERS, text, limit, _PAPER_FIELDS)

    async def search_topics(self, text: str, limit: int = 10) -> list[SearchHit]:
        return await self._search(reads.SEARCH_TOPICS, text, limit)

    async def _search(
        self, statement: Statement, text: str, limit: int, fields: dict[str, int] | None = None
    ) -> list[SearchHit]:
        """Every word required, the last as a prefix; folded words hold no Lucene syntax. With `fields`
        (name: boost), each word may match any of them, a match in a boosted field counting more."""
        words = normalize_text(text).split()
        if not words or limit <= 0:
            return []
        terms = [*words[:-1], f"{words[-1]}*"]
        if fields:
            terms = [
                "(" + " ".join(f"{field}:{term}^{boost}" for field, boost in fields.items()) + ")" for term in terms
            ]
        query = " ".join(f"+{term}" for term in terms)
        fetch = limit + _SEARCH_SLACK
        while True:  # the index returns ties in its own order: widen until the last one fetched ranks below
            (found,) = await self._read(statement, query=query, fetch=fetch, limit=limit)
            top = found["top"]
            if found["fetched"] < fetch or found["lowest"] < top[-1]["score"] or fetch >= _SEARCH_MAX_FETCH:
                break
            fetch = min(fetch * 10, _SEARCH_MAX_FETCH)
        return [SearchHit(node=views.node(row["n"]), score=round(row["score"], 6)) for row in top]

    # --- authors and papers --------------------------------------------------------------------------

    async def papers_of_author(
        self,
        author_id: str,
        *,
        year_from: int | None = None,
        year_to: int | None = None,
        topic_id: str | None = None,
    ) -> list[Paper]:
        await self._require("author", author_id)
        found = await self._read(
            reads.PAPERS_OF_AUTHOR, id=author_id, year_from=year_from, year_to=year_to, topic_id=topic_id
        )
        return [views.paper(row["n"]) for row in found]

    async def authors_of_paper(self, paper_id: str) -> list[Authorship]:
        await self._require("paper", paper_id)
        return (await self.authors_of([paper_id]))[0]

    async def coauthors(self, author_id: str) -> list[Coauthorship]:
        await self._require("author", author_id)
        return (await self.coauthors_of([author_id]))[0]

    # --- batched neighbourhoods: one statement per kind of owner --------------------------------------

    async def _grouped(
        self, statements: dict[str, Statement], ids: Sequence[str], convert: Callable[[Any], Any], **parameters: Any
    ) -> list[list[Any]]:
        return await grouped(self._read, statements, ids, convert, **parameters)

    async def get_many(self, node_ids: Sequence[str]) -> list[Node | None]:
        found = await self._grouped(_GET_MANY, node_ids, lambda row: views.node(row["n"]))
        return [nodes[0] if nodes else None for nodes in found]

    async def paper_pages_of(
        self, node_ids: Sequence[str], first: int, after: PaperKey | None = None
    ) -> list[PaperPage]:
        found = await self._grouped(
            _PAPER_PAGES_OF, node_ids, lambda row: views.paper(row["n"]), after=after and list(after), limit=first + 1
        )
        totals = await self._grouped(_PAPER_COUNTS_OF, node_ids, lambda row: row["total"])
        return [
            PaperPage.cut(papers, first, total[0] if total else 0) for papers, total in zip(found, totals, strict=True)
        ]

    async def authors_of(self, paper_ids: Sequence[str]) -> list[list[Authorship]]:
        return await self._grouped(
            {"paper": reads.AUTHORS_OF_PAPERS},
            paper_ids,
            lambda row: Authorship(author=views.author(row["n"]), position=row["position"]),
        )

    async def coauthors_of(
        self, author_ids: Sequence[str], *, with_joint_papers: bool = True
    ) -> list[list[Coauthorship]]:
        joint: list[list[Any]] = [[] for _ in author_ids]
        if with_joint_papers:
            by_author = {"author": reads.JOINT_PAPERS_OF}
            joint = await self._grouped(by_author, author_ids, lambda row: (row["coauthor"], views.paper(row["n"])))
        ties = await self._grouped(
            {"author": reads.COAUTHORS_OF},
            author_ids,
            lambda row: (views.author(row["n"]), row["papers"], row["first_year"], row["last_year"]),
        )
        return coauthorships(joint, ties)

    async def topics_of(self, node_ids: Sequence[str]) -> list[list[TopicCount]]:
        return await self._grouped(
            {"paper": reads.TOPICS_OF_PAPERS, "author": reads.TOPICS_OF_AUTHORS},
            node_ids,
            lambda row: TopicCount(topic=views.topic(row["n"]), papers=row["papers"]),
        )

    async def venues_of(self, node_ids: Sequence[str]) -> list[list[VenueCount]]:
        return await self._grouped(
            {"paper": reads.VENUES_OF_PAPERS, "author": reads.VENUES_OF_AUTHORS},
            node_ids,
            lambda row: VenueCount(venue=views.venue(row["n"]), papers=row["papers"]),
        )

    async def broader_of(self, topic_ids: Sequence[str]) -> list[list[Topic]]:
        return await self._grouped({"topic": reads.BROADER_OF}, topic_ids, lambda row: views.topic(row["n"]))

    async def narrower_of(self, topic_ids: Sequence[str]) -> list[list[Topic]]:
        return await self._grouped({"topic": reads.NARROWER_OF}, topic_ids, lambda row: views.topic(row["n"]))

    # --- paths ----------------------------------------------------------------------------------------

    async def collaboration_path(
        self, source_id: str, target_id: str, max_hops: int = DEFAULT_COLLABORATION_HOPS
    ) -> CollaborationPath | None:
        check_max_hops(max_hops)
        await self._require("author", source_id)
        await self._require("author", target_id)
        ids = (await self._projections.current()).collaboration_path(source_id, target_id, max_hops)
        if ids is None:
            return None
        by_id = {
            author.id: author
            for author in (views.author(row["n"]) for row in await self._read(reads.GET_AUTHORS, ids=ids))
        }
        pairs = [[ids[i], ids[i + 1]] for i in range(len(ids) - 1)]
        papers = {
            (row["source"], row["target"]): views.paper(row["n"])
            for row in await self._read(reads.LINKING_PAPERS, pairs=pairs)
        }
        hops = tuple(CollaborationHop(by_id[a], by_id[b], papers[(a, b)]) for a, b in pairs)
        return CollaborationPath(authors=tuple(by_id[i] for i in ids), hops=hops)

    async def topic_path(self, source_id: str, target_id: str, max_hops: int = DEFAULT_TOPIC_HOPS) -> TopicPath | None:
        check_max_hops(max_hops)
        for node_id in (source_id, target_id):
            await self._require(topic_path_end_kind(node_id), node_id)
        found = (await self._projections.current()).topic_path(source_id, target_id, max_hops)
        if found is None:
            return None
        nodes = await self._grouped(_GET_MANY, found, lambda row: views.node(row["n"]))
        return TopicPath.through([node for (node,) in nodes])

    # --- topics -----------------------------------------------------------------------------------------

    async def topic_trajectories_of(self, author_ids: Sequence[str]) -> list[list[TopicYear]]:
        return await self._grouped(
            {"author": reads.TOPIC_TRAJECTORIES_OF},
            author_ids,
            lambda row: TopicYear(year=row["year"], topic=views.topic(row["n"]), papers=row["papers"]),
        )

    async def related_topics_of(self, topic_ids: Sequence[str], limit: int = 10) -> list[list[RelatedTopic]]:
        return await self._grouped(
            {"topic": reads.RELATED_TOPICS_OF},
            topic_ids,
            lambda row: RelatedTopic(topic=views.topic(row["n"]), shared_papers=row["shared"]),
            limit=limit,
        )

    async def top_authors_of(self, topic_ids: Sequence[str], limit: int = 10) -> list[list[TopicAuthor]]:
        return await self._grouped(
            {"topic": reads.TOP_AUTHORS_OF},
            topic_ids,
            lambda row: TopicAuthor(author=views.author(row["n"]), papers=row["papers"]),
            limit=limit,
        )

    # --- recommendations ------------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def candidates(self, author_id: str) -> AsyncIterator[ProjectedCandidates]:
        """The author's candidates, computed on the projection (one state of the graph)."""
        projection = await self._projections.current()
        author = projection.authors.get(author_id)
        if author is None:
            raise NotFoundError(f"no Author with id {author_id!r}")
        yield ProjectedCandidates(projection, author, _CandidateViews(self))

    # --- stats -------------------------------------------------------------------------------------------

    async def stats(self) -> GraphStats:
        (row,) = await self._read(reads.STATS)
        return GraphStats(
            nodes={"Author": row["authors"], "Paper": row["papers"], "Topic": row["topics"], "Venue": row["venues"]},
            relationships={
                "AUTHORED": row["authored"],
                "ABOUT": row["about"],
                "PUBLISHED_IN": row["published_in"],
                "BROADER": row["broader"],
                "COAUTHORED": row["coauthored"],
            },
        )


def _reason(error: Exception) -> str:
    """A driver or server error's own words, on one line."""
    text = (error.message if isinstance(error, Neo4jError) else None) or str(error) or type(error).__name__
    return " ".join(text.split())


class _CandidateViews:
    """`compute.projected_candidates.NodeViews` from the store's reads by id."""

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store

    async def authors(self, ids: Sequence[str]) -> dict[str, Author]:
        return await self._of(Author, ids)

    async def topics(self, ids: Sequence[str]) -> dict[str, Topic]:
        return await self._of(Topic, ids)

    async def venues(self, ids: Sequence[str]) -> dict[str, Venue]:
        return await self._of(Venue, ids)

    async def _of(self, view: type[N], ids: Sequence[str]) -> dict[str, N]:
        """The views of these ids that are of this kind (`get_many` answers None for the others)."""
        return {node.id: node for node in await self._store.get_many(ids) if isinstance(node, view)}
