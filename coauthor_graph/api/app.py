"""The HTTP service: one store per process, opened at start-up and closed at shutdown.

`/health` says the process is up; `/ready` says the store answers (503 when it does not), so
an orchestrator routes traffic only to instances that can serve it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from coauthor_graph.graph.errors import StoreError

from .settings import open_store


def create_app(store_spec: str) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = await open_store(store_spec)
        try:
            yield
        finally:
            await app.state.store.close()

    app = FastAPI(title="coauthor-graph", lifespan=lifespan)

    @app.get("/health", summary="The process is up")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", summary="The store answers queries", responses={503: {"description": "store unreachable"}})
    async def ready() -> JSONResponse:
        try:
            await app.state.store.ping()
        except StoreError as error:
            return JSONResponse({"status": "unavailable", "reason": str(error)}, status_code=503)
        return JSONResponse({"status": "ready"})

    return app
