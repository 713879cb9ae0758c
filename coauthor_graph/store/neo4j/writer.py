"""Loads into Neo4j: the rows of `write_plan.planner`, one UNWIND statement per row kind and batch.

The planner asks what the graph holds of a batch (answered here by one look-up per node kind) and
decides everything else; this module only writes its rows, between nodes found by their unique id:
new nodes with all their properties at once, changed ones by `SET +=`, new edges by CREATE, those
of stored nodes by MERGE, and the derived tallies as increments. No statement is sent per row, and
none recounts by traversal, except the pairs of a paper whose year changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from coauthor_graph.domain.records import Record
from coauthor_graph.identity.keys import STRONG_ID_KINDS
from coauthor_graph.identity.resolution import DESCRIPTIVE_FIELDS, RECORD_SOURCES
from coauthor_graph.store.neo4j.queries import Statement, projection
from coauthor_graph.store.neo4j.queries import writes as q
from coauthor_graph.store.neo4j.recounts import recount
from coauthor_graph.store.neo4j.views import PROFILE_PREFIX
from coauthor_graph.write_plan import collector, planner, questions
from coauthor_graph.write_plan.load_tally import LoadTally
from coauthor_graph.write_plan.planner import AuthorRow, BatchRows, PaperRow


@dataclass(frozen=True, slots=True)
class StatementResult:
    records: list[dict[str, Any]]
    nodes_created: int = 0
    relationships_created: int = 0


Runner = Callable[[Statement, dict[str, Any]], Awaitable[StatementResult]]
"""Runs one statement inside the current transaction."""

Row = dict[str, Any]

_KEY_PROPERTIES = {kind: "orcid" if kind == "orcid" else f"{kind}_id" for kind in STRONG_ID_KINDS}
_LOOKUP_KEYS = {kind: "orcids" if kind == "orcid" else kind for kind in STRONG_ID_KINDS}


async def listed(run: Runner, statement: Statement, parameters: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows a statement answers as one list (`RETURN collect({...}) AS rows`)."""
    return (await run(statement, parameters)).records[0]["rows"]


def affiliation_entry(position: int, institution: str) -> str:
    """One entry of a paper's `affiliations` list property: Neo4j lists cannot hold pairs."""
    return f"{position}\t{institution}"


async def write_batch(run: Runner, batch: list[Record]) -> LoadTally:
    """Write one batch through `run` and tell what it changed; the caller owns the transaction."""
    with collector.paused():
        steps = planner.plan(batch)
        try:
            question = next(steps)
            while True:
                question = steps.send(await _answer(run, question))
        except StopIteration as done:
            rows: BatchRows = done.value
        await _write(run, rows)
    await run(projection.NEW_GRAPH_VERSION, {})
    return rows.tally


# --- the planner's questions ------------------------------------------------------------------------


async def _answer(run: Runner, question: questions.Question) -> object:
    if isinstance(question, questions.FindNodes):
        return await _find_nodes(run, question)
    if isinstance(question, questions.FindCollaborators):
        rows = await listed(run, q.COLLABORATORS, {"ids": question.authors})
        return [questions.StoredCollaborator(row["author"], _stored_author(row)) for row in rows]
    assert isinstance(question, questions.FindPaperStates)
    return [_paper_state(row) for row in await listed(run, q.PAPER_EDGES, {"ids": question.papers})]


async def _find_nodes(run: Runner, question: questions.FindNodes) -> questions.Found:
    authors = question.authors
    values = _by_prefix(authors.keys, STRONG_ID_KINDS)
    author_rows = await listed(
        run,
        q.LOOKUP_AUTHORS,
        {
            **{_LOOKUP_KEYS[kind]: found for kind, found in values.items()},
            "norm_names": authors.norm_names,
            "former_ids": authors.former_ids,
        },
    )
    papers = question.papers
    records = _by_prefix(papers.records, RECORD_SOURCES)
    paper_rows = await listed(
        run,
        q.LOOKUP_PAPERS,
        {
            "dois": papers.dois,
            "arxiv_ids": papers.arxiv_ids,
            "fingerprints": papers.fingerprints,
            **{f"{source}_records": ids for source, ids in records.items()},
        },
    )
    venues: list[dict[str, Any]] = []
    if question.venues.ids or question.venues.issns:
        venues = (await run(q.LOOKUP_VENUES, {"ids": question.venues.ids, "issns": question.venues.issns})).records
    return questions.Found(
        authors=[_stored_author(row) for row in author_rows],
        papers=[
            questions.StoredPaper(
                row["id"],
                row["doi"],
                row["arxiv_id"],
                row["fingerprint"],
                row["title"],
                tuple(row["sources"] or ()),
                tuple(f"{s}:{v}" for s, v in zip(RECORD_SOURCES, row["records"], strict=True) if v is not None),
            )
            for row in paper_rows
        ],
        venues=[questions.StoredVenue(row["id"], row["issn"]) for row in venues],
    )


