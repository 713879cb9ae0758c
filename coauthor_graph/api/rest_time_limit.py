"""The per-request time limit of the REST endpoints (`/api/...`), the one GraphQL requests have.

A request running past it is cancelled at its next await (reads queued on the store's read thread
then never start) and answered 503 with the limit in one line, before any of its answer was sent.
An answer already streaming when the limit passes is cut short: a client sees an incomplete body,
never a stalled server.
"""

from __future__ import annotations

import asyncio

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class RestTimeLimit:
    def __init__(self, app: ASGIApp, seconds: float, prefix: str = "/api/") -> None:
        self.app = app
        self.seconds = seconds
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            async with asyncio.timeout(self.seconds):
                await self.app(scope, receive, watching_send)
        except TimeoutError:
            if not started:
                detail = f"the request ran longer than the {self.seconds:g} s time limit"
                await JSONResponse({"detail": detail}, status_code=503)(scope, receive, send)
