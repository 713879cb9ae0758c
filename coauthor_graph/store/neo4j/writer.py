"""Loads into Neo4j: each batch of canonical records becomes one UNWIND statement per kind.

Per batch: one look-up per node kind finds what is stored; `identity.resolution` then decides,
record by record, which node each mention is (a registry remembers what this batch adds,
so two records of one batch resolve as they would in sequence); then one statement per row kind
writes the batch: nodes the batch creates with all their properties at once, stored ones merged.
What the new edges imply (COAUTHORED increments with their years, co-author degrees, WORKS_ON
author-topic tallies and topic author counts) is computed by `write_plan.tallies`, as for the
embedded store, and written as increments between nodes found by id. No statement is sent per
row, and none recounts by traversal, except the pairs of a paper whose year changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from coauthor_graph.compute.interned import Interned
from coauthor_graph.domain.hyperauthorship import pairs_authors
from coauthor_graph.domain.records import AuthorProfileRecord, AuthorRef, PaperRecord, Record, TopicRef, VenueRef
from coauthor_graph.domain.views import LABELS, UpsertReport
from coauthor_graph.identity import resolution
from coauthor_graph.identity.keys import (
    STRONG_ID_KINDS,
    author_name_id,
    display_name,
    normalize_text,
    paper_id,
    topic_id,
    venue_id,
)
from coauthor_graph.identity.resolution import DESCRIPTIVE_FIELDS
from coauthor_graph.identity.stage import block_of
from coauthor_graph.identity.subjects import same_subject
from coauthor_graph.store.neo4j.queries import Statement, projection
from coauthor_graph.store.neo4j.queries import writes as q
from coauthor_graph.store.neo4j.recounts import recount
from coauthor_graph.store.neo4j.views import PROFILE_PREFIX
from coauthor_graph.write_plan.tallies import TallyBatch


@dataclass(frozen=True, slots=True)
class StatementResult:
    records: list[dict[str, Any]]
    nodes_created: int = 0
    relationships_created: int = 0


Runner = Callable[[Statement, dict[str, Any]], Awaitable[StatementResult]]
"""Runs one statement inside the current transaction."""


@dataclass(slots=True)
class LoadTally:
    """What a load changed so far, across its batches."""

    records: int = 0
    created_ids: dict[str, set[str]] = field(default_factory=lambda: {"Author": set(), "Paper": set(), "Venue": set()})
    created_counts: dict[str, int] = field(default_factory=lambda: {"Topic": 0})
    updated_ids: dict[str, set[str]] = field(default_factory=lambda: {"Author": set(), "Paper": set(), "Venue": set()})
    matched_ids: dict[str, set[str]] = field(default_factory=lambda: {"Author": set(), "Paper": set()})
    relationships_created: int = 0
    doi_conflicts: list[str] = field(default_factory=list)
    identities_merged: int = 0

    def touched_authors(self) -> set[str]:
        """Authors the load created or matched: the disambiguation stage re-clusters their blocks."""
        return self.created_ids["Author"] | self.matched_ids["Author"]

    def merged_away(self, survivor: str, absorbed: Iterable[str]) -> None:
        """Authors the stage merged into `survivor` are neither created nor matched any more."""
        for node in absorbed:
            self.identities_merged += 1
            for ids in (self.created_ids, self.updated_ids, self.matched_ids):
                ids["Author"].discard(node)
        self.updated_ids["Author"].add(survivor)

    def created(self, label: str) -> int:
        return len(self.created_ids[label]) if label in self.created_ids else self.created_counts[label]

    def updated(self, label: str) -> int:
        if label not in self.updated_ids:
            return 0  # topics are only ever created
        return len(self.updated_ids[label] - self.created_ids[label])

    def merged(self, label: str) -> int:
        if label not in self.matched_ids:
            return 0
        return len(self.matched_ids[label] - self.created_ids[label])

    def absorb(self, batch: LoadTally) -> None:
        """Add a committed batch's tally (kept apart until then, so a retried batch counts once)."""
        self.records += batch.records
        self.relationships_created += batch.relationships_created
        self.doi_conflicts.extend(batch.doi_conflicts)
        for label, ids in batch.created_ids.items():
            self.created_ids[label] |= ids
        for label, count in batch.created_counts.items():
            self.created_counts[label] += count
        for label, ids in batch.updated_ids.items():
            self.updated_ids[label] |= ids
        for label, ids in batch.matched_ids.items():
            self.matched_ids[label] |= ids