def _by_prefix(keys: list[str], prefixes: tuple[str, ...]) -> dict[str, list[str]]:
    """'kind:value' keys as the values of each kind: Neo4j keeps each kind in a property of its own."""
    values: dict[str, list[str]] = {prefix: [] for prefix in prefixes}
    for key in keys:
        prefix, value = key.split(":", 1)
        values[prefix].append(value)
    return values


def _stored_author(row: dict[str, Any]) -> questions.StoredAuthor:
    via: str = row.get("via", "")
    return questions.StoredAuthor(
        id=row["id"],
        name=row["name"],
        norm_name=row["norm_name"],
        aliases=tuple(row["aliases"] or ()),
        sources=tuple(row["sources"] or ()),
        keys=frozenset(f"{kind}:{row[kind]}" for kind in STRONG_ID_KINDS if row[kind] is not None),
        profile={key.removeprefix(PROFILE_PREFIX): value for key, value in row["profile"]},
        former_id=via.removeprefix("former:") if via.startswith("former:") else None,
    )


def _paper_state(row: dict[str, Any]) -> questions.StoredPaperState:
    stored = row["properties"]
    return questions.StoredPaperState(
        id=row["id"],
        authors={author: position for author, position in row["authors"]},
        topics=set(row["topics"]),
        venue=row["venues"][0] if row["venues"] else None,
        fields={name: (stored.get(name), stored.get(f"{name}_source")) for name in DESCRIPTIVE_FIELDS},
        fingerprint=stored["fingerprint"],
        doi=stored.get("doi"),
        arxiv_id=stored.get("arxiv_id"),
        authors_complete=bool(stored.get("authors_complete")),
        tags=tuple(stored.get("tags") or ()),
        sources=tuple(stored.get("sources") or ()),
        records={source: stored[f"{source}_record"] for source in RECORD_SOURCES if stored.get(f"{source}_record")},
    )


# --- the planner's rows -------------------------------------------------------------------------------


async def _write(run: Runner, rows: BatchRows) -> None:
    tally = rows.tally
    created_authors = [{"id": a.id, "properties": _author_properties(a)} for a in rows.authors if a.created]
    changed_authors = [{"id": a.id, "properties": _author_properties(a)} for a in rows.authors if not a.created]
    created_papers = [{"id": p.id, "properties": _paper_properties(p)} for p in rows.papers if p.created]
    changed_papers = [_changed_paper(p) for p in rows.papers if not p.created]
    authors_new = await _create(run, q.CREATE_AUTHORS, created_authors)
    papers_new = await _create(run, q.CREATE_PAPERS, created_papers)
    if not authors_new:  # one existed after all: set every row's properties, as on stored authors
        changed_authors[:0] = created_authors
    if not papers_new:
        changed_papers[:0] = [_changed_paper(p) for p in rows.papers if p.created]
    # A node the batch created has no edge yet: its edges are created, not merged.
    new_authors = tally.created_ids["Author"] if authors_new and papers_new else set()
    new_papers = tally.created_ids["Paper"] if authors_new and papers_new else set()
    authored = [{"author": a, "paper": p, "position": position} for a, p, position in rows.authored]
    positions = [{"author": a, "paper": p, "position": position} for a, p, position in rows.positions]
    new_authored, stored_authored = _by_novelty(authored, ("paper",), new_papers)
    new_about, stored_about = _by_novelty([{"paper": p, "topic": t} for p, t in rows.about], ("paper",), new_papers)
    new_published, stored_published = _by_novelty(
        [{"paper": p, "venue": v} for p, v in rows.published], ("paper",), new_papers
    )
    topics = [
        {"id": t.id, "name": t.name, "norm_name": t.norm_name, "scheme": t.scheme, "code": t.code} for t in rows.topics
    ]
    steps: list[tuple[Statement, list[Row]]] = [
        (q.SET_AUTHORS, changed_authors),
        (q.MERGE_TOPICS, topics),
        (q.MERGE_BROADER, [{"topic": topic, "parent": parent} for topic, parent in rows.broader]),
        (q.MERGE_VENUES, [{"id": v.id, "name": v.name, "kind": v.kind, "issn": v.issn} for v in rows.venues]),
        (q.SET_PAPERS, changed_papers),
        (q.CREATE_AUTHORED, new_authored),
        (q.MERGE_AUTHORED, stored_authored + positions),
        (q.CREATE_ABOUT, new_about),
        (q.MERGE_ABOUT, stored_about),
        (q.CREATE_PUBLISHED_IN, new_published),
        (q.MERGE_PUBLISHED_IN, stored_published),
    ]
    for statement, statement_rows in steps:
        if not statement_rows:
            continue
        result = await run(statement, {"rows": statement_rows})
        tally.relationships_created += result.relationships_created
        if statement is q.MERGE_TOPICS:
            tally.created_counts["Topic"] += result.nodes_created
    await _add_derived(run, rows, new_authors)


