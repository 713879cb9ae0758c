"""One upsert as one SQLite transaction: the rows of `write_plan.planner`, batch after batch.

The planner decides what each batch of records writes; this module answers its questions from the
tables and writes its rows by `executemany`, giving each new node its integer key (`n`, the key
every table and the in-memory index use). A batch sees what the batches before it wrote, inside
the same transaction. After the last batch the disambiguation stage re-clusters the name blocks
the load touched and the curation ledger is applied.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from itertools import combinations
from typing import Any

from coauthor_graph.domain.records import Record
from coauthor_graph.domain.views import LABELS, Label, UpsertReport
from coauthor_graph.identity.curation import Decision
from coauthor_graph.identity.resolution import DESCRIPTIVE_FIELDS
from coauthor_graph.store.embedded import identities
from coauthor_graph.store.embedded.index import IndexDelta
from coauthor_graph.store.embedded.schema import paper_fts_key
from coauthor_graph.store.embedded.sql import IDS, PAIRED
from coauthor_graph.write_plan import collector, planner, questions
from coauthor_graph.write_plan.load_tally import LoadTally
from coauthor_graph.write_plan.planner import AuthorRow, BatchRows, PaperRow, batches

BATCH_SIZE = 25_000
"""Records planned at once: each batch costs a few look-ups, and holds its rows in memory."""
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
        self._tally = LoadTally()
        self._n: dict[str, int] = {}
        """The key of each node the current batch names (ids are unique across labels)."""
        self._redirects = identities.any_redirects(connection)
        """Whether any author was merged into another yet: only then are former ids looked up."""

    def apply(self, records: Iterable[Record]) -> None:
        for batch in batches(records, BATCH_SIZE):
            with collector.paused():
                rows = planner.run(planner.plan(batch), self._answer)
                self._write(rows)
            self._tally.absorb(rows.tally)
            self._n.clear()
        self._disambiguate()

    def report(self) -> UpsertReport:
        return self._tally.report()

    def keep_meta(self, key: str, value: str) -> None:
        """Set one entry of the store's `meta` table (the served weights, say)."""
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def record_decisions(self, decisions: Iterable[Decision]) -> int:
        """Add curation decisions to the ledger (the next `apply` applies the whole ledger); how many were new."""
        return identities.record(self._db, decisions)

    # --- the planner's questions ------------------------------------------------------------------

    def _answer(self, question: questions.Question) -> object:
        if isinstance(question, questions.FindNodes):
            return self._find_nodes(question)
        if isinstance(question, questions.FindCollaborators):
            return self._collaborators(question.authors)
        assert isinstance(question, questions.FindPaperStates)
        return self._paper_states(question.papers)

    def _find_nodes(self, question: questions.FindNodes) -> questions.Found:
        wanted = question.authors
        found = {n: None for (n,) in self._rows(f"SELECT author FROM author_key WHERE key IN ({IDS})", wanted.keys)}
        found.update(
            (n, None) for (n,) in self._rows(f"SELECT n FROM author WHERE norm_name IN ({IDS})", wanted.norm_names)
        )
        formers: list[tuple[int, str]] = []
        if self._redirects:
            redirects = [identities.REDIRECT + node_id for node_id in wanted.former_ids]
            formers = [
                (n, key.removeprefix(identities.REDIRECT))
                for key, n in self._rows(f"SELECT key, author FROM author_key WHERE key IN ({IDS})", redirects)
            ]
        authors = self._stored_authors([*found, *(n for n, _ in formers)])
        papers = question.papers
        paper_ns = [
            n
            for (n,) in self._db.execute(
                f"SELECT n FROM paper WHERE doi IN ({IDS}) UNION SELECT n FROM paper WHERE arxiv_id IN ({IDS})"
                f" UNION SELECT n FROM paper WHERE fingerprint IN ({IDS})"
                f" UNION SELECT paper FROM paper_record WHERE key IN ({IDS})",
                tuple(
                    json.dumps(keys) for keys in (papers.dois, papers.arxiv_ids, papers.fingerprints, papers.records)
                ),
            )
        ]
        venues = [
            questions.StoredVenue(self._noted(node_id, n), issn)
            for n, node_id, issn in self._db.execute(
                f"SELECT n, id, issn FROM venue WHERE id IN ({IDS})"
                f" UNION SELECT n, id, issn FROM venue WHERE issn IN ({IDS})",
                (json.dumps(question.venues.ids), json.dumps(question.venues.issns)),
            )
        ]
        return questions.Found(
            authors=[*(authors[n] for n in found), *(replace(authors[n], former_id=former) for n, former in formers)],
            papers=self._stored_papers(paper_ns),
            venues=venues,
        )

    def _rows(self, sql: str, keys: list[str]) -> list[Any]:
        return self._db.execute(sql, (json.dumps(keys),)).fetchall() if keys else []

    def _noted(self, node_id: str, n: int) -> str:
        self._n[node_id] = n
        return node_id

    def _stored_authors(self, ns: Iterable[int]) -> dict[int, questions.StoredAuthor]:
        members = json.dumps(sorted(set(ns)))
        keys: dict[int, set[str]] = {}
        for n, key in self._db.execute(f"SELECT author, key FROM author_key WHERE author IN ({IDS})", (members,)):
            if not key.startswith(identities.REDIRECT):
                keys.setdefault(n, set()).add(key)
        return {
            n: questions.StoredAuthor(
                id=self._noted(node_id, n),
                name=name,
                norm_name=norm,
                aliases=tuple(json.loads(aliases)),
                sources=tuple(json.loads(sources)),
                keys=frozenset(keys.get(n, ())),
                profile=json.loads(metrics),
            )
            for n, node_id, name, norm, aliases, sources, metrics in self._db.execute(
                f"SELECT n, id, name, norm_name, aliases, sources, metrics FROM author WHERE n IN ({IDS})", (members,)
            )
        }

    def _stored_papers(self, ns: list[int]) -> list[questions.StoredPaper]:
        if not ns:
            return []
        members = json.dumps(ns)
        records: dict[int, list[str]] = {}
        for n, key in self._db.execute(f"SELECT paper, key FROM paper_record WHERE paper IN ({IDS})", (members,)):
            records.setdefault(n, []).append(key)
        return [
            questions.StoredPaper(
                self._noted(node_id, n),
                doi,
                arxiv,
                fingerprint,
                title,
                tuple(json.loads(sources)),
                tuple(records.get(n, ())),
            )
            for n, node_id, doi, arxiv, fingerprint, title, sources in self._db.execute(
                f"SELECT n, id, doi, arxiv_id, fingerprint, title, sources FROM paper WHERE n IN ({IDS})", (members,)
            )
        ]

    def _collaborators(self, authors: list[str]) -> list[questions.StoredCollaborator]:
        members = json.dumps([self._n[node_id] for node_id in authors])
        pairs = self._db.execute(
            f"SELECT a, b FROM coauthored WHERE a IN ({IDS}) UNION ALL SELECT b, a FROM coauthored WHERE b IN ({IDS})",
            (members, members),
        ).fetchall()
        others = self._stored_authors(other for _, other in pairs)
        ids = {n: node_id for node_id, n in self._n.items()}
        return [questions.StoredCollaborator(ids[author], others[other]) for author, other in pairs]

    def _paper_states(self, papers: list[str]) -> list[questions.StoredPaperState]:
        members = json.dumps([self._n[node_id] for node_id in papers])
        states: dict[int, questions.StoredPaperState] = {}
        for n, node_id, *values, fingerprint, doi, arxiv, complete, tags, sources, field_sources in self._db.execute(
            "SELECT n, id, title, year, date, abstract, url, fingerprint, doi, arxiv_id, authors_complete, tags,"
            f" sources, field_sources FROM paper WHERE n IN ({IDS})",
            (members,),
        ):
            given = json.loads(field_sources)
            states[n] = questions.StoredPaperState(
                id=node_id,
                authors={},
                topics=set(),
                venue=None,
                fields={name: (value, given.get(name)) for name, value in zip(DESCRIPTIVE_FIELDS, values, strict=True)},
                fingerprint=fingerprint,
                doi=doi,
                arxiv_id=arxiv,
                authors_complete=bool(complete),
                tags=tuple(json.loads(tags)),
                sources=tuple(json.loads(sources)),
            )
        for paper, n, node_id, position in self._db.execute(
            "SELECT w.paper, a.n, a.id, w.position FROM authored w JOIN author a ON a.n = w.author"
            f" WHERE w.paper IN ({IDS})",
            (members,),
        ):
            states[paper].authors[self._noted(node_id, n)] = position
        for paper, n, node_id in self._db.execute(
            f"SELECT e.paper, t.n, t.id FROM about e JOIN topic t ON t.n = e.topic WHERE e.paper IN ({IDS})", (members,)
        ):
            states[paper].topics.add(self._noted(node_id, n))
        for paper, n, node_id in self._db.execute(
            f"SELECT e.paper, v.n, v.id FROM published_in e JOIN venue v ON v.n = e.venue WHERE e.paper IN ({IDS})",
            (members,),
        ):
            states[paper].venue = self._noted(node_id, n)
        for paper, key in self._db.execute(f"SELECT paper, key FROM paper_record WHERE paper IN ({IDS})", (members,)):
            source, value = key.split(":", 1)
            states[paper].records[source] = value
        return list(states.values())

    # --- the planner's rows ----------------------------------------------------------------------

    def _allocate(self, label: Label, node_id: str) -> int:
        n = self._n[node_id] = self._next_n[label]
        self._next_n[label] = n + 1
        return n

    def _write(self, rows: BatchRows) -> None:
        self._write_authors(rows.authors)
        self._write_topics(rows)
        broader = self._db.total_changes
        self._db.executemany(
            "INSERT OR IGNORE INTO broader (topic, parent) VALUES (?, ?)",
            [(self._n[topic], self._n[parent]) for topic, parent in rows.broader],
        )
        rows.tally.relationships_created += rows.relationships() + self._db.total_changes - broader
        self._write_venues(rows)
        self._write_papers(rows.papers)
        n = self._n
        self._db.executemany(
            "INSERT INTO authored (author, paper, position) VALUES (?, ?, ?)",
            [(n[author], n[paper], position) for author, paper, position in rows.authored],
        )
        self._db.executemany(
            "UPDATE authored SET position = ? WHERE author = ? AND paper = ?",
            [(position, n[author], n[paper]) for author, paper, position in rows.positions],
        )
        self._db.executemany("INSERT INTO about (paper, topic) VALUES (?, ?)", [(n[p], n[t]) for p, t in rows.about])
        self._db.executemany(
            "INSERT INTO published_in (paper, venue) VALUES (?, ?)", [(n[p], n[v]) for p, v in rows.published]
        )
        self._write_tallies(rows)
        self._recount(rows)
        edged = [n[paper] for _, paper, _ in rows.authored] + [n[paper] for paper, _ in rows.about]
        self.delta.papers = _noted(self.delta.papers, edged)
        changed = [n[paper.id] for paper in rows.papers if paper.created or paper.changed]
        changed += [n[paper] for paper, _ in rows.published]
        changed += edged + [n[paper] for _, paper, _ in rows.positions]
        self.delta.profile_papers = _noted(self.delta.profile_papers, changed)

    def _write_authors(self, authors: list[AuthorRow]) -> None:
        created = [author for author in authors if author.created]
        self._db.executemany(
            "INSERT INTO author (n, id, name, norm_name, block, orcid, aliases, metrics, sources)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    self._allocate("Author", author.id),
                    author.id,
                    author.name,
                    author.norm_name,
                    author.block,
                    _orcid(author),
                    json.dumps(sorted(author.aliases)),
                    json.dumps(author.profile or {}, sort_keys=True),
                    json.dumps(sorted(author.sources)),
                )
                for author in created
            ],
        )
        if created:
            self._db.execute(
                f"INSERT INTO author_fts (rowid, name, aliases) SELECT n, name, aliases FROM author WHERE n IN ({IDS})",
                (json.dumps([self._n[author.id] for author in created]),),
            )
        self._db.executemany(
            "UPDATE author SET aliases = ?, sources = ?, orcid = ?, metrics = coalesce(?, metrics) WHERE n = ?",
            [
                (
                    json.dumps(sorted(author.aliases)),
                    json.dumps(sorted(author.sources)),
                    _orcid(author),
                    None if author.profile is None else json.dumps(author.profile, sort_keys=True),
                    self._n[author.id],
                )
                for author in authors
                if not author.created
            ],
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO author_key (key, author) VALUES (?, ?)",
            [(key, self._n[author.id]) for author in authors for key in author.new_keys],
        )

    def _write_topics(self, rows: BatchRows) -> None:
        ids = [topic.id for topic in rows.topics]
        self._n.update(self._rows(f"SELECT id, n FROM topic WHERE id IN ({IDS})", ids))
        new = [topic for topic in rows.topics if topic.id not in self._n]
        self._db.executemany(
            "INSERT INTO topic (n, id, name, norm_name, scheme, code) VALUES (?, ?, ?, ?, ?, ?)",
            [(self._allocate("Topic", t.id), t.id, t.name, t.norm_name, t.scheme, t.code) for t in new],
        )
        rows.tally.created_counts["Topic"] += len(new)

    def _write_venues(self, rows: BatchRows) -> None:
        self._db.executemany(
            "INSERT INTO venue (n, id, name, kind, issn) VALUES (?, ?, ?, ?, ?)",
            [(self._allocate("Venue", v.id), v.id, v.name, v.kind, v.issn) for v in rows.venues if v.created],
        )
        self._db.executemany(
            "UPDATE venue SET issn = ? WHERE n = ? AND issn IS NULL",
            [(v.issn, self._n[v.id]) for v in rows.venues if not v.created],
        )

    def _write_papers(self, papers: list[PaperRow]) -> None:
        created = [paper for paper in papers if paper.created]
        self._db.executemany(
            "INSERT INTO paper (n, id, title, year, date, abstract, url, doi, arxiv_id, fingerprint,"
            " authors_complete, tags, sources, field_sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(self._allocate("Paper", paper.id), paper.id, *_paper_values(paper)) for paper in created],
        )
        if created:
            self._db.execute(
                f"INSERT INTO paper_fts (rowid, title, abstract) SELECT {paper_fts_key('title', 'n')}, title, abstract"
                f" FROM paper WHERE n IN ({IDS}) ORDER BY 1",  # in key order, FTS5 buffers them all
                (json.dumps([self._n[paper.id] for paper in created]),),
            )
        self._db.executemany(
            "UPDATE paper SET title = ?, year = ?, date = ?, abstract = ?, url = ?, doi = ?, arxiv_id = ?,"
            " fingerprint = ?, authors_complete = ?, tags = ?, sources = ?, field_sources = ? WHERE n = ?",
            [(*_paper_values(paper), self._n[paper.id]) for paper in papers if paper.changed],
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO paper_record (key, paper) VALUES (?, ?)",
            [(f"{source}:{value}", self._n[p.id]) for p in papers for source, value in p.records.items()],
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO paper_affiliation (paper, position, institution) VALUES (?, ?, ?)",
            [(self._n[p.id], position, name) for p in papers for position, name in p.affiliations],
        )

    def _write_tallies(self, rows: BatchRows) -> None:
        n = [self._n[node_id] for node_id in rows.numbers.ids]
        tallies = rows.tallies
        coauthored = [
            (min(n[a], n[b]), max(n[a], n[b]), papers, first, last)
            for a, b, papers, first, last in tallies.coauthored()
        ]
        author_topics = [(n[author], n[topic], papers) for author, topic, papers in tallies.author_topics()]
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
            ((n[author], n[venue], papers) for author, venue, papers in tallies.author_venues()),
        )
        self._db.executemany(
            "INSERT INTO topic_pair (a, b, papers) VALUES (?, ?, ?)"
            " ON CONFLICT (a, b) DO UPDATE SET papers = papers + excluded.papers",
            ((x, y, count) for a, b, count in tallies.topic_pairs() for x, y in ((n[a], n[b]), (n[b], n[a]))),
        )
        self.delta.authors = _noted(self.delta.authors, (author for row in coauthored for author in row[:2]))
        self.delta.topics.update(topic for _, topic, _ in author_topics)

    def _recount(self, rows: BatchRows) -> None:
        """Count again what increments cannot say: the pairs of a paper whose year changed, and the
        authors of a paper that grew past `MAX_PAIRED_AUTHORS`."""
        papers = json.dumps([self._n[paper] for paper in sorted(rows.year_changed)])
        pairs: set[tuple[int, int]] = set()
        for (paper,) in self._db.execute(
            f"SELECT value FROM json_each(?) WHERE {PAIRED.format(paper='value')}", (papers,)
        ):
            authors = sorted(a for (a,) in self._db.execute("SELECT author FROM authored WHERE paper = ?", (paper,)))
            pairs.update(combinations(authors, 2))
        for a, b in sorted(pairs):
            self._db.execute(
                "UPDATE coauthored SET (papers, first_year, last_year) = ("
                " SELECT count(*), min(p.year), max(p.year) FROM authored x"
                " JOIN authored y ON y.paper = x.paper AND y.author = ?"
                f" JOIN paper p ON p.n = x.paper WHERE x.author = ? AND {PAIRED.format(paper='x.paper')})"
                " WHERE a = ? AND b = ?",
                (b, a, a, b),
            )
        unpaired = [self._n[author] for author in sorted(rows.unpaired)]
        for n in unpaired:
            identities.recount(self._db, n)
        self.delta.authors = _noted(self.delta.authors, [a for pair in pairs for a in pair] + unpaired)

    # --- identity, after the last batch ---------------------------------------------------------------

    def _disambiguate(self) -> None:
        """Re-cluster the name blocks this load touched, then apply the curation ledger: merge the
        authors found, or decided, to be one person."""
        touched = [
            n for (n,) in self._rows(f"SELECT n FROM author WHERE id IN ({IDS})", sorted(self._tally.touched_authors()))
        ]
        decisions = identities.ledger(self._db)  # read once: merges and splits below change authors, not it
        merged = self._merge(identities.plan_merges(self._db, touched, decisions))
        merged = self._merge(identities.ledger_merges(self._db, decisions)) or merged
        if self._split(decisions) or merged:  # edges moved between authors: the in-memory index re-reads everything
            self.delta.authors = self.delta.papers = self.delta.profile_papers = None

    def _split(self, decisions: list[Decision]) -> bool:
        """Apply the ledger's splits: the split papers go (back) to the person split off, created when new."""
        moved = False
        for author, split in identities.ledger_splits(self._db, decisions):
            into = self._author_n(split.into)
            if into is None and identities.holds_any(self._db, author, split.papers):
                into = self._allocate("Author", split.into)
                self._db.execute(
                    "INSERT INTO author (n, id, name, norm_name, block, sources)"
                    " SELECT ?, ?, name, norm_name, block, sources FROM author WHERE n = ?",
                    (into, split.into, author),
                )
                self._db.execute(
                    "INSERT INTO author_fts (rowid, name, aliases) SELECT n, name, aliases FROM author WHERE n = ?",
                    (into,),
                )
                self._tally.created_ids["Author"].add(split.into)
            if into is not None and identities.split(self._db, author, into, list(split.papers)):
                self._tally.updated_ids["Author"].update(self._ids_of([author, into]))
                moved = True
        return moved

    def _merge(self, merges: identities.Merges) -> bool:
        for survivor, absorbed in merges:
            ids = self._ids_of([survivor, *absorbed])
            identities.merge(self._db, survivor, absorbed)
            self._tally.merged_away(ids[0], ids[1:])
        return bool(merges)

    def _ids_of(self, ns: list[int]) -> list[str]:
        ids = dict(self._db.execute(f"SELECT n, id FROM author WHERE n IN ({IDS})", (json.dumps(ns),)))
        return [ids[n] for n in ns]

    def _author_n(self, node_id: str) -> int | None:
        """The author with this id, or the one that absorbed the author that had it."""
        row = self._db.execute("SELECT n FROM author WHERE id = ?", (node_id,)).fetchone()
        if row is None:
            row = self._db.execute(
                "SELECT author FROM author_key WHERE key = ?", (identities.REDIRECT + node_id,)
            ).fetchone()
        return row[0] if row else None


