"""One upsert as one SQLite transaction: identity resolution, merging, derived edges.

Authors, topics and venues are written as they are resolved. New papers and their edges
are buffered and written in bulk every `FLUSH_EVERY` papers; the keys of papers created in
this transaction are remembered in memory, so loading into an empty store needs no lookup
per paper. A record that matches a paper still in the buffer flushes it first, so merges
always work on stored rows. COAUTHORED and the author-topic tallies are derived from the
edges each paper gains (pairs after minus pairs before), summed in memory and flushed with
the buffer, still inside the transaction. Reloading the same data adds no edge, so it
changes no tally: loads are idempotent by construction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations

from coauthor_graph.domain.hyperauthorship import pairs_authors
from coauthor_graph.domain.records import AuthorProfileRecord, AuthorRef, PaperRecord, Record, TopicRef, VenueRef
from coauthor_graph.domain.views import LABELS, Label, UpsertReport
from coauthor_graph.identity import resolution
from coauthor_graph.identity.curation import Decision
from coauthor_graph.identity.keys import display_name, normalize_text, paper_id, topic_id
from coauthor_graph.identity.stage import block_of
from coauthor_graph.identity.subjects import same_subject
from coauthor_graph.store.embedded import identities
from coauthor_graph.store.embedded.index import IndexDelta
from coauthor_graph.store.embedded.schema import paper_fts_key
from coauthor_graph.store.embedded.sql import IDS, PAIRED
from coauthor_graph.write_plan.tallies import TallyBatch

FLUSH_EVERY = 50_000
INDEX_DELTA_LIMIT = 50_000
"""Beyond this many touched authors (or papers), the in-memory index (or topic graph) is rebuilt rather than patched."""


class UpsertTransaction:
    """Applies records to an open write transaction; the caller commits or rolls back."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self.delta = IndexDelta()
        self._next_n = {
            label: connection.execute(f"SELECT coalesce(max(n), 0) + 1 FROM {label.lower()}").fetchone()[0]
            for label in LABELS
        }
        self._first_new = dict(self._next_n)
        """Keys are handed out in increasing order: a node is new to this load when n >= _first_new."""
        self._updated: dict[str, set[int]] = {label: set() for label in LABELS}
        self._matched: dict[str, set[int]] = {label: set() for label in LABELS}
        self._relationships = 0
        self._records = 0
        self._resolved_authors: dict[tuple[object, ...], int] = {}
        self._topics: dict[TopicRef, int] = {}
        self._venues: dict[tuple[str, str | None], int] = {}
        self._tallies = TallyBatch()
        self._unindexed_authors: list[int] = []
        """Authors created since the last flush, not yet in author_fts."""
        self._year_changed_pairs: set[tuple[int, int]] = set()
        self._unpaired: set[int] = set()
        """Authors of papers this load took past `MAX_PAIRED_AUTHORS`: their pairs are counted again."""
        self._doi_conflicts: list[str] = []
        self._absorbed: set[int] = set()
        """Authors merged into another by the disambiguation stage."""
        self._authors: _StoredAuthors | _NewAuthors = (
            _StoredAuthors(connection) if self._next_n["Author"] > 1 else _NewAuthors()
        )
        self._papers = _TransactionPapers(connection, store_had_papers=self._next_n["Paper"] > 1)
        self._buffered: set[int] = set()
        self._paper_rows: list[tuple[object, ...]] = []
        self._authored_rows: list[tuple[int, int, int | None]] = []
        self._affiliation_rows: list[tuple[int, int, str]] = []
        self._about_rows: list[tuple[int, int]] = []
        self._published_rows: list[tuple[int, int]] = []

    def apply(self, records: Iterable[Record]) -> None:
        for record in records:
            self._records += 1
            if isinstance(record, PaperRecord):
                self._paper(record)
                if len(self._buffered) >= FLUSH_EVERY:
                    self._flush()
            elif isinstance(record, AuthorProfileRecord):
                self._profile(record)
            else:
                raise TypeError(f"not a canonical record: {type(record).__name__}")
        self._flush()
        self._recompute_year_changed_pairs()
        self._recount_unpaired()
        self._disambiguate()

    def report(self) -> UpsertReport:
        report = UpsertReport(records=self._records, relationships_created=self._relationships)
        for label in LABELS:
            removed = self._absorbed if label == "Author" else set()
            report.created[label] = (
                self._next_n[label] - self._first_new[label] - sum(1 for n in removed if n >= self._first_new[label])
            )
            report.updated[label] = sum(1 for n in self._updated[label] - removed if n < self._first_new[label])
            report.merged[label] = sum(1 for n in self._matched[label] - removed if n < self._first_new[label])
        report.identities_merged = len(self._absorbed)
        report.doi_conflicts = list(self._doi_conflicts)
        return report

    def keep_meta(self, key: str, value: str) -> None:
        """Set one entry of the store's `meta` table (the served weights, say)."""
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def record_decisions(self, decisions: Iterable[Decision]) -> int:
        """Add curation decisions to the ledger (the next `apply` applies the whole ledger); how many were new."""
        return identities.record(self._db, decisions)

    def _disambiguate(self) -> None:
        """Re-cluster the name blocks this load touched, then apply the curation ledger: merge the
        authors found, or decided, to be one person."""
        touched = self._matched["Author"] | set(range(self._first_new["Author"], self._next_n["Author"]))
        decisions = identities.ledger(self._db)  # read once: merges and splits below change authors, not it
        merged = self._merge(identities.plan_merges(self._db, touched, decisions))
        merged = self._merge(identities.ledger_merges(self._db, decisions)) or merged
        if self._split(decisions) or merged:  # edges moved between authors: the in-memory index re-reads everything
            self.delta.authors = self.delta.papers = self.delta.profile_papers = None

    def _split(self, decisions: list[Decision]) -> bool:
        """Apply the ledger's splits: the split papers go (back) to the person split off, created when new."""
        moved = False
        for author, split in identities.ledger_splits(self._db, decisions):
            into = self._authors.by_id(split.into)
            if into is None and identities.holds_any(self._db, author, split.papers):
                into = self._allocate("Author")
                self._db.execute(
                    "INSERT INTO author (n, id, name, norm_name, block, sources)"
                    " SELECT ?, ?, name, norm_name, block, sources FROM author WHERE n = ?",
                    (into, split.into, author),
                )
                self._unindexed_authors.append(into)
                self._index_new_authors()
            if into is not None and identities.split(self._db, author, into, list(split.papers)):
                self._updated["Author"].update((author, into))
                moved = True
        return moved

    def _merge(self, merges: identities.Merges) -> bool:
        for survivor, absorbed in merges:
            identities.merge(self._db, survivor, absorbed)
            self._absorbed.update(absorbed)
            self._updated["Author"].add(survivor)
        return bool(merges)

    # --- nodes ------------------------------------------------------------------------------

    def _allocate(self, label: Label) -> int:
        n = self._next_n[label]
        self._next_n[label] = n + 1
        return n

    def _author(self, ref: AuthorRef, source: str, coauthors: list[int] | None = None) -> int:
        """The mention's node; with `coauthors`, an abbreviated name may join a known collaborator."""
        cache_key = (ref.name, ref.orcid, ref.source_ids, source)
        cached = self._resolved_authors.get(cache_key) if coauthors is None else None
        if cached is not None:
            return cached
        norm = resolution.mention_norm(ref.name)
        strong = resolution.strong_keys(ref)
        n = resolution.find_author(norm, strong, self._authors)
        if n is None and coauthors:
            n = resolution.find_by_initials(norm, coauthors, self._collaborators)
        name = display_name(ref.name)
        if n is None:
            n = self._allocate("Author")
            node_id = resolution.new_author_id(norm, strong)
            self._db.execute(
                "INSERT INTO author (n, id, name, norm_name, block, orcid, sources) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (n, node_id, name, norm, block_of(norm), ref.orcid, _json_list(source)),
            )
            if strong:
                self._db.executemany("INSERT INTO author_key (key, author) VALUES (?, ?)", [(key, n) for key in strong])
            self._authors.created(n, node_id, norm, strong)
            self._unindexed_authors.append(n)
        else:
            self._matched["Author"].add(n)
            self._merge_author(n, name, ref.orcid, strong, source)
        if coauthors is None:  # an abbreviated name's answer depends on its paper: never cached
            self._resolved_authors[cache_key] = n
        return n

    def _collaborators(self, n: int) -> list[tuple[int, str]]:
        """Stored co-authors of `n`, and those this load has paired it with but not yet written."""
        found = dict(
            self._db.execute(
                "SELECT x.n, x.norm_name FROM (SELECT b AS other FROM coauthored WHERE a = ?"
                " UNION SELECT a FROM coauthored WHERE b = ?) c JOIN author x ON x.n = c.other",
                (n, n),
            )
        )
        pending = sorted(self._tallies.pending_coauthors(n) - set(found))
        found.update(self._db.execute(f"SELECT n, norm_name FROM author WHERE n IN ({IDS})", (json.dumps(pending),)))
        return list(found.items())

    def _merge_author(self, n: int, name: str, orcid: str | None, strong: list[str], source: str) -> None:
        """Add the mention's spelling, source and strong ids; ids that conflict with stored ones are not added."""
        current_name, aliases_json, current_orcid, sources_json = self._db.execute(
            "SELECT name, aliases, orcid, sources FROM author WHERE n = ?", (n,)
        ).fetchone()
        aliases = json.loads(aliases_json)
        sources = json.loads(sources_json)
        changed = False
        if name != current_name and name not in aliases:
            aliases = sorted([*aliases, name])
            changed = True
        if source not in sources:
            sources = sorted([*sources, source])
            changed = True
        new_orcid = current_orcid
        if not resolution.conflicts(self._authors.keys_of(n), strong):
            new_orcid = current_orcid or orcid
            for key in strong:
                cursor = self._db.execute("INSERT OR IGNORE INTO author_key (key, author) VALUES (?, ?)", (key, n))
                if cursor.rowcount > 0:
                    self._authors.attached(n, key)
                    changed = True
        if changed or new_orcid != current_orcid:
            self._index_new_authors()  # the FTS update trigger needs the author's indexed row
            self._db.execute(
                "UPDATE author SET aliases = ?, sources = ?, orcid = ? WHERE n = ?",
                (json.dumps(aliases), json.dumps(sources), new_orcid, n),
            )
            self._updated["Author"].add(n)

    def _profile(self, record: AuthorProfileRecord) -> None:
        n = self._author(record.author, record.source)
        metrics = dict(record.metrics)
        metrics["captured_on"] = record.captured_on.isoformat()
        if record.field is not None:
            metrics["field"] = record.field.code or record.field.name
        (current_json,) = self._db.execute("SELECT metrics FROM author WHERE n = ?", (n,)).fetchone()
        current = json.loads(current_json)
        if current == metrics or str(current.get("captured_on", "")) > str(metrics["captured_on"]):
            return  # already known, or an older capture than the one we hold
        self._db.execute("UPDATE author SET metrics = ? WHERE n = ?", (json.dumps(metrics, sort_keys=True), n))
        self._updated["Author"].add(n)

    def _topic(self, ref: TopicRef) -> int:
        n = self._topics.get(ref)
        if n is not None:
            return n
        canonical = same_subject(ref)
        if canonical != ref:
            n = self._topics[ref] = self._topic(canonical)
            return n
        node_id = topic_id(ref.scheme, ref.name, ref.code)
        row = self._db.execute("SELECT n FROM topic WHERE id = ?", (node_id,)).fetchone()
        if row:
            n = row[0]
        else:
            n = self._allocate("Topic")
            self._db.execute(
                "INSERT INTO topic (n, id, name, norm_name, scheme, code) VALUES (?, ?, ?, ?, ?, ?)",
                (n, node_id, ref.name, normalize_text(ref.name), ref.scheme, ref.code),
            )
        if ref.broader is not None:
            parent = self._topic(ref.broader)
            cursor = self._db.execute("INSERT OR IGNORE INTO broader (topic, parent) VALUES (?, ?)", (n, parent))
            self._relationships += cursor.rowcount
        self._topics[ref] = n
        return n

    def _venue(self, ref: VenueRef) -> int:
        key = (ref.name, ref.issn)
        n = self._venues.get(key)
        if n is not None:
            return n
        lookup = _StoredVenues(self._db)
        n = resolution.find_venue(ref.name, ref.issn, lookup)
        if n is None:
            n = self._allocate("Venue")
            self._db.execute(
                "INSERT INTO venue (n, id, name, kind, issn) VALUES (?, ?, ?, ?, ?)",
                (n, resolution.new_venue_id(ref.name, ref.issn, lookup), ref.name, ref.kind, ref.issn),
            )
        elif ref.issn:
            cursor = self._db.execute("UPDATE venue SET issn = ? WHERE n = ? AND issn IS NULL", (ref.issn, n))
            if cursor.rowcount:
                self._updated["Venue"].add(n)
        self._venues[key] = n
        return n

    # --- papers -------------------------------------------------------------------------------

    def _doi_conflict(self, doi: str, record: PaperRecord) -> bool:
        holder = self._papers.by_doi(doi)
        if holder in self._buffered:
            self._flush()  # its title and sources are read from the table
        return holder is not None and resolution.doi_conflict(doi, record.title, record.source, self._papers)

    def _find_paper(self, doi: str | None, arxiv_id: str | None, fingerprint: str, record: str | None) -> int | None:
        n = resolution.find_paper(doi, arxiv_id, fingerprint, self._papers, record)
        if n in self._buffered:
            self._flush()  # merge into a stored row, never into a buffered one
        return n

    def _paper(self, record: PaperRecord) -> None:
        doi, arxiv_id, fingerprint = resolution.paper_keys(record)
        record_key = resolution.record_key(record)
        if doi and self._doi_conflict(doi, record):
            where = f"{record.source} line {record.line}" if record.line else record.source
            self._doi_conflicts.append(f"{doi} is another paper's; kept apart: {record.title!r} ({where})")
            doi = None
        date = record.date.isoformat() if record.date else None
        n = self._find_paper(doi, arxiv_id, fingerprint, record_key)
        year, year_changed = record.year, False
        if n is None:
            n = self._allocate("Paper")
            self._buffered.add(n)
            node_id = paper_id(doi, arxiv_id, fingerprint, record_key)
            self._paper_rows.append(
                (
                    n,
                    node_id,
                    record.title,
                    record.year,
                    date,
                    doi,
                    arxiv_id,
                    fingerprint,
                    record.url,
                    record.abstract,
                    int(record.authors_complete),
                    json.dumps(sorted(set(record.tags))) if record.tags else "[]",
                    _json_list(record.source),
                    _field_sources(
                        record.source,
                        (record.title or None, record.year, date, record.abstract, record.url),
                    ),
                )
            )
            self._papers.remember(n, node_id, doi, arxiv_id, fingerprint, record_key)
            before_authors: dict[int, int | None] = {}
            before_topics: set[int] = set()
            venue: int | None = None
        else:
            self._matched["Paper"].add(n)
            year, year_changed, doi, arxiv_id = self._merge_paper(n, record, doi, arxiv_id, date)
            self._papers.remember(n, None, doi, arxiv_id, fingerprint, record_key)
            before_authors = dict(self._db.execute("SELECT author, position FROM authored WHERE paper = ?", (n,)))
            before_topics = {t for (t,) in self._db.execute("SELECT topic FROM about WHERE paper = ?", (n,))}
            stored_venue = self._db.execute("SELECT venue FROM published_in WHERE paper = ?", (n,)).fetchone()
            venue = stored_venue[0] if stored_venue else None

        authors = resolution.resolve_authorship(record.authors, lambda ref, co: self._author(ref, record.source, co))
        plan = resolution.plan_paper_edges(
            before_authors,
            before_topics,
            venue is not None,
            authors,
            (self._topic(ref) for ref in record.topics),
            record.venue,
        )
        self._authored_rows.extend((a, n, position) for a, position in plan.new_authors.items())
        self._affiliation_rows.extend((n, position, name) for position, name in resolution.listed_affiliations(record))
        if plan.positions_to_fill:
            self._db.executemany(
                "UPDATE authored SET position = ? WHERE author = ? AND paper = ?",
                [(position, a, n) for a, position in plan.positions_to_fill.items()],
            )
        self._about_rows.extend((n, t) for t in plan.new_topics)
        if plan.add_venue and record.venue is not None:
            venue = self._venue(record.venue)
            self._published_rows.append((n, venue))
        self._relationships += len(plan.new_authors) + len(plan.new_topics) + int(plan.add_venue)
        if plan.changes_paper and n < self._first_new["Paper"]:
            self._updated["Paper"].add(n)
        if n >= self._first_new["Paper"] or n in self._updated["Paper"] or plan.add_venue:
            self.delta.profile_papers = _noted(self.delta.profile_papers, (n,))
        self._tallies.note(
            sorted({*before_authors, *plan.new_authors}),
            set(plan.new_authors),
            sorted(before_topics.union(plan.new_topics)),
            set(plan.new_topics),
            venue,
            plan.add_venue,
            year,
        )
        if year_changed and pairs_authors(len(before_authors)):
            self._year_changed_pairs.update(combinations(sorted(before_authors), 2))
        self._unpaired.update(plan.unpaired)

    def _merge_paper(
        self, n: int, record: PaperRecord, doi: str | None, arxiv_id: str | None, date: str | None
    ) -> tuple[int | None, bool, str | None, str | None]:
        """Merge one source's description into a stored paper (`resolution.merge_fields` decides the
        descriptive fields; identity keys are only filled in; tags, sources and completeness add up).

        Returns the year, whether it changed, and the paper's DOI and arXiv id after the merge.
        """
        if doi and not resolution.may_attach(self._papers.by_doi(doi), n):
            doi = None  # that DOI names another paper: keep them apart rather than move it
        if arxiv_id and not resolution.may_attach(next(iter(self._papers.by_arxiv(arxiv_id)), (None,))[0], n):
            arxiv_id = None
        row = self._db.execute(
            "SELECT title, year, date, abstract, url, doi, arxiv_id, authors_complete, tags, sources, field_sources"
            " FROM paper WHERE n = ?",
            (n,),
        ).fetchone()
        title, year, old_date, abstract, url, old_doi, old_arxiv, complete, tags_json, sources_json, fields_json = row
        field_sources = json.loads(fields_json)
        stored = dict(zip(resolution.DESCRIPTIVE_FIELDS, (title, year, old_date, abstract, url), strict=True))
        incoming = {
            "title": record.title,
            "year": record.year,
            "date": date,
            "abstract": record.abstract,
            "url": record.url,
        }
        fields = resolution.merge_fields(
            {name: (value, field_sources.get(name)) for name, value in stored.items()}, incoming, record.source
        )
        decided_year = fields["year"][0]
        new_year = decided_year if isinstance(decided_year, int) else None
        new_doi, new_arxiv = old_doi or doi, old_arxiv or arxiv_id
        merged = (
            *(fields[name][0] for name in resolution.DESCRIPTIVE_FIELDS),
            new_doi,
            new_arxiv,
            int(bool(complete) or record.authors_complete),
            json.dumps(sorted(set(json.loads(tags_json)) | set(record.tags))),
            json.dumps(sorted(set(json.loads(sources_json)) | {record.source})),
            json.dumps({name: source for name, (value, source) in fields.items() if value is not None}, sort_keys=True),
        )
        if merged != row:
            self._db.execute(
                "UPDATE paper SET title = ?, year = ?, date = ?, abstract = ?, url = ?, doi = ?, arxiv_id = ?,"
                " authors_complete = ?, tags = ?, sources = ?, field_sources = ? WHERE n = ?",
                (*merged, n),
            )
            self._updated["Paper"].add(n)
        return new_year, new_year != year, new_doi, new_arxiv

    # --- writing ----------------------------------------------------------------------------------

    def _flush(self) -> None:
        """Write buffered papers and edges, then the derived tallies they imply."""
        self._db.executemany(
            "INSERT INTO paper (n, id, title, year, date, doi, arxiv_id, fingerprint, url, abstract,"
            " authors_complete, tags, sources, field_sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self._paper_rows,
        )
        self._db.execute(
            f"INSERT INTO paper_fts (rowid, title, abstract) SELECT {paper_fts_key('title', 'n')}, title, abstract"
            f" FROM paper WHERE n IN ({IDS}) ORDER BY 1",  # in key order, FTS5 buffers them all
            (json.dumps([row[0] for row in self._paper_rows]),),
        )
        self._index_new_authors()
        self._db.executemany("INSERT INTO authored (author, paper, position) VALUES (?, ?, ?)", self._authored_rows)
        self._db.executemany("INSERT INTO about (paper, topic) VALUES (?, ?)", self._about_rows)
        self._db.executemany(
            "INSERT OR IGNORE INTO paper_affiliation (paper, position, institution) VALUES (?, ?, ?)",
            self._affiliation_rows,
        )
        edged = [paper for _, paper, _ in self._authored_rows] + [paper for paper, _ in self._about_rows]
        self.delta.papers = _noted(self.delta.papers, edged)
        self._db.executemany("INSERT INTO published_in (paper, venue) VALUES (?, ?)", self._published_rows)
        coauthored, author_topics = list(self._tallies.coauthored()), list(self._tallies.author_topics())
        self._db.executemany(
            "INSERT INTO coauthored (a, b, papers, first_year, last_year) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (a, b) DO UPDATE SET papers = papers + excluded.papers,"
            " first_year = CASE WHEN first_year IS NULL THEN excluded.first_year"
            "   WHEN excluded.first_year IS NULL THEN first_year ELSE min(first_year, excluded.first_year) END,"
            " last_year = CASE WHEN last_year IS NULL THEN excluded.last_year"
            "   WHEN excluded.last_year IS NULL THEN last_year ELSE max(last_year, excluded.last_year) END",
            coauthored,
        )
        self._db.executemany(
            "INSERT INTO author_topic (author, topic, papers) VALUES (?, ?, ?)"
            " ON CONFLICT (author, topic) DO UPDATE SET papers = papers + excluded.papers",
            author_topics,
        )
        self._db.executemany(
            "INSERT INTO author_venue (author, venue, papers) VALUES (?, ?, ?)"
            " ON CONFLICT (author, venue) DO UPDATE SET papers = papers + excluded.papers",
            self._tallies.author_venues(),
        )
        self._db.executemany(
            "INSERT INTO topic_pair (a, b, papers) VALUES (?, ?, ?)"
            " ON CONFLICT (a, b) DO UPDATE SET papers = papers + excluded.papers",
            ((x, y, count) for a, b, count in self._tallies.topic_pairs() for x, y in ((a, b), (b, a))),
        )
        self.delta.authors = _noted(self.delta.authors, (author for row in coauthored for author in row[:2]))
        self.delta.topics.update(t for _, t, _ in author_topics)
        for rows in (
            self._paper_rows,
            self._authored_rows,
            self._affiliation_rows,
            self._about_rows,
            self._published_rows,
        ):
            rows.clear()
        self._buffered.clear()
        # Flushed rows are in the tables now: look keys up there, and let memory stay flat however long the load.
        self._papers.forget()
        self._authors = _StoredAuthors(self._db)
        self._tallies = TallyBatch()

    def _index_new_authors(self) -> None:
        """Enter the authors created since the last call into author_fts, in one statement."""
        if self._unindexed_authors:
            self._db.execute(
                f"INSERT INTO author_fts (rowid, name, aliases) SELECT n, name, aliases FROM author WHERE n IN ({IDS})",
                (json.dumps(self._unindexed_authors),),
            )
            self._unindexed_authors.clear()

    def _recompute_year_changed_pairs(self) -> None:
        """A paper that gained its year shifts its co-author pairs' first/last years: recount them exactly."""
        for a, b in sorted(self._year_changed_pairs):
            self._db.execute(
                "UPDATE coauthored SET (papers, first_year, last_year) = ("
                " SELECT count(*), min(p.year), max(p.year) FROM authored x"
                " JOIN authored y ON y.paper = x.paper AND y.author = ?"
                f" JOIN paper p ON p.n = x.paper WHERE x.author = ? AND {PAIRED.format(paper='x.paper')})"
                " WHERE a = ? AND b = ?",
                (b, a, a, b),
            )
        self.delta.authors = _noted(self.delta.authors, (a for pair in self._year_changed_pairs for a in pair))

    def _recount_unpaired(self) -> None:
        """A paper that grew past `MAX_PAIRED_AUTHORS` no longer pairs its stored authors: recount them."""
        for n in sorted(self._unpaired):
            identities.recount(self._db, n)
        if self._unpaired:
            self.delta.authors = _noted(self.delta.authors, self._unpaired)