async def listed(run: Runner, statement: Statement, parameters: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows a statement answers as one list (`RETURN collect({...}) AS rows`)."""
    return (await run(statement, parameters)).records[0]["rows"]


def affiliation_entry(position: int, institution: str) -> str:
    """One entry of a paper's `affiliations` list property: Neo4j lists cannot hold pairs."""
    return f"{position}\t{institution}"


def batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


async def write_batch(run: Runner, batch: list[Record]) -> LoadTally:
    """Write one batch through `run` and tell what it changed; the caller owns the transaction."""
    tally = LoadTally(records=len(batch))
    papers = [record for record in batch if isinstance(record, PaperRecord)]
    profiles = [record for record in batch if isinstance(record, AuthorProfileRecord)]
    authors = await _AuthorRegistry.look_up(
        run, [ref for p in papers for ref in p.authors] + [p.author for p in profiles]
    )
    stored_papers = await _PaperRegistry.look_up(run, papers)
    venues = await _VenueRegistry.look_up(run, [p.venue for p in papers if p.venue is not None])
    plan = _BatchPlan(authors, stored_papers, venues, tally)
    if any(resolution.abbreviated(ref) for p in papers for ref in p.authors):
        await plan.read_collaborators(run)
    plan.resolve_papers(papers)
    await plan.read_stored_edges(run)
    for record in papers:
        plan.add_paper(record)
    for profile in profiles:
        plan.add_profile(profile)
    await plan.execute(run)
    await run(projection.NEW_GRAPH_VERSION, {})
    return tally


def _strong_ids(mentions: list[AuthorRef]) -> set[str]:
    """The ids mentions with person ids would get, which a merge may have redirected."""
    return {
        resolution.new_author_id(resolution.mention_norm(ref.name), keys)
        for ref in mentions
        if (keys := resolution.strong_keys(ref))
    }


class _AuthorRegistry:
    """Stored authors the batch mentions, plus those the batch creates: a resolution.AuthorLookup."""

    def __init__(self) -> None:
        self.by_strong_key: dict[str, str] = {}
        self.ids: set[str] = set()
        self.by_norm: dict[str, set[str]] = {}
        self.keys: dict[str, set[str]] = {}
        self.norm_of: dict[str, str] = {}
        self.redirects: dict[str, str] = {}
        """Former ids of merged authors -> the author that absorbed them."""

    @classmethod
    async def look_up(cls, run: Runner, mentions: list[AuthorRef]) -> _AuthorRegistry:
        values: dict[str, set[str]] = {kind: set() for kind in STRONG_ID_KINDS}
        for ref in mentions:
            for key in resolution.strong_keys(ref):
                kind, value = key.split(":", 1)
                values[kind].add(value)
        norms = sorted({resolution.mention_norm(ref.name) for ref in mentions})
        rows = await listed(
            run,
            q.LOOKUP_AUTHORS,
            {
                "orcids": sorted(values["orcid"]),
                "openalex": sorted(values["openalex"]),
                "dblp": sorted(values["dblp"]),
                "scopus": sorted(values["scopus"]),
                "semantic_scholar": sorted(values["semantic_scholar"]),
                "norm_names": norms,
                "former_ids": sorted({author_name_id(norm) for norm in norms} | _strong_ids(mentions)),
            },
        )
        registry = cls()
        for row in rows:
            keys = {f"{kind}:{row[kind]}" for kind in STRONG_ID_KINDS if row[kind] is not None}
            registry.remember(row["id"], row["norm_name"], keys)
            if row["via"].startswith("former:"):
                registry.redirects[row["via"].removeprefix("former:")] = row["id"]
        return registry

    def remember(self, node_id: str, norm: str, keys: Iterable[str]) -> None:
        self.ids.add(node_id)
        self.norm_of[node_id] = norm
        self.by_norm.setdefault(norm, set()).add(node_id)
        held = self.keys.setdefault(node_id, set())
        for key in keys:
            held.add(key)
            self.by_strong_key.setdefault(key, node_id)

    def by_key(self, key: str) -> str | None:
        return self.by_strong_key.get(key)

    def by_id(self, node_id: str) -> str | None:
        return node_id if node_id in self.ids else self.redirects.get(node_id)

    def homonyms(self, norm: str) -> list[str]:
        return sorted(self.by_norm.get(norm, ()))[:2]

    def keys_of(self, node: str) -> set[str]:
        return self.keys.get(node, set())


class _PaperRegistry:
    """Stored papers the batch's keys match, plus those the batch creates: a resolution.PaperLookup."""

    def __init__(self) -> None:
        self.by_doi_key: dict[str, str] = {}
        self.by_arxiv_key: dict[str, str] = {}
        self.by_fingerprint_key: dict[str, set[str]] = {}
        self.by_record_key: dict[str, str] = {}
        self.keys: dict[str, tuple[str | None, str | None]] = {}
        self.records: dict[str, set[str]] = {}
        self.descriptions: dict[str, tuple[str, list[str]]] = {}

    @classmethod
    async def look_up(cls, run: Runner, papers: list[PaperRecord]) -> _PaperRegistry:
        keys = [resolution.paper_keys(record) for record in papers]
        records = {
            source: sorted({r.record_id for r in papers if r.source == source and r.record_id})
            for source in resolution.RECORD_SOURCES
        }
        rows = await listed(
            run,
            q.LOOKUP_PAPERS,
            {
                "dois": sorted({doi for doi, _, _ in keys if doi}),
                "arxiv_ids": sorted({arxiv for _, arxiv, _ in keys if arxiv}),
                "fingerprints": sorted({fingerprint for _, _, fingerprint in keys}),
                **{f"{source}_records": ids for source, ids in records.items()},
            },
        )
        registry = cls()
        for row in rows:
            node = row["id"]
            registry.remember(node, row["doi"], row["arxiv_id"], row["fingerprint"])
            registry.descriptions[node] = (row["title"], list(row["sources"] or []))
            for source, value in zip(resolution.RECORD_SOURCES, row["records"], strict=True):
                if value is not None:
                    registry.remember_record(node, f"{source}:{value}")
        return registry

    def remember(self, node_id: str, doi: str | None, arxiv_id: str | None, fingerprint: str) -> None:
        """Note a paper's keys; a DOI or arXiv id already held by another paper stays with that one."""
        if doi and not resolution.may_attach(self.by_doi_key.setdefault(doi, node_id), node_id):
            doi = None
        if arxiv_id and not resolution.may_attach(self.by_arxiv_key.setdefault(arxiv_id, node_id), node_id):
            arxiv_id = None
        stored_doi, stored_arxiv = self.keys.get(node_id, (None, None))
        self.keys[node_id] = (stored_doi or doi, stored_arxiv or arxiv_id)
        self.by_fingerprint_key.setdefault(fingerprint, set()).add(node_id)

    def remember_record(self, node_id: str, record: str) -> None:
        self.by_record_key.setdefault(record, node_id)
        self.records.setdefault(node_id, set()).add(record)

    def by_doi(self, doi: str) -> str | None:
        return self.by_doi_key.get(doi)

    def by_arxiv(self, arxiv_id: str) -> list[tuple[str, str | None]]:
        node = self.by_arxiv_key.get(arxiv_id)
        return [(node, self.keys[node][0])] if node else []

    def by_fingerprint(self, fingerprint: str) -> list[tuple[str, str | None, str | None]]:
        return [(node, *self.keys[node]) for node in sorted(self.by_fingerprint_key.get(fingerprint, ()))]

    def by_record(self, key: str) -> str | None:
        return self.by_record_key.get(key)

    def records_of(self, node: str) -> set[str]:
        return self.records.get(node, set())

    def described(self, node: str) -> tuple[str, list[str]]:
        return self.descriptions[node]


class _VenueRegistry:
    """Stored venues the batch's names and ISSNs match, plus those the batch creates: a resolution.VenueLookup."""

    def __init__(self) -> None:
        self.issn_of: dict[str, str | None] = {}
        self.by_issn_key: dict[str, str] = {}

    @classmethod
    async def look_up(cls, run: Runner, venues: list[VenueRef]) -> _VenueRegistry:
        registry = cls()
        if venues:
            result = await run(
                q.LOOKUP_VENUES,
                {
                    "ids": sorted({venue_id(v.name) for v in venues}),
                    "issns": sorted({v.issn for v in venues if v.issn}),
                },
            )
            for row in result.records:
                registry.remember(row["id"], row["issn"])
        return registry

    def remember(self, node_id: str, issn: str | None) -> None:
        stored = self.issn_of.get(node_id)
        self.issn_of[node_id] = stored or issn
        if stored is None and issn:
            self.by_issn_key.setdefault(issn, node_id)

    def by_issn(self, issn: str) -> str | None:
        return self.by_issn_key.get(issn)

    def by_id(self, node_id: str) -> tuple[str, str | None] | None:
        return (node_id, self.issn_of[node_id]) if node_id in self.issn_of else None


@dataclass(slots=True)
class _PaperState:
    authors: dict[str, int | None] = field(default_factory=dict)
    topics: set[str] = field(default_factory=set)
    has_venue: bool = False
    fields: dict[str, tuple[object, str | None]] = field(default_factory=dict)
    """Descriptive fields as (value, source), for `resolution.merge_fields`."""


class _BatchPlan:
    """The rows of one batch, built record by record as a sequential load would see them."""

    def __init__(
        self, authors: _AuthorRegistry, papers: _PaperRegistry, venues: _VenueRegistry, tally: LoadTally
    ) -> None:
        self._authors = authors
        self._papers = papers
        self._venues = venues
        self._tally = tally
        self._paper_ids: list[str] = []
        self._dois: list[str | None] = []
        """Each paper record's DOI as resolution kept it (None where another paper holds it)."""
        self._stored_paper_ids: set[str] = set()
        self._states: dict[str, _PaperState] = {}
        self._author_rows: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._profile_rows: list[dict[str, Any]] = []
        self._topic_rows: dict[str, dict[str, Any]] = {}
        self._topic_ids: dict[TopicRef, str] = {}
        self._broader_rows: dict[tuple[str, str], dict[str, str]] = {}
        self._venue_rows: dict[str, dict[str, str | None]] = {}
        self._paper_rows: list[dict[str, Any]] = []
        self._authored_rows: list[dict[str, Any]] = []
        self._about_rows: list[dict[str, str]] = []
        self._published_rows: list[dict[str, str]] = []
        self._changed_papers: set[str] = set()
        self._stored_collaborators: dict[str, list[tuple[str, str]]] = {}
        self._pending_neighbours: dict[str, set[str]] = {}
        self._numbers = Interned()  # node ids as small integers for `TallyBatch`, which counts with arrays
        self._tallies = TallyBatch()
        self._years: dict[str, int | None] = {}
        """Each paper's year as last noted (stored papers: as stored)."""
        self._year_changed: set[str] = set()
        """Papers whose year changed: their pairs' first and last years are recounted."""
        self._unpaired: set[str] = set()
        """Authors of papers this batch took past `MAX_PAIRED_AUTHORS`: their pairs are recounted."""

    # --- resolution ---------------------------------------------------------------------------

    def resolve_papers(self, papers: list[PaperRecord]) -> None:
        for record in papers:
            doi, arxiv_id, fingerprint = resolution.paper_keys(record)
            record_key = resolution.record_key(record)
            if doi and resolution.doi_conflict(doi, record.title, record.source, self._papers):
                where = f"{record.source} line {record.line}" if record.line else record.source
                self._tally.doi_conflicts.append(f"{doi} is another paper's; kept apart: {record.title!r} ({where})")
                doi = None
            self._dois.append(doi)
            found = resolution.find_paper(doi, arxiv_id, fingerprint, self._papers, record_key)
            if found is None:
                found = paper_id(doi, arxiv_id, fingerprint, record_key)
                self._tally.created_ids["Paper"].add(found)
                self._states[found] = _PaperState()
            elif found not in self._states:
                self._stored_paper_ids.add(found)  # stored before this batch: read its edges
                self._tally.matched_ids["Paper"].add(found)
            self._papers.remember(found, doi, arxiv_id, fingerprint)
            if record_key:
                self._papers.remember_record(found, record_key)
            title, sources = self._papers.descriptions.get(found, (record.title, []))
            self._papers.descriptions[found] = (title, sorted({*sources, record.source}))
            self._paper_ids.append(found)

    async def read_stored_edges(self, run: Runner) -> None:
        if not self._stored_paper_ids:
            return
        for row in await listed(run, q.PAPER_EDGES, {"ids": sorted(self._stored_paper_ids)}):
            stored = row["properties"]
            self._states[row["id"]] = _PaperState(
                authors={author: position for author, position in row["authors"]},
                topics=set(row["topics"]),
                has_venue=bool(row["venues"]),
                fields={name: (stored.get(name), stored.get(f"{name}_source")) for name in DESCRIPTIVE_FIELDS},
            )
            self._years[row["id"]] = stored.get("year")

    async def read_collaborators(self, run: Runner) -> None:
        """Who the batch's stored authors have written with, for the initials rule."""
        for row in await listed(run, q.COLLABORATORS, {"ids": sorted(self._authors.ids)}):
            self._stored_collaborators.setdefault(row["author"], []).append((row["id"], row["norm_name"]))

    def _collaborators(self, node: str) -> list[tuple[str, str]]:
        found = dict(self._stored_collaborators.get(node, []))
        for other in self._pending_neighbours.get(node, ()):
            found.setdefault(other, self._authors.norm_of[other])
        return list(found.items())

    def _author(self, ref: AuthorRef, source: str, coauthors: list[str] | None = None) -> str:
        """The mention's node; with `coauthors`, an abbreviated name may join a known collaborator."""
        norm = resolution.mention_norm(ref.name)
        strong = resolution.strong_keys(ref)
        found = resolution.find_author(norm, strong, self._authors)
        if found is None and coauthors:
            found = resolution.find_by_initials(norm, coauthors, self._collaborators)
        if found is None:
            found = resolution.new_author_id(norm, strong)
            self._tally.created_ids["Author"].add(found)
            attach = strong
        else:
            if found not in self._tally.created_ids["Author"]:
                self._tally.matched_ids["Author"].add(found)
            attach = [] if resolution.conflicts(self._authors.keys_of(found), strong) else strong
        # A node keeps its own name: a mention spelled differently (an alias) must not become a name it answers to.
        self._authors.remember(found, self._authors.norm_of.get(found, norm), attach)
        values = dict(key.split(":", 1) for key in attach)
        row: dict[str, str | None] = {
            "id": found,
            "name": display_name(ref.name),
            "norm_name": norm,
            "block": block_of(norm),
            "source": source,
        }
        row.update({kind: values.get(kind) for kind in STRONG_ID_KINDS})
        self._author_rows.setdefault(tuple(row.values()), row)
        return found

    def _venue(self, ref: VenueRef) -> str:
        found = resolution.find_venue(ref.name, ref.issn, self._venues)
        if found is None:
            found = resolution.new_venue_id(ref.name, ref.issn, self._venues)
            self._tally.created_ids["Venue"].add(found)
        self._venues.remember(found, ref.issn)
        row = self._venue_rows.setdefault(found, {"id": found, "name": ref.name, "kind": ref.kind, "issn": None})
        row["issn"] = row["issn"] or ref.issn
        return found

    def _topic(self, ref: TopicRef) -> str:
        """The topic's node, its row and its BROADER chain's rows noted once per batch."""
        node_id = self._topic_ids.get(ref)
        if node_id is None:
            node_id = self._topic_ids[ref] = self._topic_row(ref)
        return node_id

    def _topic_row(self, ref: TopicRef) -> str:
        ref = same_subject(ref)
        node_id = topic_id(ref.scheme, ref.name, ref.code)
        self._topic_rows.setdefault(
            node_id,
            {
                "id": node_id,
                "name": ref.name,
                "norm_name": normalize_text(ref.name),
                "scheme": ref.scheme,
                "code": ref.code,
            },
        )
        if ref.broader is not None:
            parent = self._topic(ref.broader)
            self._broader_rows.setdefault((node_id, parent), {"topic": node_id, "parent": parent})
        return node_id

    # --- records ------------------------------------------------------------------------------

    def add_paper(self, record: PaperRecord) -> None:
        node = self._paper_ids[len(self._paper_rows)]
        doi = self._dois[len(self._paper_rows)]
        _, arxiv_id, fingerprint = resolution.paper_keys(record)
        state = self._states[node]
        incoming = {
            "title": record.title,
            "year": record.year,
            "date": record.date.isoformat() if record.date else None,
            "abstract": record.abstract,
            "url": record.url,
        }
        state.fields = resolution.merge_fields(state.fields, incoming, record.source)
        decided = {name: state.fields.get(name, (None, None)) for name in DESCRIPTIVE_FIELDS}
        if decided["title"][0] is None:
            decided["title"] = ("", None)  # untitled until a source gives a title
        self._paper_rows.append(
            {
                "id": node,
                **{name: value for name, (value, _) in decided.items()},
                **{f"{name}_source": source for name, (_, source) in decided.items()},
                "doi": doi if doi and self._papers.by_doi(doi) == node else None,
                "arxiv_id": arxiv_id if arxiv_id and self._papers.by_arxiv_key.get(arxiv_id) == node else None,
                "fingerprint": fingerprint,
                **{
                    f"{source}_record": record.record_id if record.source == source else None
                    for source in resolution.RECORD_SOURCES
                },
                "authors_complete": record.authors_complete,
                "tags": sorted(set(record.tags)),
                "source": record.source,
                "affiliations": [affiliation_entry(*listed) for listed in resolution.listed_affiliations(record)],
            }
        )
        authors = resolution.resolve_authorship(record.authors, lambda ref, co: self._author(ref, record.source, co))
        plan = resolution.plan_paper_edges(
            state.authors,
            state.topics,
            state.has_venue,
            authors,
            (self._topic(ref) for ref in record.topics),
            record.venue,
        )
        for author, position in {**plan.new_authors, **plan.positions_to_fill}.items():
            self._authored_rows.append({"author": author, "paper": node, "position": position})
            state.authors[author] = position
        for topic in plan.new_topics:
            self._about_rows.append({"paper": node, "topic": topic})
            state.topics.add(topic)
        if plan.add_venue and record.venue is not None:
            self._published_rows.append({"paper": node, "venue": self._venue(record.venue)})
            state.has_venue = True
        if plan.changes_paper:
            self._changed_papers.add(node)
        self._unpaired.update(plan.unpaired)
        year = decided["year"][0]
        self._note_tallies(node, state, plan.new_authors, plan.new_topics, year if isinstance(year, int) else None)
        if pairs_authors(len(state.authors)):
            for author in state.authors:  # pairs the tables will hold once the batch is written
                self._pending_neighbours.setdefault(author, set()).update(a for a in state.authors if a != author)

    def _note_tallies(
        self, node: str, state: _PaperState, new_authors: Iterable[str], new_topics: Iterable[str], year: int | None
    ) -> None:
        if node in self._years and self._years[node] != year:
            self._year_changed.add(node)
        self._years[node] = year
        numbers = self._numbers
        self._tallies.note(
            sorted(map(numbers.key, state.authors)),
            set(map(numbers.key, new_authors)),
            sorted(map(numbers.key, state.topics)),
            set(map(numbers.key, new_topics)),
            None,  # Neo4j keeps no author-venue tally: its reads count venues where they need them
            False,
            year,
        )

    def add_profile(self, record: AuthorProfileRecord) -> None:
        node = self._author(record.author, record.source)
        profile: dict[str, Any] = {f"{PROFILE_PREFIX}{key}": value for key, value in record.metrics.items()}
        profile[f"{PROFILE_PREFIX}captured_on"] = record.captured_on.isoformat()
        if record.field is not None:
            profile[f"{PROFILE_PREFIX}field"] = record.field.code or record.field.name
        self._profile_rows.append({"id": node, "captured_on": record.captured_on.isoformat(), "profile": profile})

    # --- statements ---------------------------------------------------------------------------

    async def execute(self, run: Runner) -> None:
        tally = self._tally
        if self._profile_rows:
            self._profile_rows = await self._replacing_stored_profiles(run)
        created_authors, author_rows = _created_first(self._author_rows.values(), tally.created_ids["Author"])
        created_papers, paper_rows = _created_first(self._paper_rows, tally.created_ids["Paper"])
        authors_new = await _create(run, q.CREATE_AUTHORS, created_authors, _author_properties)
        papers_new = await _create(run, q.CREATE_PAPERS, created_papers, _paper_properties)
        if not authors_new:  # one existed after all: merge every row, as the statements below do
            author_rows[:0] = created_authors
        if not papers_new:
            paper_rows[:0] = created_papers
        # A node the batch created has no edge yet: its edges are created, not merged.
        new_authors = tally.created_ids["Author"] if authors_new and papers_new else set()
        new_papers = tally.created_ids["Paper"] if authors_new and papers_new else set()
        steps: list[tuple[Statement, list[Any], str | None]] = [
            (q.MERGE_AUTHORS, author_rows, "Author"),
            (q.SET_PROFILES, self._profile_rows, "Author"),
            (q.MERGE_TOPICS, list(self._topic_rows.values()), "Topic"),
            (q.MERGE_BROADER, list(self._broader_rows.values()), None),
            (q.MERGE_VENUES, list(self._venue_rows.values()), "Venue"),
            (q.MERGE_PAPERS, paper_rows, "Paper"),
        ]
        for create, merge, rows in (
            (q.CREATE_AUTHORED, q.MERGE_AUTHORED, self._authored_rows),
            (q.CREATE_ABOUT, q.MERGE_ABOUT, self._about_rows),
            (q.CREATE_PUBLISHED_IN, q.MERGE_PUBLISHED_IN, self._published_rows),
        ):
            fresh, stored = _by_novelty(rows, ("paper",), new_papers)
            steps += [(create, fresh, None), (merge, stored, None)]
        for statement, rows, label in steps:
            if not rows:
                continue
            result = await run(statement, {"rows": rows})
            tally.relationships_created += result.relationships_created
            if label in tally.created_counts:
                tally.created_counts[label] += result.nodes_created
            if label in tally.updated_ids and result.records:
                tally.updated_ids[label].update(node for node in result.records[0]["changed"] if node)
        tally.updated_ids["Paper"].update(self._changed_papers)
        await self._add_derived(run, new_authors)

    async def _add_derived(self, run: Runner, new_authors: set[str]) -> None:
        """The batch's tallies as increments; a pair or tally of an author the batch created is created."""
        ids = self._numbers.ids
        pairs = [
            {"a": ids[a], "b": ids[b], "papers": papers, "first_year": first_year, "last_year": last_year}
            for a, b, papers, first_year, last_year in self._tallies.coauthored()
        ]
        new_pairs, stored_pairs = _by_novelty(pairs, ("a", "b"), new_authors)
        gained = Counter(author for row in new_pairs for author in (row["a"], row["b"]))
        if new_pairs:
            await run(q.CREATE_COAUTHORED, {"rows": new_pairs})
        if stored_pairs:
            gained.update((await run(q.ADD_COAUTHORED, {"rows": stored_pairs})).records[0]["gained"])
        if gained:
            await run(q.ADD_COAUTHOR_DEGREE, {"rows": [{"id": a, "gained": n} for a, n in sorted(gained.items())]})
        if self._year_changed:
            await run(q.RECOUNT_COAUTHORED, {"papers": sorted(self._year_changed)})
        works_on = [
            {"author": ids[author], "topic": ids[topic], "papers": papers}
            for author, topic, papers in self._tallies.author_topics()
        ]
        new_tallies, stored_tallies = _by_novelty(works_on, ("author",), new_authors)
        if new_tallies:
            await run(q.CREATE_WORKS_ON, {"rows": new_tallies})
        if stored_tallies:
            await run(q.ADD_WORKS_ON, {"rows": stored_tallies})
        if self._unpaired:
            await recount(run, sorted(self._unpaired))

    async def _replacing_stored_profiles(self, run: Runner) -> list[dict[str, Any]]:
        """One row per author, as if applied in order: the newest capture (the later one on a tie),
        with the stored profile keys it lacks set to null, which removes them, as the embedded
        store replaces its metrics whole."""
        newest: dict[str, dict[str, Any]] = {}
        for row in self._profile_rows:
            if row["id"] not in newest or row["captured_on"] >= newest[row["id"]]["captured_on"]:
                newest[row["id"]] = row
        stored = await run(q.STORED_PROFILE_KEYS, {"ids": sorted(newest)})
        for record in stored.records:
            row = newest[record["id"]]
            row["profile"] = {**dict.fromkeys(record["keys"]), **row["profile"]}
        return list(newest.values())


def report_of(tally: LoadTally) -> UpsertReport:
    report = UpsertReport(
        records=tally.records,
        relationships_created=tally.relationships_created,
        doi_conflicts=tally.doi_conflicts,
        identities_merged=tally.identities_merged,
    )
    for label in LABELS:
        report.created[label] = tally.created(label)
        report.updated[label] = tally.updated(label)
        report.merged[label] = tally.merged(label)
    return report


Row = dict[str, Any]


async def _create(run: Runner, statement: Statement, rows: list[Row], properties: Callable[[Row], Row]) -> bool:
    """Create nodes the batch's look-ups found no trace of; whether every one was new (the server
    created as many as were sent)."""
    if not rows:
        return True
    result = await run(statement, {"rows": [{"id": row["id"], "properties": properties(row)} for row in rows]})
    return result.nodes_created == len(rows)


def _created_first(rows: Iterable[Row], created: set[str]) -> tuple[list[Row], list[Row]]:
    """The first row of each node the batch creates, and every other row (to merge, in order)."""
    first: dict[str, Row] = {}
    rest: list[Row] = []
    for row in rows:
        if row["id"] in created and row["id"] not in first:
            first[row["id"]] = row
        else:
            rest.append(row)
    return list(first.values()), rest


def _by_novelty(rows: list[Row], keys: tuple[str, ...], new: set[str]) -> tuple[list[Row], list[Row]]:
    """The rows that name a node the batch created under one of `keys` (no such edge can exist yet: it
    is created), and the rest (merged)."""
    fresh: list[Row] = []
    stored: list[Row] = []
    for row in rows:
        (fresh if any(row[key] in new for key in keys) else stored).append(row)
    return fresh, stored


_AUTHOR_KEY_PROPERTIES = {kind: "orcid" if kind == "orcid" else f"{kind}_id" for kind in STRONG_ID_KINDS}


def _author_properties(row: Row) -> Row:
    """A new author's properties, as MERGE_AUTHORS would leave them."""
    return {
        "name": row["name"],
        "norm_name": row["norm_name"],
        "block": row["block"],
        "aliases": [],
        "sources": [row["source"]],
        "coauthor_count": 0,
        "search_text": row["name"],
        **{_AUTHOR_KEY_PROPERTIES[kind]: row[kind] for kind in STRONG_ID_KINDS},
    }


def _paper_properties(row: Row) -> Row:
    """A new paper's properties, as MERGE_PAPERS would leave them."""
    properties = {key: value for key, value in row.items() if key not in ("id", "source", "affiliations")}
    properties["sources"] = [row["source"]]
    properties["authors_complete"] = bool(row["authors_complete"])
    if row["affiliations"]:
        properties["affiliations"] = row["affiliations"]
    return properties
