"""One write plan for every store: a batch of records becomes the rows to write.

`plan(batch)` asks the store three questions at most (the stored nodes the batch's keys and names
may be; who their authors wrote with, when a name is abbreviated; the edges and properties of the
stored papers it merges into), then resolves record after record with `identity.resolution`, as a
sequential load would, and answers with `BatchRows`: each node the batch creates or changes with
its final properties, the edges it adds, and what they imply (COAUTHORED increments with their
years, author-topic and author-venue tallies, topic pairs) from `write_plan.tallies`. An adapter
only answers the questions and writes the rows; the decisions are made here, once.

The plan is a generator (sans-IO, as h11 is for HTTP): each store drives it with its own I/O,
the embedded one from a worker thread, Neo4j's from the event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from coauthor_graph.compute.interned import Interned
from coauthor_graph.domain.records import AuthorProfileRecord, AuthorRef, PaperRecord, Record, TopicRef, VenueRef
from coauthor_graph.identity import resolution
from coauthor_graph.identity.keys import author_name_id, display_name, normalize_text, paper_id, topic_id, venue_id
from coauthor_graph.identity.resolution import DESCRIPTIVE_FIELDS
from coauthor_graph.identity.stage import block_of
from coauthor_graph.identity.subjects import same_subject
from coauthor_graph.write_plan.load_tally import LoadTally
from coauthor_graph.write_plan.questions import (
    AuthorQuestion,
    FindCollaborators,
    FindNodes,
    FindPaperStates,
    Found,
    PaperQuestion,
    Question,
    StoredAuthor,
    StoredCollaborator,
    StoredPaperState,
    VenueQuestion,
)
from coauthor_graph.write_plan.registries import AuthorRegistry, PaperRegistry, VenueRegistry
from coauthor_graph.write_plan.tallies import TallyBatch


@dataclass(slots=True)
class AuthorRow:
    """An author the batch creates or changes, with its properties after the batch."""

    id: str
    name: str
    norm_name: str
    block: str
    aliases: list[str]
    sources: list[str]
    keys: list[str]
    """Strong keys held, the stored ones first, each kind's first one being the one a property keeps."""
    new_keys: list[str]
    """Keys this batch attaches."""
    profile: dict[str, object] | None = None
    """The profile that replaces the stored one whole, when the batch brings a newer capture."""
    dropped_profile: list[str] = field(default_factory=list)
    """Metrics the stored profile has and the new one lacks."""
    created: bool = False


@dataclass(slots=True)
class PaperRow:
    """A paper the batch creates or changes, with its properties after the batch."""

    id: str
    fields: dict[str, tuple[object, str | None]]
    """Each descriptive field (`DESCRIPTIVE_FIELDS`) as (value, the source it came from)."""
    doi: str | None
    arxiv_id: str | None
    fingerprint: str
    records: dict[str, str]
    """Record id per source."""
    authors_complete: bool
    tags: list[str]
    sources: list[str]
    affiliations: list[tuple[int, str]]
    """(position, institution) the batch's records list: stores add those they lack."""
    created: bool = False
    changed: bool = False
    """A stored paper whose properties the batch changes; unchanged, its row only brings affiliations."""

    def value(self, name: str) -> Any:
        return self.fields[name][0]


@dataclass(slots=True)
class TopicRow:
    id: str
    name: str
    norm_name: str
    scheme: str
    code: str | None


@dataclass(slots=True)
class VenueRow:
    id: str
    name: str
    kind: str
    issn: str | None
    created: bool = False


@dataclass(slots=True)
class BatchRows:
    """What one batch writes. Edges name nodes by id; tallies name them by `numbers` (dense keys)."""

    tally: LoadTally
    authors: list[AuthorRow]
    papers: list[PaperRow]
    topics: list[TopicRow]
    broader: list[tuple[str, str]]
    venues: list[VenueRow]
    authored: list[tuple[str, str, int | None]]
    """New (author, paper, position) edges."""
    positions: list[tuple[str, str, int]]
    """(author, paper, position) for stored edges without a position yet."""
    about: list[tuple[str, str]]
    published: list[tuple[str, str]]
    tallies: TallyBatch
    numbers: Interned
    year_changed: set[str]
    """Stored papers whose year changed: their pairs' first and last years are counted again."""
    unpaired: set[str]
    """Authors of papers this batch took past `MAX_PAIRED_AUTHORS`: their pairs are counted again."""

    def relationships(self) -> int:
        return len(self.authored) + len(self.about) + len(self.published)


Plan = Generator[Question, Any, BatchRows]
"""Yields the questions for the store; the store sends each answer back; returns the rows."""


def batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def run(plan: Plan, answer: Callable[[Question], Any]) -> BatchRows:
    """Drive a plan with a store's synchronous answers."""
    try:
        question = next(plan)
        while True:
            question = plan.send(answer(question))
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


def plan(batch: list[Record]) -> Plan:
    """The rows a batch of records writes, asking the store what it holds of them."""
    papers = [record for record in batch if isinstance(record, PaperRecord)]
    profiles = [record for record in batch if isinstance(record, AuthorProfileRecord)]
    mentions = [ref for p in papers for ref in p.authors] + [p.author for p in profiles]
    venues = [p.venue for p in papers if p.venue is not None]
    keys = [resolution.paper_keys(record) for record in papers]
    found: Found = yield FindNodes(_author_question(mentions), _paper_question(papers, keys), _venue_question(venues))
    planner = _Planner(found, LoadTally(records=len(batch)), keys)
    if any(resolution.abbreviated(ref) for p in papers for ref in p.authors):
        planner.found_collaborators((yield FindCollaborators(sorted(planner.stored_authors))))
    stored_papers = planner.resolve_papers(papers)
    if stored_papers:
        planner.found_papers((yield FindPaperStates(sorted(stored_papers))))
    for record in papers:
        planner.add_paper(record)
    for profile in profiles:
        planner.add_profile(profile)
    return planner.rows()


def _author_question(mentions: list[AuthorRef]) -> AuthorQuestion:
    keys = {key for ref in mentions for key in resolution.strong_keys(ref)}
    norms = {resolution.mention_norm(ref.name) for ref in mentions}
    # Ids the mentions would get, which a merge may have redirected.
    former = {author_name_id(norm) for norm in norms} | {
        resolution.new_author_id(resolution.mention_norm(ref.name), strong)
        for ref in mentions
        if (strong := resolution.strong_keys(ref))
    }
    return AuthorQuestion(sorted(keys), sorted(norms), sorted(former))


def _paper_question(papers: list[PaperRecord], keys: list[tuple[str | None, str | None, str]]) -> PaperQuestion:
    return PaperQuestion(
        dois=sorted({doi for doi, _, _ in keys if doi}),
        arxiv_ids=sorted({arxiv for _, arxiv, _ in keys if arxiv}),
        fingerprints=sorted({fingerprint for _, _, fingerprint in keys}),
        records=sorted({key for record in papers if (key := resolution.record_key(record))}),
    )


def _venue_question(venues: list[VenueRef]) -> VenueQuestion:
    return VenueQuestion(sorted({venue_id(v.name) for v in venues}), sorted({v.issn for v in venues if v.issn}))


@dataclass(slots=True)
class _AuthorState:
    row: AuthorRow
    before: tuple[tuple[str, ...], tuple[str, ...], frozenset[str]] | None
    """The stored author's sorted aliases and sources and its keys: None for a new one."""
    stored_profile: dict[str, object]
    profile: dict[str, object]
    """The newest capture the batch knows of (the stored one until a newer one comes)."""


