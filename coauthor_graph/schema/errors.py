"""Errors a client caused, shown to it as they are; a store that cannot answer says why; every other
error is masked.

A resolver raises a ClientError to say what was wrong with the request. A StoreError (the store is
down, or a read ran past its time limit) carries a message written for users: it reaches the client
with the code STORE_UNAVAILABLE. Anything else that escapes a resolver (a bug) reaches the client as
"Unexpected error." with no message, trace or store detail, and is logged on the server.
"""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from coauthor_graph.domain.errors import StoreError


class ClientError(GraphQLError):
    """An error the client can fix; its message and `extensions.code` are part of the API."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, **extensions: object) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})


class BadArgument(ClientError):
    code = "BAD_ARGUMENT"

    def __init__(self, argument: str, reason: str) -> None:
        super().__init__(f'Argument "{argument}" {reason}', argument=argument)


class Unauthorized(ClientError):
    code = "UNAUTHORIZED"


class TimeLimitExceeded(ClientError):
    code = "TIME_LIMIT_EXCEEDED"


def is_unexpected(error: GraphQLError) -> bool:
    """Mask errors raised by code (not by the parser or validator) unless they are ClientErrors."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class MaskUnexpectedErrors(MaskErrors):
    """Masks what `is_unexpected` says, except a store's own words (`StoreError`)."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if isinstance(error.original_error, StoreError):
            return GraphQLError(
                str(error.original_error),
                nodes=error.nodes,
                path=error.path,
                extensions={"code": "STORE_UNAVAILABLE"},
            )
        return super().anonymise_error(error)