async def _add_derived(run: Runner, rows: BatchRows, new_authors: set[str]) -> None:
    """The batch's tallies as increments; a pair or tally of an author the batch created is created."""
    ids = rows.numbers.ids
    pairs = [
        {"a": ids[a], "b": ids[b], "papers": papers, "first_year": first_year, "last_year": last_year}
        for a, b, papers, first_year, last_year in rows.tallies.coauthored()
    ]
    new_pairs, stored_pairs = _by_novelty(pairs, ("a", "b"), new_authors)
    gained = Counter(author for row in new_pairs for author in (row["a"], row["b"]))
    if new_pairs:
        await run(q.CREATE_COAUTHORED, {"rows": new_pairs})
    if stored_pairs:
        gained.update((await run(q.ADD_COAUTHORED, {"rows": stored_pairs})).records[0]["gained"])
    if gained:
        await run(q.ADD_COAUTHOR_DEGREE, {"rows": [{"id": a, "gained": n} for a, n in sorted(gained.items())]})
    if rows.year_changed:
        await run(q.RECOUNT_COAUTHORED, {"papers": sorted(rows.year_changed)})
    works_on = [
        {"author": ids[author], "topic": ids[topic], "papers": papers}
        for author, topic, papers in rows.tallies.author_topics()
    ]
    new_tallies, stored_tallies = _by_novelty(works_on, ("author",), new_authors)
    if new_tallies:
        await run(q.CREATE_WORKS_ON, {"rows": new_tallies})
    if stored_tallies:
        await run(q.ADD_WORKS_ON, {"rows": stored_tallies})
    if rows.unpaired:
        await recount(run, sorted(rows.unpaired))


async def _create(run: Runner, statement: Statement, rows: list[Row]) -> bool:
    """Create nodes the batch's look-ups found no trace of; whether every one was new (the server
    created as many as were sent)."""
    if not rows:
        return True
    return (await run(statement, {"rows": rows})).nodes_created == len(rows)


def _by_novelty(rows: list[Row], keys: tuple[str, ...], new: set[str]) -> tuple[list[Row], list[Row]]:
    """The rows that name a node the batch created under one of `keys` (no such edge can exist yet: it
    is created), and the rest (merged)."""
    fresh: list[Row] = []
    stored: list[Row] = []
    for row in rows:
        (fresh if any(row[key] in new for key in keys) else stored).append(row)
    return fresh, stored


def _author_properties(author: AuthorRow) -> Row:
    aliases = sorted(author.aliases)
    properties: Row = {
        "aliases": aliases,
        "sources": sorted(author.sources),
        "search_text": " ".join([author.name, *aliases]),
    }
    for key in reversed(author.keys):  # each kind's first key is the one kept
        kind, value = key.split(":", 1)
        properties[_KEY_PROPERTIES[kind]] = value
    if author.created:
        properties.update(name=author.name, norm_name=author.norm_name, block=author.block, coauthor_count=0)
    if author.profile is not None:
        properties.update({f"{PROFILE_PREFIX}{key}": value for key, value in author.profile.items()})
        properties.update({f"{PROFILE_PREFIX}{key}": None for key in author.dropped_profile})
    return properties


def _paper_properties(paper: PaperRow) -> Row:
    properties: Row = {name: value for name, (value, _) in paper.fields.items()}
    properties.update({f"{name}_source": source for name, (_, source) in paper.fields.items()})
    properties.update(
        doi=paper.doi,
        arxiv_id=paper.arxiv_id,
        fingerprint=paper.fingerprint,
        authors_complete=paper.authors_complete,
        tags=paper.tags,
        sources=paper.sources,
    )
    properties.update({f"{source}_record": paper.records.get(source) for source in RECORD_SOURCES})
    if paper.created and paper.affiliations:
        properties["affiliations"] = [affiliation_entry(*listed) for listed in paper.affiliations]
    return {key: value for key, value in properties.items() if value is not None or not paper.created}


def _changed_paper(paper: PaperRow) -> Row:
    """A SET_PAPERS row: the properties of a paper that changed (none of one whose row only brings
    affiliations), and the affiliations its records list."""
    properties = _paper_properties(paper) if paper.created or paper.changed else {}
    properties.pop("affiliations", None)
    return {
        "id": paper.id,
        "properties": properties,
        "affiliations": [affiliation_entry(*listed) for listed in paper.affiliations],
    }
