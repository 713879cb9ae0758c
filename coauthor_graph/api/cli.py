"""The `coauthor-graph` command: load files, then ask the graph questions.

Thin on purpose: it parses options, resolves names to ids, calls the store, and turns
results and typed errors into text or one JSON document. Exit status 1 for bad input or
an unknown name, 2 for a bad command line (click's convention).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import itertools
import json
import os
import shlex
import socket
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from coauthor_graph.api.progress import LoadProgress
from coauthor_graph.api.settings import API_KEY_ENV, STORE_ENV, TIME_LIMIT_SECONDS, store_spec
from coauthor_graph.domain.errors import BadInputError, CoauthorGraphError
from coauthor_graph.domain.views import LABELS, Author, ConflictReport, SearchHit, UpsertReport
from coauthor_graph.loaders.registry import FORMATS, LoadOptions, records_from
from coauthor_graph.recommend.model import ServedWeights
from coauthor_graph.services import curation, loads
from coauthor_graph.services.conflict_tables import conflicts_csv, people_in
from coauthor_graph.services.conflicts import DEFAULT_WITHIN_YEARS, check_conflicts
from coauthor_graph.services.exports import export_network
from coauthor_graph.services.fitting import fit_recommender, refit_if_grown
from coauthor_graph.services.groups import YearWindow, groups_in_windows
from coauthor_graph.services.lookup import (
    find_author_by_name_or_id,
    find_topic_by_name_or_id,
    find_topic_path_end,
    search_topics,
)
from coauthor_graph.services.network_files import FORMATS as EXPORT_FORMATS
from coauthor_graph.services.network_files import Format
from coauthor_graph.services.networks import COUNTINGS, UNITS, NetworkOptions, NetworkScope, resolve_scope
from coauthor_graph.services.recommendations import recommend_collaborators, why_no_one
from coauthor_graph.services.stores import NEO4J_SCHEMES, open_store
from coauthor_graph.services.trends import TopicTrend, topic_trends
from coauthor_graph.store.port import DEFAULT_COLLABORATION_HOPS, DEFAULT_TOPIC_HOPS, GraphStore

T = TypeVar("T")


@contextmanager
def _exit_on_error() -> Iterator[None]:
    """Input or store errors end the command with their message and status 1, not a traceback."""
    try:
        yield
    except (CoauthorGraphError, ValueError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)


def _run(ctx: click.Context, query: Callable[[GraphStore], Awaitable[T]], *, writes: bool = False) -> T:
    """Run `query` on the store; only commands that write create a store that does not exist yet."""

    async def session() -> T:
        store = await open_store(ctx.obj["store"], create=writes)
        try:
            return await query(store)
        finally:
            await store.close()

    with _exit_on_error():
        return asyncio.run(session())


def _emit(ctx: click.Context, value: Any, text: Callable[[], None]) -> None:
    if ctx.obj["json"]:
        click.echo(json.dumps(_plain(value), ensure_ascii=False, indent=2))
    else:
        text()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


@click.group()
@click.option(
    "--store",
    "store",
    envvar=STORE_ENV,
    help="Embedded store file (default ./coauthor-graph.sqlite) or a Neo4j URI such as neo4j://localhost:7687.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of text.")
@click.pass_context
def main(ctx: click.Context, store: str | None, as_json: bool) -> None:
    """A co-authorship knowledge graph: load papers, then explore collaborations and topics."""
    ctx.obj = {"store": store_spec(store), "json": as_json}


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "format_name", type=click.Choice(sorted(FORMATS)), help="Skip detection; read as this format."
)
@click.option(
    "--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Capture date of profile pages (default today)."
)
@click.option("--skip-invalid", is_flag=True, help="Load the valid records; list the invalid ones instead of failing.")
@click.option("--no-fit", is_flag=True, help="Do not refit the recommender after the load (run fit-recommender later).")
@click.pass_context
def load(
    ctx: click.Context,
    paths: tuple[Path, ...],
    format_name: str | None,
    as_of: dt.datetime | None,
    skip_invalid: bool,
    no_fit: bool,
) -> None:
    """Load files into the graph: all of them, or (on any error) none.

    The recommender is then refitted when the graph has grown by more than a quarter since its last fit
    (about 12 s at 100k papers, a minute at 1M; --no-fit skips it)."""
    options = LoadOptions(as_of=as_of.date() if as_of else dt.date.today())
    progress = LoadProgress(sys.stderr) if sys.stderr.isatty() else None

    async def load_and_refit(store: GraphStore) -> tuple[loads.LoadOutcome, ServedWeights | None]:
        track = progress.track if progress else None
        outcome = await loads.load_files(store, paths, options, format_name, skip_invalid=skip_invalid, track=track)
        return outcome, None if no_fit else await refit_if_grown(store)

    outcome, refitted = _run(ctx, load_and_refit, writes=True)
    report, ignored, skipped = outcome.report, outcome.not_coauthorship, outcome.skipped

    def text() -> None:
        click.echo(f"loaded {report.records} records from {len(paths)} file(s)")
        _echo_changes(report)
        if ignored:
            click.echo(f"left out {len(ignored)} record(s) that are no co-authorship records:")
            for item in ignored:
                click.echo(f"  {item.path}:{item.line}: {item.reason}")
        if skipped:
            click.echo(f"skipped {len(skipped)} invalid record(s):")
            for item in skipped:
                click.echo(f"  {item.path}:{item.line}: {item.reason}")
        if refitted:
            click.echo(f"recommender: {refitted.basis}")

    body = {**_plain(report), "skipped": _plain(skipped or []), "not_coauthorship": _plain(ignored)}
    _emit(ctx, {**body, "recommender": refitted.basis if refitted else None}, text)


@main.command("fit-recommender")
@click.pass_context
def fit_recommender_command(ctx: click.Context) -> None:
    """Fit the collaborator recommender on the graph's own history and serve those weights from now on.

    The papers up to four years before the newest are the history, the new collaborations of the last four
    years what the fit learns to predict; too short a history keeps the shipped weights, and says why.
    Loads refit by themselves when they grow the graph by more than a quarter."""
    weights = _run(ctx, fit_recommender, writes=True)

    def text() -> None:
        click.echo(weights.basis)
        if weights.validation:
            checked = weights.validation
            click.echo(f"held-out authors: {checked.authors}")
            click.echo(f"{'ranker':<14}{'recall@50':>11}{'hits@10':>9}")
            for ranker, recall in checked.recall_at_50.items():
                click.echo(f"{ranker:<14}{recall:>11.3f}{checked.hits_at_10[ranker]:>9.3f}")

    _emit(ctx, json.loads(weights.to_json()), text)


def _counted(count: int, one: str, many: str | None = None) -> str:
    """'1 paper', '2 papers', '1 person', '3 people'."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def _echo_changes(report: UpsertReport) -> None:
    """What a load or a curation changed, as the load command prints it; 'already there' counts the
    records that named a node the graph held (a reload's are all there, nothing changed)."""
    click.echo(f"{'label':<8} {'created':>8} {'already there':>14} {'updated':>8}")
    for label in LABELS:
        counts = (report.created[label], report.merged[label], report.updated[label])
        click.echo(f"{label:<8} {counts[0]:>8} {counts[1]:>14} {counts[2]:>8}")
    click.echo(f"relationships created: {report.relationships_created}")
    if report.identities_merged:
        click.echo(f"authors found to be one person and merged: {report.identities_merged}")
    if report.doi_conflicts:
        click.echo(f"DOI conflicts ({len(report.doi_conflicts)}):")
        for conflict in report.doi_conflicts:
            click.echo(f"  {conflict}")