def _orcid(author: AuthorRow) -> str | None:
    return next((key.removeprefix("orcid:") for key in author.keys if key.startswith("orcid:")), None)


def _paper_values(paper: PaperRow) -> tuple[object, ...]:
    """title, year, date, abstract, url, doi, arxiv_id, fingerprint, authors_complete, tags, sources, field_sources."""
    fields = [paper.fields[name] for name in DESCRIPTIVE_FIELDS]
    return (
        *(value for value, _ in fields),
        paper.doi,
        paper.arxiv_id,
        paper.fingerprint,
        int(paper.authors_complete),
        _json_list(tuple(paper.tags)),
        _json_list(tuple(paper.sources)),
        _field_sources(tuple(source if value not in (None, "") else None for value, source in fields)),
    )


@lru_cache(maxsize=1024)
def _json_list(items: tuple[str, ...]) -> str:
    return json.dumps(list(items))


@lru_cache(maxsize=1024)
def _field_sources(given: tuple[str | None, ...]) -> str:
    """Which source gave each descriptive field the paper has (in `DESCRIPTIVE_FIELDS` order)."""
    fields = zip(DESCRIPTIVE_FIELDS, given, strict=True)
    return json.dumps({name: source for name, source in fields if source is not None}, sort_keys=True)


def _noted(found: set[int] | None, added: Iterable[int]) -> set[int] | None:
    """`found` with `added` in it; None (rebuild rather than patch) once past INDEX_DELTA_LIMIT, or already."""
    if found is None:
        return None
    found.update(added)
    return found if len(found) <= INDEX_DELTA_LIMIT else None