class _Planner:
    """The rows of one batch, built record by record as a sequential load would see them."""

    def __init__(self, found: Found, tally: LoadTally, keys: list[tuple[str | None, str | None, str]]) -> None:
        self.tally = tally
        self._keys = keys
        """Each paper record's DOI, arXiv id and title fingerprint (`resolution.paper_keys`)."""
        self._resolved: dict[tuple[object, ...], str] = {}
        """Full-name mentions already resolved in this batch: the same mention resolves the same way."""
        self.stored_authors: dict[str, StoredAuthor] = {author.id: author for author in found.authors}
        self.authors = AuthorRegistry(found.authors)
        self.papers = PaperRegistry(found.papers)
        self.venues = VenueRegistry(found.venues)
        self._collaborators_of: dict[str, list[tuple[str, str]]] = {}
        self._paper_ids: list[str] = []
        self._dois: list[str | None] = []
        """Each paper record's DOI as resolution kept it (None where another paper holds it)."""
        self._states: dict[str, StoredPaperState] = {}
        self._author_states: dict[str, _AuthorState] = {}
        self._paper_rows: dict[str, PaperRow] = {}
        self._paper_before: dict[str, tuple[object, ...]] = {}
        self._topic_rows: dict[str, TopicRow] = {}
        self._topic_ids: dict[TopicRef, str] = {}
        self._broader: dict[tuple[str, str], None] = {}
        self._venue_rows: dict[str, VenueRow] = {}
        self._venue_ids: dict[tuple[str, str | None], str] = {}
        self._authored: list[tuple[str, str, int | None]] = []
        self._positions: list[tuple[str, str, int]] = []
        self._about: list[tuple[str, str]] = []
        self._published: list[tuple[str, str]] = []
        self._numbers = Interned()  # node ids as small integers for `TallyBatch`, which counts with arrays
        self._tallies = TallyBatch()
        self._years: dict[str, int | None] = {}
        """Each paper's year as last noted (stored papers: as stored)."""
        self._year_changed: set[str] = set()
        self._unpaired: set[str] = set()
        self._added = 0
        """Paper records added so far: the index of the next one's node in `_paper_ids`."""

    # --- resolution ---------------------------------------------------------------------------

    def resolve_papers(self, papers: list[PaperRecord]) -> set[str]:
        """Each record's paper node, in order; the stored papers among them."""
        stored: set[str] = set()
        for record, (doi, arxiv_id, fingerprint) in zip(papers, self._keys, strict=True):
            record_key = resolution.record_key(record)
            if doi and resolution.doi_conflict(doi, record.title, record.source, self.papers):
                where = f"{record.source} line {record.line}" if record.line else record.source
                self.tally.doi_conflicts.append(f"{doi} is another paper's; kept apart: {record.title!r} ({where})")
                doi = None
            self._dois.append(doi)
            found = resolution.find_paper(doi, arxiv_id, fingerprint, self.papers, record_key)
            if found is None:
                found = paper_id(doi, arxiv_id, fingerprint, record_key)
                self.tally.created_ids["Paper"].add(found)
                self._states[found] = StoredPaperState(found, {}, set(), None, {}, fingerprint=fingerprint)
            elif found not in self._states:
                stored.add(found)  # stored before this batch: its edges are asked for
                self.tally.matched_ids["Paper"].add(found)
            self.papers.remember(found, doi, arxiv_id, fingerprint)
            if record_key:
                self.papers.remember_record(found, record_key)
            title, sources = self.papers.descriptions.get(found, (record.title, []))
            if record.source not in sources:
                self.papers.descriptions[found] = (title, sorted({*sources, record.source}))
            self._paper_ids.append(found)
        return stored

    def found_papers(self, states: Iterable[StoredPaperState]) -> None:
        for state in states:
            self._states[state.id] = state
            self._years[state.id] = _year(state.fields.get("year", (None, None))[0])

    def found_collaborators(self, collaborators: Iterable[StoredCollaborator]) -> None:
        """Who the batch's stored authors have written with, for the initials rule."""
        for row in collaborators:
            self._collaborators_of.setdefault(row.author, []).append((row.other.id, row.other.norm_name))
            self.stored_authors.setdefault(row.other.id, row.other)

    def _collaborators(self, node: str) -> list[tuple[str, str]]:
        found = dict(self._collaborators_of.get(node, []))
        ids = self._numbers.ids
        for other in self._tallies.pending_coauthors(self._numbers.key(node)):  # pairs this batch makes
            norm = self.authors.norm_of.get(ids[other])
            if norm is not None:  # a stored author the look-ups did not return: FindCollaborators named theirs
                found.setdefault(ids[other], norm)
        return list(found.items())

    def _author(self, ref: AuthorRef, source: str, coauthors: list[str] | None = None) -> str:
        """The mention's node; with `coauthors`, an abbreviated name may join a known collaborator."""
        repeated = (ref.name, ref.orcid, ref.source_ids, source)
        if coauthors is None and (cached := self._resolved.get(repeated)) is not None:
            return cached  # its name, source and keys are noted already
        norm = resolution.mention_norm(ref.name)
        strong = resolution.strong_keys(ref)
        found = resolution.find_author(norm, strong, self.authors)
        if found is None and coauthors:
            found = resolution.find_by_initials(norm, coauthors, self._collaborators)
        name = display_name(ref.name)
        if found is None:
            found = resolution.new_author_id(norm, strong)
            self.tally.created_ids["Author"].add(found)
            attach = strong
            state = self._author_states[found] = _AuthorState(
                AuthorRow(found, name, norm, block_of(norm), [], [], [], [], created=True), None, {}, {}
            )
        else:
            if found not in self.tally.created_ids["Author"]:
                self.tally.matched_ids["Author"].add(found)
            held = self.authors.keys_of(found)
            # A person keeps one id per kind, the first: a second OpenAlex id (OpenAlex splits people) is
            # evidence for the match, not a key to keep.
            kinds = {key.split(":", 1)[0] for key in held}
            attach = (
                [] if resolution.conflicts(held, strong) else [k for k in strong if k.split(":", 1)[0] not in kinds]
            )
            state = self._author_states.get(found) or self._stored_author_state(found)
        # A node keeps its own name: a mention spelled differently (an alias) must not become a name it answers to.
        self.authors.remember(found, self.authors.norm_of.get(found, norm), attach)
        row = state.row
        if name != row.name and name not in row.aliases:
            row.aliases.append(name)
        if source not in row.sources:
            row.sources.append(source)
        for key in attach:
            if key not in row.keys:
                row.keys.append(key)
                row.new_keys.append(key)
        if coauthors is None:  # an abbreviated name's answer depends on its paper: never remembered
            self._resolved[repeated] = found
        return found

    def _stored_author_state(self, node: str) -> _AuthorState:
        stored = self.stored_authors[node]
        row = AuthorRow(
            node,
            stored.name,
            stored.norm_name,
            block_of(stored.norm_name),
            list(stored.aliases),
            list(stored.sources),
            sorted(stored.keys),
            [],
        )
        before = (tuple(sorted(stored.aliases)), tuple(sorted(stored.sources)), frozenset(stored.keys))
        profile = dict(stored.profile)
        state = self._author_states[node] = _AuthorState(row, before, profile, profile)
        return state

    def _venue(self, ref: VenueRef) -> str:
        found = self._venue_ids.get((ref.name, ref.issn))
        if found is None:
            found = self._venue_ids[ref.name, ref.issn] = self._resolve_venue(ref)
        return found

    def _resolve_venue(self, ref: VenueRef) -> str:
        """The venue's node: once per name and ISSN in a batch (resolving it again changes nothing)."""
        found = resolution.find_venue(ref.name, ref.issn, self.venues)
        if found is None:
            found = resolution.new_venue_id(ref.name, ref.issn, self.venues)
            self.tally.created_ids["Venue"].add(found)
            self._venue_rows[found] = VenueRow(found, ref.name, ref.kind, ref.issn, created=True)
        elif ref.issn and self.venues.issn_of.get(found) is None:
            row = self._venue_rows.setdefault(found, VenueRow(found, ref.name, ref.kind, None))
            row.issn = ref.issn
            if not row.created:
                self.tally.updated_ids["Venue"].add(found)
        self.venues.remember(found, ref.issn)
        return found

    def _topic(self, ref: TopicRef) -> str:
        """The topic's node, its row and its BROADER chain's rows noted once per batch."""
        node_id = self._topic_ids.get(ref)
        if node_id is None:
            canonical = same_subject(ref)
            node_id = topic_id(canonical.scheme, canonical.name, canonical.code)
            self._topic_rows.setdefault(
                node_id,
                TopicRow(node_id, canonical.name, normalize_text(canonical.name), canonical.scheme, canonical.code),
            )
            if canonical.broader is not None:
                self._broader[(node_id, self._topic(canonical.broader))] = None
            self._topic_ids[ref] = node_id
        return node_id

    # --- records ------------------------------------------------------------------------------

    def add_paper(self, record: PaperRecord) -> None:
        slot = self._added
        self._added += 1
        node, doi = self._paper_ids[slot], self._dois[slot]
        _, arxiv_id, fingerprint = self._keys[slot]
        state = self._states[node]
        incoming = {
            "title": record.title,
            "year": record.year,
            "date": record.date.isoformat() if record.date else None,
            "abstract": record.abstract,
            "url": record.url,
        }
        row = self._paper_row(node, state, fingerprint)  # before the merge: a stored paper's row remembers it as stored
        state.fields = resolution.merge_fields(state.fields, incoming, record.source)
        for name in DESCRIPTIVE_FIELDS:
            row.fields[name] = state.fields.get(name, (None, None))
        if row.fields["title"][0] is None:
            row.fields["title"] = ("", None)  # untitled until a source gives a title
        if doi and self.papers.by_doi(doi) == node:
            row.doi = row.doi or doi
        if arxiv_id and self.papers.by_arxiv_key.get(arxiv_id) == node:
            row.arxiv_id = row.arxiv_id or arxiv_id
        if record.record_id and record.source in resolution.RECORD_SOURCES:
            row.records.setdefault(record.source, record.record_id)
        row.authors_complete = row.authors_complete or record.authors_complete
        if record.tags:
            row.tags = sorted({*row.tags, *record.tags})
        if record.source not in row.sources:
            row.sources = sorted({*row.sources, record.source})
        if affiliations := resolution.listed_affiliations(record):
            row.affiliations = sorted({*row.affiliations, *affiliations})

        authors = resolution.resolve_authorship(record.authors, lambda ref, co: self._author(ref, record.source, co))
        edges = resolution.plan_paper_edges(
            state.authors,
            state.topics,
            state.venue is not None,
            authors,
            (self._topic(ref) for ref in record.topics),
            record.venue,
        )
        for author, position in edges.new_authors.items():
            self._authored.append((author, node, position))
            state.authors[author] = position
        for author, position in edges.positions_to_fill.items():
            self._positions.append((author, node, position))
            state.authors[author] = position
        for topic in edges.new_topics:
            self._about.append((node, topic))
            state.topics.add(topic)
        if edges.add_venue and record.venue is not None:
            state.venue = self._venue(record.venue)
            self._published.append((node, state.venue))
        if edges.changes_paper and not row.created:
            self.tally.updated_ids["Paper"].add(node)
        self._unpaired.update(edges.unpaired)
        self._note_tallies(node, state, edges, _year(row.value("year")))

    def _paper_row(self, node: str, state: StoredPaperState, fingerprint: str) -> PaperRow:
        row = self._paper_rows.get(node)
        if row is None:
            row = self._paper_rows[node] = PaperRow(
                node,
                dict(state.fields),
                state.doi,
                state.arxiv_id,
                state.fingerprint or fingerprint,
                dict(state.records),
                state.authors_complete,
                sorted(state.tags),
                sorted(state.sources),
                [],
                created=node in self.tally.created_ids["Paper"],
            )
            if not row.created:
                self._paper_before[node] = _paper_properties(row)
        return row

    def _note_tallies(
        self, node: str, state: StoredPaperState, edges: resolution.EdgePlan[str], year: int | None
    ) -> None:
        if node in self._years and self._years[node] != year and not self._paper_rows[node].created:
            self._year_changed.add(node)
        self._years[node] = year
        numbers = self._numbers
        self._tallies.note(
            sorted(map(numbers.key, state.authors)),
            set(map(numbers.key, edges.new_authors)),
            sorted(map(numbers.key, state.topics)),
            set(map(numbers.key, edges.new_topics)),
            None if state.venue is None else numbers.key(state.venue),
            edges.add_venue,
            year,
        )

    def add_profile(self, record: AuthorProfileRecord) -> None:
        node = self._author(record.author, record.source)
        state = self._author_states[node]
        metrics: dict[str, object] = dict(record.metrics)
        metrics["captured_on"] = record.captured_on.isoformat()
        if record.field is not None:
            metrics["field"] = record.field.code or record.field.name
        if str(state.profile.get("captured_on", "")) > record.captured_on.isoformat():
            return  # an older capture than the one held
        state.profile = metrics

    # --- rows -----------------------------------------------------------------------------------

    def rows(self) -> BatchRows:
        tally = self.tally
        authors: list[AuthorRow] = []
        for node, state in self._author_states.items():
            row = state.row
            if state.before is None:
                row.profile = state.profile or None
                authors.append(row)
                continue
            if state.profile != state.stored_profile:
                row.profile = state.profile
                row.dropped_profile = sorted(set(state.stored_profile) - set(state.profile))
            if (tuple(sorted(row.aliases)), tuple(sorted(row.sources)), frozenset(row.keys)) != state.before or (
                row.profile is not None
            ):
                tally.updated_ids["Author"].add(node)
                authors.append(row)
        papers: list[PaperRow] = []
        for node, paper in self._paper_rows.items():
            if paper.created:
                papers.append(paper)
            elif _paper_properties(paper) != self._paper_before[node]:
                paper.changed = True
                tally.updated_ids["Paper"].add(node)
                papers.append(paper)
            elif paper.affiliations:
                papers.append(paper)  # its affiliations may be new to it
        return BatchRows(
            tally=tally,
            authors=authors,
            papers=papers,
            topics=list(self._topic_rows.values()),
            broader=list(self._broader),
            venues=list(self._venue_rows.values()),
            authored=self._authored,
            positions=self._positions,
            about=self._about,
            published=self._published,
            tallies=self._tallies,
            numbers=self._numbers,
            year_changed=self._year_changed,
            unpaired=self._unpaired,
        )


def _paper_properties(row: PaperRow) -> tuple[object, ...]:
    """What a merge compares to tell whether it changed a stored paper (affiliations do not count)."""
    return (
        tuple(sorted(row.fields.items(), key=lambda item: item[0])),
        row.doi,
        row.arxiv_id,
        tuple(sorted(row.records.items())),
        row.authors_complete,
        tuple(row.tags),
        tuple(row.sources),
    )


def _year(value: object) -> int | None:
    return value if isinstance(value, int) else None
