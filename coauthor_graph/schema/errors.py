"""Errors a client caused, shown to it as they are; every other error is masked.

A resolver raises one of these to say what was wrong with the request. Anything else that
escapes a resolver (a store failure, a bug) reaches the client as "Unexpected error." with
no message, trace or store detail, and is logged on the server.
"""

from __future__ import annotations

from graphql import GraphQLError


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