def _noted(found: set[int] | None, added: Iterable[int]) -> set[int] | None:
    """`found` with `added` in it; None (rebuild rather than patch) once past INDEX_DELTA_LIMIT, or already."""
    if found is None:
        return None
    found.update(added)
    return found if len(found) <= INDEX_DELTA_LIMIT else None


@lru_cache(maxsize=64)
def _json_list(item: str) -> str:
    return json.dumps([item])


def _field_sources(source: str, values: tuple[object, ...]) -> str:
    """Which source gave each descriptive field of a new paper (the ones it has)."""
    return _field_sources_json(source, tuple(value is not None for value in values))


@lru_cache(maxsize=256)
def _field_sources_json(source: str, present: tuple[bool, ...]) -> str:
    fields = zip(resolution.DESCRIPTIVE_FIELDS, present, strict=True)
    return json.dumps({name: source for name, has in fields if has}, sort_keys=True)


class _StoredAuthors:
    """Author lookups for `identity.resolution`, in the transaction's own view of the tables."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._redirects = identities.any_redirects(db)
        """Whether any author was merged into another yet: only then are ids looked up twice."""

    def created(self, n: int, node_id: str, norm: str, keys: list[str]) -> None:
        """The table already holds what this transaction wrote: nothing to remember."""

    def attached(self, n: int, key: str) -> None:
        """As for `created`."""

    def by_key(self, key: str) -> int | None:
        row = self._db.execute("SELECT author FROM author_key WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def by_id(self, node_id: str) -> int | None:
        """The author with this id, or the one that absorbed the author that had it."""
        row = self._db.execute("SELECT n FROM author WHERE id = ?", (node_id,)).fetchone()
        if row:
            return row[0]
        return self.by_key(identities.REDIRECT + node_id) if self._redirects else None

    def homonyms(self, norm: str) -> list[int]:
        return [n for (n,) in self._db.execute("SELECT n FROM author WHERE norm_name = ? ORDER BY id LIMIT 2", (norm,))]

    def keys_of(self, node: int) -> set[str]:
        return {key for (key,) in self._db.execute("SELECT key FROM author_key WHERE author = ?", (node,))}


class _StoredVenues:
    """Venue lookups for `identity.resolution`: by ISSN, and by id with the ISSN the venue holds."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def by_issn(self, issn: str) -> int | None:
        row = self._db.execute("SELECT n FROM venue WHERE issn = ?", (issn,)).fetchone()
        return row[0] if row else None

    def by_id(self, node_id: str) -> tuple[int, str | None] | None:
        return self._db.execute("SELECT n, issn FROM venue WHERE id = ?", (node_id,)).fetchone()


