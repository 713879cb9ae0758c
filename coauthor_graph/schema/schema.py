"""The GraphQL schema with its guards: depth, tokens, aliases, time, and masked errors.

The limits are set for what a person or an app exploring a co-authorship graph needs (a few
levels of nesting, a page of 100) and refuse what only a hostile or broken client sends,
before any resolver runs. (The per-request time limit is the HTTP layer's: `api.graphql_http`.)
"""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.types import ExecutionContext

from .errors import is_unexpected
from .mutation import Mutation
from .query import Query

MAX_DEPTH = 10
MAX_TOKENS = 2_000
MAX_ALIASES = 30


class Schema(strawberry.Schema):
    """Logs only unexpected errors: a client's mistakes are answered, not written to the server log
    (a client repeating a 1,000-alias query must not be able to flood it)."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        super().process_errors([e for e in errors if is_unexpected(e)], execution_context)


def build_schema() -> strawberry.Schema:
    return Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            lambda: MaskErrors(should_mask_error=is_unexpected),
        ],
    )


def schema_sdl() -> str:
    """The schema as SDL, exactly as `schema.graphql` in the repository holds it."""
    return build_schema().as_str() + "\n"
