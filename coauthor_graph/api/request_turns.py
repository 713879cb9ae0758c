"""Marks each HTTP request's store work as its own (`domain.requests.REQUEST`), so the embedded
store's read thread takes turns between requests instead of serving one request's many reads first."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from coauthor_graph.domain.requests import REQUEST


class RequestTurns:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = REQUEST.set(object())
        try:
            await self.app(scope, receive, send)
        finally:
            REQUEST.reset(token)
