"""`/graphql` over HTTP as the GraphQL-over-HTTP specification asks, SHOULDs included.

Strawberry answers every request as `application/json` with status 200. The specification
adds the `application/graphql-response+json` media type: a client that accepts it gets it,
and then a request that never reached execution (the document does not parse, does not
validate, or its variables do not coerce) is answered with status 400 and no `data` entry.
Clients that accept only `application/json` keep the old behaviour (200), as the spec says.
A request error never has `data`, whatever the media type: execution never started.

Query documents over 100,000 characters are refused before parsing (a request error).
A mutation sent by GET is refused with 405 (Method Not Allowed), as the specification says.
The per-request time limit lives here too: a request running past it is cancelled at its
next await and answered with a TIME_LIMIT_EXCEEDED error.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from cross_web import HTTPException
from fastapi import Request, Response
from graphql import GraphQLError
from starlette.requests import HTTPConnection
from strawberry.fastapi import BaseContext, GraphQLRouter
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from coauthor_graph.api.pages import offline_graphiql_html
from coauthor_graph.api.settings import TIME_LIMIT_SECONDS
from coauthor_graph.schema.context import Context
from coauthor_graph.schema.errors import ClientError, TimeLimitExceeded
from coauthor_graph.schema.mutation import MAX_CONTENT_CHARS
from coauthor_graph.schema.schema import build_schema
from coauthor_graph.store.port import GraphStore

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MAX_QUERY_CHARS = 100_000
"""Far above any real query (GraphiQL's introspection query is about 2,000), far below a hostile one."""
MAX_BODY_BYTES = 2 * MAX_CONTENT_CHARS
"""Room for loadPapers content (JSON-escaped) and nothing much beyond."""


def is_request_error(result: ExecutionResult) -> bool:
    """No data and only errors from before execution (they carry no path, and are not ours)."""
    return (
        result.data is None
        and bool(result.errors)
        and all(
            error.path is None and not isinstance(error.original_error, ClientError) for error in result.errors or ()
        )
    )


def preferred_media_type(accept: str) -> str:
    """`application/graphql-response+json` when the client accepts it, else `application/json`."""
    accepted = [part.split(";", 1)[0].strip().lower() for part in accept.split(",")]
    return GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accepted else JSON


def bearer_token(request: HTTPConnection) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class RequestContext(Context, BaseContext):
    """The schema's Context, made acceptable to strawberry's FastAPI router (which also fills `request`)."""

    def __init__(self, store: GraphStore, api_key: str | None, token: str | None) -> None:
        BaseContext.__init__(self)
        Context.__init__(self, store=store, api_key=api_key, bearer_token=token)


class SpecGraphQLRouter(GraphQLRouter[Context, None]):
    """Strawberry's FastAPI router with the specification's media type and status codes."""

    def __init__(self, store_of: Any, api_key: str | None, time_limit: float = TIME_LIMIT_SECONDS) -> None:
        async def context(connection: HTTPConnection) -> RequestContext:
            return RequestContext(store_of(connection), api_key, bearer_token(connection))

        # No subscriptions (the schema has none): a WebSocket upgrade is refused by the protocol check.
        super().__init__(build_schema(), context_getter=context, graphql_ide="graphiql", subscription_protocols=())
        self.time_limit = time_limit

    @property
    def graphql_ide_html(self) -> str:
        """GraphiQL with its scripts served by the app, so it works offline."""
        return offline_graphiql_html()

    def decode_json(self, data: str | bytes) -> object:
        """A JSON object, or a 400 that says why (strawberry answered 500 for these)."""
        try:
            value = json.loads(data)
        except UnicodeDecodeError:
            raise HTTPException(400, "the request body is not UTF-8") from None
        except RecursionError:
            raise HTTPException(400, "the request body is JSON nested too deeply") from None
        if not isinstance(value, dict | list):  # a list is a batch: strawberry refuses those itself
            raise HTTPException(400, "the request body must be a JSON object") from None
        return value

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        request_data = kwargs.get("request_data")
        query = getattr(request_data, "query", None) or ""
        if len(query) > MAX_QUERY_CHARS:
            message = f"the query document is {len(query):,} characters long; the limit is {MAX_QUERY_CHARS:,}"
            return ExecutionResult(data=None, errors=[GraphQLError(message)])
        try:
            async with asyncio.timeout(self.time_limit):
                return await super().execute_operation(*args, **kwargs)
        except HTTPException as refused:
            if isinstance(refused.__cause__, InvalidOperationTypeError):  # a mutation sent by GET
                raise HTTPException(405, refused.reason) from refused
            raise
        except TimeoutError:
            error = TimeLimitExceeded(f"the request ran longer than the {self.time_limit:g} s time limit")
            return ExecutionResult(data=None, errors=[GraphQLError(error.message, original_error=error)])

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        processed = await super().process_result(request, result)
        if is_request_error(result):
            processed.pop("data", None)  # type: ignore[misc]
            request.state.graphql_request_error = True
        return processed

    async def run(self, request: Any, context: Any = None, root_value: Any = None) -> Any:
        response = await super().run(request, context=context, root_value=root_value)
        if not isinstance(request, Request) or response.headers.get("content-type", "").split(";")[0] != JSON:
            return response  # GraphiQL's page, streams and websockets are not GraphQL responses
        media_type = preferred_media_type(request.headers.get("accept", ""))
        status = response.status_code
        if media_type == GRAPHQL_RESPONSE and getattr(request.state, "graphql_request_error", False):
            status = 400
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-type", "content-length")}
        return Response(response.body, status_code=status, media_type=media_type, headers=headers)