@main.group()
def authors() -> None:
    """Curate author identity: duplicates worth a look, merges, the ledger, an author's history."""


@authors.command("duplicates")
@click.option("--min-score", type=float, default=0.0, show_default=True, help="Leave out pairs scoring less.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.pass_context
def authors_duplicates(ctx: click.Context, min_score: float, limit: int) -> None:
    """Pairs of authors that could be one person and were not merged, with the evidence, best first."""
    found = _run(ctx, lambda store: curation.possible_duplicates(store, min_score, limit))

    def text() -> None:
        if not found:
            click.echo("no possible duplicates")
        for pair in found:
            evidence = ", ".join(f"{name} {value:+.2f}" for name, value in pair.evidence.items())
            click.echo(
                f"{pair.score:6.2f}  {pair.first.name} [{pair.first.id}]  ~  {pair.second.name} [{pair.second.id}]"
            )
            click.echo(f"        {evidence}")

    _emit(ctx, found, text)


@authors.command("merge")
@click.argument("names", nargs=-1, required=True)
@click.option("--note", default="", help="Why: kept in the ledger with the decision.")
@click.pass_context
def authors_merge(ctx: click.Context, names: tuple[str, ...], note: str) -> None:
    """Decide that these authors (names or ids) are one person; every later load keeps them one."""
    report = _run(ctx, lambda store: curation.merge_authors(store, names, note), writes=True)
    _emit(ctx, report, lambda: _echo_changes(report))


@authors.command("split")
@click.argument("name")
@click.option("--papers", "papers", multiple=True, required=True, help="A paper id that is another person's (repeat).")
@click.option("--note", default="", help="Why: kept in the ledger with the decision.")
@click.pass_context
def authors_split(ctx: click.Context, name: str, papers: tuple[str, ...], note: str) -> None:
    """Decide that these papers of NAME are another person's of the same name; every later load keeps them apart."""
    report = _run(ctx, lambda store: curation.split_author(store, name, papers, note), writes=True)
    _emit(ctx, report, lambda: _echo_changes(report))


@authors.command("history")
@click.argument("name")
@click.pass_context
def authors_history(ctx: click.Context, name: str) -> None:
    """Who was merged into this author, and the curation decisions that name them."""
    found = _run(ctx, lambda store: curation.history(store, name))

    def text() -> None:
        click.echo(f"{found.author.name} [{found.author.id}]")
        click.echo(f"merged into it: {', '.join(found.merged_ids) or 'nobody'}")
        for decision in found.decisions:
            note = f" ({decision.note})" if decision.note else ""
            papers = f" papers {', '.join(decision.papers)} to {decision.split_into}" if decision.papers else ""
            click.echo(f"  {decision.decided_at} {decision.action} {' + '.join(decision.authors)}{papers}{note}")

    _emit(ctx, found, text)


@authors.command("export-ledger")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def authors_export_ledger(ctx: click.Context, path: Path) -> None:
    """Write the curation ledger to PATH (JSON Lines), to version it or import it elsewhere."""
    count = _run(ctx, lambda store: curation.export_ledger(store, path))
    _emit(ctx, {"decisions": count, "path": str(path)}, lambda: click.echo(f"wrote {count} decision(s) to {path}"))


@authors.command("import-ledger")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def authors_import_ledger(ctx: click.Context, path: Path) -> None:
    """Add a ledger file's decisions to the store's ledger and apply them (decisions already there add nothing)."""
    report = _run(ctx, lambda store: curation.import_ledger(store, path), writes=True)
    _emit(ctx, report, lambda: _echo_changes(report))


@main.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Node and relationship counts."""
    result = _run(ctx, lambda store: store.stats())

    def text() -> None:
        for name, count in {**result.nodes, **result.relationships}.items():
            click.echo(f"{name:<13} {count:>10}")

    _emit(ctx, result, text)


@main.command()
@click.argument("author")
@click.pass_context
def coauthors(ctx: click.Context, author: str) -> None:
    """An author's co-authors, most joint papers first."""

    async def query(store: GraphStore) -> Any:
        who = await find_author_by_name_or_id(store, author)
        return {"author": who, "coauthors": await store.coauthors(who.id)}

    result = _run(ctx, query)

    def text() -> None:
        click.echo(f"co-authors of {result['author'].name} ({len(result['coauthors'])}):")
        for item in result["coauthors"]:
            years = f"{item.first_year}-{item.last_year}" if item.first_year != item.last_year else f"{item.first_year}"
            click.echo(f"  {item.papers:>3}  {years:<9}  {item.coauthor.name}")

    _emit(ctx, result, text)


@main.command()
@click.argument("source")
@click.argument("target")
@click.option("--max-hops", default=DEFAULT_COLLABORATION_HOPS, show_default=True)
@click.pass_context
def path(ctx: click.Context, source: str, target: str, max_hops: int) -> None:
    """The shortest chain of co-authorships between two people."""

    async def query(store: GraphStore) -> Any:
        a, b = await find_author_by_name_or_id(store, source), await find_author_by_name_or_id(store, target)
        return await store.collaboration_path(a.id, b.id, max_hops)

    result = _run(ctx, query)

    def text() -> None:
        if result is None:
            click.echo(f"no collaboration path within {max_hops} hops")
            return
        click.echo(f"{result.length} hop(s): {' -> '.join(a.name for a in result.authors)}")
        for hop in result.hops:
            click.echo(f"  {hop.source.name} - {hop.target.name}: {hop.paper.title} ({hop.paper.year})")

    _emit(ctx, result, text)


@main.command("topic-path")
@click.argument("source")
@click.argument("target")
@click.option("--max-hops", default=DEFAULT_TOPIC_HOPS, show_default=True)
@click.pass_context
def topic_path(ctx: click.Context, source: str, target: str, max_hops: int) -> None:
    """How two topics, or a topic and a person, connect through papers and authors."""

    async def query(store: GraphStore) -> Any:
        a, b = await find_topic_path_end(store, source), await find_topic_path_end(store, target)
        return await store.topic_path(a.id, b.id, max_hops)

    result = _run(ctx, query)

    def text() -> None:
        if result is None:
            click.echo(f"no topic path within {max_hops} hops")
            return
        for node, relationship in itertools.zip_longest(result.nodes, result.relationships):
            caption = getattr(node, "name", None) or getattr(node, "title", "")
            click.echo(f"  ({node.label}) {caption}")
            if relationship:
                click.echo(f"      -[{relationship}]-")

    _emit(ctx, result, text)


@main.command()
@click.argument("author")
@click.option("--limit", default=10, show_default=True)
@click.option("--topic", help="Only people who have worked on this topic.")
@click.pass_context
def recommend(ctx: click.Context, author: str, limit: int, topic: str | None) -> None:
    """People to work with next, each with the reasons behind the score."""

    async def query(store: GraphStore) -> Any:
        who = await find_author_by_name_or_id(store, author)
        on = await find_topic_by_name_or_id(store, topic) if topic else None
        found = await recommend_collaborators(store, who.id, limit, on.id if on else None)
        reason = None if found or limit <= 0 else why_no_one(who.name, on.name if on else None)
        return {"author": who, "recommendations": found, "none_because": reason}

    result = _run(ctx, query)

    def text() -> None:
        if result["none_because"]:
            click.echo(result["none_because"])
            return
        click.echo(f"collaborators to consider for {result['author'].name}:")
        for item in result["recommendations"]:
            parts = item.parts
            click.echo(
                f"  {item.score:6.3f}  {item.author.name}  (structure {parts.structure:.2f}, recency"
                f" {parts.recency:.2f}, topics {parts.topics:.2f}, venues {parts.venues:.2f},"
                f" activity {parts.activity:.2f})"
            )
            if item.shared_coauthors:
                click.echo(f"          via {', '.join(a.name for a in item.shared_coauthors)}")
            if item.shared_topics:
                click.echo(f"          shared topics: {', '.join(t.name for t in item.shared_topics[:5])}")
            if item.shared_venues:
                click.echo(f"          shared venues: {', '.join(v.name for v in item.shared_venues[:3])}")

    _emit(ctx, result, text)


@main.command()
@click.option(
    "--authors",
    "authors_file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The submission's authors: a CSV (a column named person, name, id or orcid; else the first) or one per line.",
)
@click.option(
    "--reviewers",
    "reviewers_file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The reviewers, in the same form.",
)
@click.option("--within-years", default=DEFAULT_WITHIN_YEARS, show_default=True, help="The window, in years.")
@click.option("--through-coauthors", is_flag=True, help="Also flag pairs who share a co-author in the window.")
@click.option("--as-of", type=int, help="The year the window ends (default: this year).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the CSV here (default: stdout).")
@click.pass_context
def conflicts(
    ctx: click.Context,
    authors_file: Path,
    reviewers_file: Path,
    within_years: int,
    through_coauthors: bool,
    as_of: int | None,
    output: Path | None,
) -> None:
    """Conflicts of interest between a submission's authors and reviewers, as CSV (or --json)."""
    with _exit_on_error():
        authors, reviewers = (people_in(_read_text(path)) for path in (authors_file, reviewers_file))

    async def query(store: GraphStore) -> ConflictReport:
        return await check_conflicts(
            store, authors, reviewers, within_years=within_years, through_coauthors=through_coauthors, as_of_year=as_of
        )

    report = _run(ctx, query)
    for name in report.unknown:
        click.echo(f"not in the graph, not checked: {name}", err=True)
    for name, found in report.ambiguous:
        click.echo(f"{name!r} names {len(found)} people, all checked: {', '.join(a.id for a in found)}", err=True)
    answer = (
        json.dumps(_plain(report), ensure_ascii=False, indent=2) + "\n" if ctx.obj["json"] else conflicts_csv(report)
    )
    if output is None:
        click.echo(answer, nl=False)
    else:
        output.write_text(answer, encoding="utf-8")
        click.echo(f"{len(report.conflicts)} conflict(s) since {report.since_year}; wrote {output}", err=True)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot be read: {error}") from None


@main.command()
@click.argument("kind", type=click.Choice(["authors", "papers", "topics"]))
@click.argument("text")
@click.option("--limit", default=10, show_default=True)
@click.pass_context
def search(ctx: click.Context, kind: str, text: str, limit: int) -> None:
    """Full-text search, case- and accent-insensitive, best match first."""
    searches: dict[str, Callable[[GraphStore], Awaitable[list[SearchHit]]]] = {
        "authors": lambda store: store.search_authors(text, limit),
        "papers": lambda store: store.search_papers(text, limit),
        "topics": lambda store: search_topics(store, text, limit),
    }
    hits = _run(ctx, searches[kind])

    def show() -> None:
        for hit in hits:
            caption = getattr(hit.node, "name", None) or getattr(hit.node, "title", "")
            click.echo(f"  {hit.score:7.3f}  {caption}  [{hit.node.id}]")

    _emit(ctx, hits, show)


@main.command()
@click.option("--host", envvar="COAUTHOR_GRAPH_HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="COAUTHOR_GRAPH_PORT", default=8000, show_default=True, type=int)
@click.option(
    "--time-limit",
    envvar="COAUTHOR_GRAPH_TIME_LIMIT",
    default=TIME_LIMIT_SECONDS,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a GraphQL or REST request may run.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    envvar="COAUTHOR_GRAPH_CORS_ORIGINS",
    help="A web origin whose pages may call the API from a browser (repeatable; env: space-separated).",
)
@click.option(
    "--create",
    is_flag=True,
    help="Create the embedded store when it does not exist yet (to fill it through loadPapers).",
)
@click.pass_context
def serve(
    ctx: click.Context, host: str, port: int, time_limit: float, cors_origins: tuple[str, ...], create: bool
) -> None:
    """Serve the HTTP API (uvicorn, one worker) on the chosen store.

    GraphQL is at /graphql (GraphiQL in a browser), the REST recommendations and the OpenAPI
    page at /docs. The loadPapers mutation is enabled when COAUTHOR_GRAPH_API_KEY is set.
    A store that does not exist is refused, as read commands refuse it (a mistyped --store), unless
    --create asks for a new one.
    """
    import uvicorn

    from coauthor_graph.api.app import create_app

    with _exit_on_error():
        _refuse_a_busy_port(host, port)
        if not create:
            asyncio.run(_refuse_a_missing_store(ctx.obj["store"]))

    api_key = os.environ.get(API_KEY_ENV) or None
    base = f"http://{host}:{port}"
    click.echo(f"serving {ctx.obj['store']}: GraphQL at {base}/graphql, OpenAPI at {base}/docs")
    if api_key is None:
        click.echo(f"loadPapers is disabled: set {API_KEY_ENV} to enable it")
    uvicorn.run(
        create_app(ctx.obj["store"], api_key=api_key, time_limit=time_limit, cors_origins=cors_origins),
        host=host,
        port=port,
        log_level="info",
    )


def _refuse_a_busy_port(host: str, port: int) -> None:
    """Say so before anything starts, rather than after the start-up, in uvicorn's words."""
    try:
        socket.create_server((host, port)).close()
    except OSError as error:
        raise BadInputError(
            "--port",
            f"{port} is taken on {host} ({error.strerror}): choose another with --port or COAUTHOR_GRAPH_PORT",
        ) from None


async def _refuse_a_missing_store(spec: str) -> None:
    """`open_store`'s refusal of a missing embedded store, before the server starts listening."""
    if not spec.startswith(NEO4J_SCHEMES):
        await (await open_store(spec, create=False)).close()


@main.command("evaluate-recommendations")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--split", type=int, required=True, help="Train on papers up to this year.")
@click.option("--end", type=int, required=True, help="Test on new collaborations after the split, up to this year.")
@click.option(
    "--format", "format_name", type=click.Choice(list(FORMATS)), help="The file's format (default: detected)."
)
@click.option("--seed", default=7, show_default=True, help="Seed of the random baseline.")
@click.option(
    "--dump-rankings",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the system's ranking per evaluated author here, one JSON line each.",
)
@click.pass_context
def evaluate_recommendations(
    ctx: click.Context, path: Path, split: int, end: int, format_name: str | None, seed: int, dump_rankings: Path | None
) -> None:
    """Measure collaborator recommendations as link prediction on a corpus, against the classic predictors.

    Train on papers up to --split, predict new collaborations in the years after it up to --end.
    Reads the file only; the store is not touched.
    """
    from coauthor_graph.evaluation.link_prediction import history_from
    from coauthor_graph.evaluation.recommendations import SYSTEM, run_evaluation

    with _exit_on_error():
        papers, names = history_from(records_from(path, LoadOptions(as_of=dt.date.today()), format_name))
        report = run_evaluation(papers, names, split, end, seed)
    if dump_rankings is not None:
        with dump_rankings.open("w", encoding="utf-8") as out:
            for author, ranked in report.rankings:
                out.write(json.dumps({"author": author, "ranked": ranked}, ensure_ascii=False) + "\n")
    best = report.best_baseline
    ours, theirs = report.results[SYSTEM], report.results[best]

    def text() -> None:
        click.echo(
            f"split {report.split}, end {report.end}: {report.train_authors:,} train authors,"
            f" {ours.authors:,} evaluated; the system's {report.weights}"
        )
        click.echo(f"{'predictor':<32}{'hits@10':>9}{'hits@50':>9}{'recall@10':>11}{'recall@50':>11}{'MRR':>8}")
        for name, m in report.results.items():
            click.echo(
                f"{name:<32}{m.hits[10]:>9.3f}{m.hits[50]:>9.3f}{m.recall[10]:>11.3f}{m.recall[50]:>11.3f}{m.mrr:>8.3f}"
            )
        click.echo(
            f"recall@50: {ours.recall[50] / theirs.recall[50]:.2f} x the best baseline ({best});"
            f" hits@10 {ours.hits[10]:.3f} against its {theirs.hits[10]:.3f}"
        )

    summary = {
        "split": report.split,
        "end": report.end,
        "train_authors": report.train_authors,
        "weights": report.weights,
        "best_baseline": best,
        "results": {
            name: {"hits": m.hits, "recall": m.recall, "mrr": m.mrr, "authors": m.authors}
            for name, m in report.results.items()
        },
    }
    _emit(ctx, summary, text)


@main.group()
def export() -> None:
    """Export a network for VOSviewer, Gephi, Cytoscape or Pajek, or the whole graph for Neo4j."""


_SCOPE_OPTIONS = (
    click.option(
        "--author", "authors", multiple=True, help="Only people within --radius hops of this one (repeatable)."
    ),
    click.option("--radius", default=1, show_default=True, help="Co-authorship hops from --author."),
    click.option("--topic", help="Only papers about this topic or a narrower one."),
    click.option("--years", help="Only papers of these years: 2018-2022, 2018- or -2022."),
    click.option("--max-authors", type=int, help="Leave out papers with more authors (consortium papers)."),
    click.option("--min-papers", default=1, show_default=True, help="Leave out items with fewer papers in scope."),
)
_NETWORK_OPTIONS = (
    click.option("--unit", type=click.Choice(UNITS), default="author", show_default=True, help="What the nodes are."),
    click.option(
        "--counting",
        type=click.Choice(COUNTINGS),
        default="full",
        show_default=True,
        help="full: each paper adds 1 to each pair; fractional: each paper shares 1 among its pairs.",
    ),
    click.option("--limit", type=int, help="Keep only this many items, those with the most papers."),
)


def _with_options(options: tuple[Callable[[Any], Any], ...]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


async def _scope(store: GraphStore, options: dict[str, Any]) -> tuple[NetworkScope, NetworkOptions]:
    scope = await resolve_scope(store, options["authors"], options["radius"], options["topic"], options["years"])
    network_options = NetworkOptions(
        unit=options.get("unit", "author"),
        counting=options.get("counting", "full"),
        max_authors=options["max_authors"],
        min_papers=options["min_papers"],
        limit=options.get("limit"),
    )
    return scope, network_options


def _export_paths(out: str, names: list[str]) -> tuple[Path, list[Path]]:
    """One rule for every format: OUT is a folder (created if needed) when it is one already, ends in
    a slash, or the format writes several files, and the files keep their names (network.gexf,
    nodes.csv, ...); otherwise OUT is the one file to write."""
    path = Path(out)
    if len(names) > 1 or path.is_dir() or out.endswith(("/", os.sep)):
        if path.exists() and not path.is_dir():
            raise BadInputError("OUT", f"{out} is a file; this format writes {len(names)} files into a folder")
        return path, [path / name for name in names]
    return path.parent, [path]


def _export_command(fmt: Format) -> None:
    @export.command(
        fmt,
        help=f"Write the network as {_FORMAT_HELP[fmt]} to OUT: a folder (the files keep their names) or,"
        " for a one-file format, the file to write. Prints the files written.",
    )
    @click.argument("out", type=click.Path())
    @_with_options(_SCOPE_OPTIONS + _NETWORK_OPTIONS)
    @click.pass_context
    def command(ctx: click.Context, out: str, **options: Any) -> None:
        async def files(store: GraphStore) -> dict[str, bytes]:
            scope, network_options = await _scope(store, options)
            return await export_network(store, scope, network_options, fmt)

        written = _run(ctx, files)
        with _exit_on_error():
            folder, paths = _export_paths(out, list(written))
            folder.mkdir(parents=True, exist_ok=True)
            for path, content in zip(paths, written.values(), strict=True):
                path.write_bytes(content)
        _emit(ctx, {"files": [str(p) for p in paths]}, lambda: click.echo("wrote " + ", ".join(map(str, paths))))


_FORMAT_HELP: dict[Format, str] = {
    "vosviewer": "VOSviewer's map and network files and its JSON file",
    "gexf": "GEXF 1.3 for Gephi (its timeline plays the network's growth)",
    "graphml": "GraphML (Cytoscape, yEd, Gephi)",
    "pajek": "a Pajek .net file",
    "csv": "Gephi's node and edge tables (nodes.csv, edges.csv)",
}
for _fmt in EXPORT_FORMATS:
    _export_command(_fmt)


@main.command()
@_with_options(_SCOPE_OPTIONS)
@click.option("--window-years", type=int, help="Groups per window of this many years, each linked to the one before.")
@click.option("--limit", default=20, show_default=True, help="Groups to print (per window).")
@click.pass_context
def groups(ctx: click.Context, window_years: int | None, limit: int, **options: Any) -> None:
    """Research groups: communities of the co-author network (Leiden), labelled by their topics."""

    async def found(store: GraphStore) -> tuple[list[YearWindow], dict[str, str]]:
        scope, network_options = await _scope(store, options)
        windows = await groups_in_windows(store, scope, window_years, network_options)
        shown = sorted({m for window in windows for group in window.groups[:limit] for m in group.members[:8]})
        return windows, {node.id: node.name for node in await store.get_many(shown) if isinstance(node, Author)}

    windows, names = _run(ctx, found)

    def text() -> None:
        for window in windows:
            if window_years is not None:
                click.echo(f"{window.first_year}-{window.last_year}: {_counted(len(window.groups), 'group')}")
            for group in window.groups[:limit]:
                topics = ", ".join(t.name for t in group.topics) or "no distinctive topic"
                came = "; ".join(f"from {n} ({_counted(k, 'person', 'people')})" for n, k in group.previous)
                people, papers = _counted(len(group.members), "person", "people"), _counted(group.papers, "paper")
                click.echo(f"  {group.number}. {people}, {papers}: {topics}" + (f" [{came}]" if came else ""))
                members = ", ".join(names.get(m, m) for m in group.members[:8])
                click.echo("     " + members + (" ..." if len(group.members) > 8 else ""))

    _emit(ctx, windows if window_years is not None else list(windows[0].groups), text)


@main.command()
@click.option("--author", "authors", multiple=True, help="Whose papers (repeatable); all papers when none.")
@click.option("--topic", help="Only papers about this topic or a narrower one.")
@click.option("--years", help="Only papers of these years: 2018-2022, 2018- or -2022.")
@click.option("--limit", default=10, show_default=True, help="Topics to show, most papers first.")
@click.pass_context
def trends(ctx: click.Context, authors: tuple[str, ...], topic: str | None, years: str | None, limit: int) -> None:
    """Topic trends: papers per topic per year, and the years each topic burst (Kleinberg)."""

    async def found(store: GraphStore) -> list[TopicTrend]:
        scope = await resolve_scope(store, authors, 1, topic, years)
        people = scope.authors or None
        return await topic_trends(store, people, scope.topic_id, scope.first_year, scope.last_year, limit)

    answer = _run(ctx, found)

    def text() -> None:
        for trend in answer:
            counts = " ".join(f"{y.year}:{y.papers}" for y in trend.years if y.papers)
            rose = ", ".join(f"{b.first_year}-{b.last_year} ({b.weight:g})" for b in trend.bursts)
            click.echo(f"{trend.topic.name} ({trend.papers} papers): {counts}" + (f"; burst {rose}" if rose else ""))

    _emit(ctx, answer, text)


@export.command("neo4j-import")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--database", default="neo4j", show_default=True, help="The database the printed command imports into.")
@click.pass_context
def export_neo4j_import(ctx: click.Context, folder: Path, database: str) -> None:
    """Write FOLDER's node and relationship files for `neo4j-admin database import full`, from the embedded
    store: the graph the Neo4j adapter would write, for graphs too big to load through transactions."""
    from coauthor_graph.services.stores import neo4j_import_files

    async def export_files(store: GraphStore) -> list[str]:
        return (await asyncio.to_thread(neo4j_import_files, store, folder)).arguments(database)

    arguments = _run(ctx, export_files)

    def text() -> None:
        click.echo(f"wrote the import files to {folder}; with Neo4j stopped, import them with:")
        click.echo("  neo4j-admin " + " ".join(shlex.quote(argument) for argument in arguments))
        click.echo("then start Neo4j: the first coauthor-graph command creates the constraints and indexes.")

    _emit(ctx, {"folder": str(folder), "neo4j_admin": arguments}, text)


@main.command("export-schema")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), default="schema.graphql")
def export_schema(path: Path) -> None:
    """Write the GraphQL schema (SDL) to PATH, the file clients generate code from."""
    from coauthor_graph.schema.schema import schema_sdl

    path.write_text(schema_sdl(), encoding="utf-8")
    click.echo(f"wrote {path}")


def _json_here(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value:
        ctx.obj["json"] = True


def _accept_json_after_the_command(group: click.Group) -> None:
    """`coauthors NAME --json` works as `--json coauthors NAME` does: people type it either way."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            _accept_json_after_the_command(command)
        command.params.append(
            click.Option(
                ["--json"],
                is_flag=True,
                expose_value=False,
                callback=_json_here,
                help="Print one JSON document instead of text (also accepted before the command).",
            )
        )


_accept_json_after_the_command(main)

if __name__ == "__main__":
    main()
