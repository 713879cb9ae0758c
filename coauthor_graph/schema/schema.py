"""The GraphQL schema with its guards: depth, tokens, aliases, time, and masked errors.

The limits are set for what a person or an app exploring a co-authorship graph needs (a few
levels of nesting, a page of 100) and refuse what only a hostile or broken client sends,
before any resolver runs. (The per-request time limit is the HTTP layer's: `api.graphql_http`.)
"""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from .errors import is_unexpected
from .mutation import Mutation
from .query import Query

MAX_DEPTH = 10
MAX_TOKENS = 2_000
MAX_ALIASES = 30


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            QueryDepthLimiter(max_depth=MAX_DEPTH),
            MaxTokensLimiter(max_token_count=MAX_TOKENS),
            MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            MaskErrors(should_mask_error=is_unexpected),
        ],
    )
