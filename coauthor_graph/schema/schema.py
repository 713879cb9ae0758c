"""The GraphQL schema with its guards: depth, tokens, aliases, result size, time, and masked errors.

The limits are set for what a person or an app exploring a co-authorship graph needs (a few
levels of nesting, a page of 100) and refuse what only a hostile or broken client sends,
before any resolver runs. (The per-request time limit is the HTTP layer's: `api.graphql_http`.)
"""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from coauthor_graph.schema.errors import MaskUnexpectedErrors, is_unexpected
from coauthor_graph.schema.limits import HeavyFieldLimit, ResultSizeLimit, operation_limits
from coauthor_graph.schema.mutation import Mutation
from coauthor_graph.schema.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from coauthor_graph.schema.query import Query

MAX_DEPTH = 10
MAX_TOKENS = 2_000
MAX_ALIASES = 30
MAX_LIST_ITEMS = 20_000
"""Two nested full pages (100 co-authors, 100 papers each) and a little more; see `schema.limits.ResultSizeLimit`."""
HEAVY_FIELDS = frozenset(
    {
        "collaborationPath",
        "topicPath",
        "recommendCollaborators",
        "possibleDuplicates",
        "conflicts",
        "groups",
        "topicTrends",
    }
)
"""Root fields that each read or compute over much of the graph (`schema.limits.HeavyFieldLimit`)."""
MAX_HEAVY_FIELDS = 5
DOCUMENT_CACHE_SIZE = 256


LIMIT_RULES = [operation_limits(MAX_DEPTH, MAX_ALIASES)]
"""The depth and alias rule (`schema.limits`: linear in the document), made once: the same rule class
on every request lets the validation cache recognize a document it has validated before."""


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
            lambda: AddValidationRules(LIMIT_RULES),  # type: ignore[arg-type]  # graphql-core's rules are AST rules
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ResultSizeLimit(max_items=MAX_LIST_ITEMS, unpaged=DEFAULT_PAGE_SIZE, max_page=MAX_PAGE_SIZE),
            lambda: HeavyFieldLimit(fields=HEAVY_FIELDS, max_fields=MAX_HEAVY_FIELDS),
            MaskUnexpectedErrors,
            # Apps send the same few documents with different variables: parse and validate each once.
            lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        ],
    )


def schema_sdl() -> str:
    """The schema as SDL, exactly as `schema.graphql` in the repository holds it."""
    return build_schema().as_str() + "\n"