class _NewAuthors:
    """Author lookups when the store held no author before this transaction: all are in memory."""

    def __init__(self) -> None:
        self._by_key: dict[str, int] = {}
        self._by_id: dict[str, int] = {}
        self._by_norm: dict[str, list[int]] = {}
        self._keys: dict[int, set[str]] = {}
        self._ids: dict[int, str] = {}

    def created(self, n: int, node_id: str, norm: str, keys: list[str]) -> None:
        self._by_id[node_id] = n
        self._ids[n] = node_id
        self._by_norm.setdefault(norm, []).append(n)
        self._keys[n] = set(keys)
        for key in keys:
            self._by_key.setdefault(key, n)

    def attached(self, n: int, key: str) -> None:
        self._keys[n].add(key)
        self._by_key.setdefault(key, n)

    def by_key(self, key: str) -> int | None:
        return self._by_key.get(key)

    def by_id(self, node_id: str) -> int | None:
        return self._by_id.get(node_id)

    def homonyms(self, norm: str) -> list[int]:
        return sorted(self._by_norm.get(norm, ()), key=self._ids.__getitem__)[:2]

    def keys_of(self, node: int) -> set[str]:
        return self._keys.get(node, set())


class _TransactionPapers:
    """Paper lookups for `identity.resolution`: this transaction's papers in memory, then the stored ones.

    Papers created in this transaction may still sit in the writer's buffer, not yet in the
    table, so their keys are remembered here; the table is only asked when it held papers
    before the transaction began (loading into an empty store needs no lookup per paper).
    """

    def __init__(self, db: sqlite3.Connection, store_had_papers: bool) -> None:
        self._db = db
        self._ask_table = store_had_papers
        self._by_key: dict[str, int] = {}
        self._keys_of: dict[int, tuple[str, str | None, str | None]] = {}
        self._by_fingerprint: dict[str, list[int]] = {}
        self._records_of: dict[int, set[str]] = {}
        self._last_asked: tuple[str | None, int | None] = (None, None)
        """The last DOI the table was asked for, and its answer (the table changes only at a flush)."""

    def forget(self) -> None:
        """Drop the remembered keys once their papers are written: the table answers from now on."""
        self._by_key.clear()
        self._keys_of.clear()
        self._by_fingerprint.clear()
        self._records_of.clear()
        self._last_asked = (None, None)
        self._ask_table = True

    def remember(
        self,
        n: int,
        node_id: str | None,
        doi: str | None,
        arxiv_id: str | None,
        fingerprint: str,
        record: str | None = None,
    ) -> None:
        """Note a paper's keys after it was created (with its id) or merged (id already known or stored);
        its source record id is written at once (paper_record has no buffer)."""
        if node_id is None:
            node_id = self._keys_of[n][0] if n in self._keys_of else self._stored_id(n)
        if record and record not in self._records_of.setdefault(n, set()):
            self._records_of[n].add(record)
            self._by_key.setdefault(f"record:{record}", n)
            self._db.execute("INSERT OR IGNORE INTO paper_record (key, paper) VALUES (?, ?)", (record, n))
        if doi:
            self._by_key.setdefault(f"doi:{doi}", n)
        if arxiv_id:
            self._by_key.setdefault(f"arxiv:{arxiv_id}", n)
        self._keys_of[n] = (node_id, doi, arxiv_id)
        entries = self._by_fingerprint.setdefault(fingerprint, [])
        if n not in entries:
            entries.append(n)

    def _stored_id(self, n: int) -> str:
        return self._db.execute("SELECT id FROM paper WHERE n = ?", (n,)).fetchone()[0]

    def by_doi(self, doi: str) -> int | None:
        n = self._by_key.get(f"doi:{doi}")
        if n is None and self._ask_table:
            if self._last_asked[0] == doi:  # a record's DOI is asked twice: conflict check, then look-up
                return self._last_asked[1]
            row = self._db.execute("SELECT n FROM paper WHERE doi = ?", (doi,)).fetchone()
            n = row[0] if row else None
            self._last_asked = (doi, n)
        return n

    def by_record(self, key: str) -> int | None:
        n = self._by_key.get(f"record:{key}")
        if n is None and self._ask_table:
            row = self._db.execute("SELECT paper FROM paper_record WHERE key = ?", (key,)).fetchone()
            n = row[0] if row else None
        return n

    def records_of(self, node: int) -> set[str]:
        held = set(self._records_of.get(node, ()))
        if self._ask_table:
            held.update(key for (key,) in self._db.execute("SELECT key FROM paper_record WHERE paper = ?", (node,)))
        return held

    def described(self, node: int) -> tuple[str, list[str]]:
        title, sources = self._db.execute("SELECT title, sources FROM paper WHERE n = ?", (node,)).fetchone()
        return title, json.loads(sources)

    def by_arxiv(self, arxiv_id: str) -> list[tuple[int, str | None]]:
        n = self._by_key.get(f"arxiv:{arxiv_id}")
        if n is not None:
            return [(n, self._keys_of[n][1])]
        if not self._ask_table:
            return []
        return list(self._db.execute("SELECT n, doi FROM paper WHERE arxiv_id = ?", (arxiv_id,)))

    def by_fingerprint(self, fingerprint: str) -> list[tuple[int, str | None, str | None]]:
        found = {n: self._keys_of[n] for n in self._by_fingerprint.get(fingerprint, ())}
        if self._ask_table:
            for n, node_id, doi, arxiv_id in self._db.execute(
                "SELECT n, id, doi, arxiv_id FROM paper WHERE fingerprint = ?", (fingerprint,)
            ):
                found.setdefault(n, (node_id, doi, arxiv_id))
        ordered = sorted(found.items(), key=lambda item: item[1][0])
        return [(n, doi, arxiv_id) for n, (_, doi, arxiv_id) in ordered]
