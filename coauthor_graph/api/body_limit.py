"""A request body limit that counts the bytes that arrive, not the ones a client declares.

A `Content-Length` check alone lets a chunked body of any size through (200 MB took the server to
820 MB); this ASGI middleware refuses a declared length past the limit at once, and stops reading a
body the moment it passes the limit, answering 413 either way. A client that goes away mid-body
ends its request quietly: there is no one to answer, and nothing for the server log.
"""

from __future__ import annotations

from starlette.requests import ClientDisconnect
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class _TooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = PlainTextResponse(f"the request body is larger than {self.max_bytes:,} bytes", status_code=413)
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await refusal(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _TooLarge:
            if not started:
                await refusal(scope, receive, send)
        except ClientDisconnect:
            pass
