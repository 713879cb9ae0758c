"""`loadPapers`: the one write, for callers that hold the server's API key.

The content goes through the same loaders and the same one-transaction upsert as
`coauthor-graph load`, so a bad record fails the whole load and leaves the graph as it was.
Without a configured key the mutation is disabled; with one, a caller must send it as
`Authorization: Bearer <key>` (compared in constant time).
"""

from __future__ import annotations

import datetime as dt
import hmac
from enum import Enum
from typing import Annotated, Any

import strawberry

from coauthor_graph.domain.errors import BadInputError, LoadError, NotFoundError
from coauthor_graph.loaders.registry import FORMATS
from coauthor_graph.schema.context import Context
from coauthor_graph.schema.errors import BadArgument, Unauthorized
from coauthor_graph.schema.results import LoadReport
from coauthor_graph.services import curation, loads
from coauthor_graph.services.fitting import refit_in_background

MAX_CONTENT_CHARS = 10_000_000

SourceFormat: Any = strawberry.enum(
    Enum("SourceFormat", {name.upper().replace("-", "_"): name for name in FORMATS}),  # type: ignore[misc,call-overload]
    description="A source format: "
    + "; ".join(f"{n.upper().replace('-', '_')}: {f.description}" for n, f in FORMATS.items()),
)


def _check_key(context: Context, mutation: str) -> None:
    if context.api_key is None:
        raise Unauthorized(f"{mutation} is disabled: the server has no API key (COAUTHOR_GRAPH_API_KEY)")
    sent = context.bearer_token or ""
    if not hmac.compare_digest(sent.encode(), context.api_key.encode()):
        raise Unauthorized(f"{mutation} needs the server's API key, sent as `Authorization: Bearer <key>`")


Note = Annotated[str, strawberry.argument(description="Why, kept in the curation ledger with the decision.")]


@strawberry.type(description="Changes to the graph.")
class Mutation:
    @strawberry.mutation(
        description="Load papers from text in one of the source formats: all records land, or none does."
        " Loading the same content twice changes nothing. Needs the API key as a bearer token."
    )
    async def load_papers(
        self,
        info: strawberry.Info[Context, None],
        content: Annotated[
            str, strawberry.argument(description=f"The file's text (at most {MAX_CONTENT_CHARS:,} characters).")
        ],
        format: Annotated[
            SourceFormat | None,  # type: ignore[valid-type]
            strawberry.argument(description="The content's format; detected from the content when omitted."),
        ] = None,
        as_of: Annotated[
            dt.date | None,
            strawberry.argument(description="The day a profile page was captured (default: today)."),
        ] = None,
    ) -> LoadReport:
        _check_key(info.context, "loadPapers")
        if len(content) > MAX_CONTENT_CHARS:
            raise BadArgument("content", f"is longer than {MAX_CONTENT_CHARS:,} characters")
        try:
            outcome = await loads.load_text(info.context.store, content, format.value if format else None, as_of)
        except LoadError as error:
            where = f"line {error.line}: " if error.line is not None else ""
            raise BadArgument("content", f"cannot be loaded: {where}{error.reason}") from None
        refit_in_background(info.context.store)
        return LoadReport.of(outcome.report, outcome.not_coauthorship)

    @strawberry.mutation(
        description="Decide that these authors are one person: the decision is kept in the store's curation ledger"
        " and applied now and by every later load. Needs the API key as a bearer token."
    )
    async def merge_authors(
        self,
        info: strawberry.Info[Context, None],
        authors: Annotated[
            list[strawberry.ID], strawberry.argument(description="Two or more author ids or exact names.")
        ],
        note: Note = "",
    ) -> LoadReport:
        _check_key(info.context, "mergeAuthors")
        try:
            report = await curation.merge_authors(info.context.store, [str(a) for a in authors], note)
        except NotFoundError as error:
            raise BadArgument("authors", str(error)) from None
        except BadInputError as error:
            raise BadArgument(error.argument, error.reason) from None
        return LoadReport.of(report)

    @strawberry.mutation(
        description="Decide that these papers of an author are another person's of the same name: they go to a new"
        " author, whom no load merges back. Kept in the curation ledger. Needs the API key as a bearer token."
    )
    async def split_author(
        self,
        info: strawberry.Info[Context, None],
        author: Annotated[strawberry.ID, strawberry.argument(description="The author's id or exact name.")],
        papers: Annotated[list[strawberry.ID], strawberry.argument(description="Ids of the papers to split off.")],
        note: Note = "",
    ) -> LoadReport:
        _check_key(info.context, "splitAuthor")
        try:
            report = await curation.split_author(info.context.store, str(author), [str(p) for p in papers], note)
        except NotFoundError as error:
            raise BadArgument("papers", str(error)) from None
        except BadInputError as error:
            raise BadArgument(error.argument, error.reason) from None
        return LoadReport.of(report)
