"""The HTTP service: one store per process, opened at start-up and closed at shutdown.

- `/`: the explorer, a page that draws the co-author network (`api.pages`); `/docs`: the REST API.
- `/graphql`: the GraphQL API (GET and POST; GraphiQL in a browser).
- `/api/authors/{id}/collaborator-recommendations`: the same recommendations as plain JSON.
- `/api/conflicts`: conflict-of-interest checks (POST), as JSON or CSV.
- `/api/network`, `/api/groups`, `/api/exports/{format}`: networks to draw, research groups, and files
  for VOSviewer, Gephi, Cytoscape and Pajek.
- `/health` says the process is up; `/ready` says the store answers (503 when it does not, or when
  a request has waited past 2 s for its turn to read), so an orchestrator routes traffic only to
  instances that can serve it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.requests import HTTPConnection

from coauthor_graph.api.body_limit import BodyLimit
from coauthor_graph.api.conflicts_api import router as conflicts_router
from coauthor_graph.api.graphql_http import MAX_BODY_BYTES, SpecGraphQLRouter
from coauthor_graph.api.networks_api import router as networks_router
from coauthor_graph.api.pages import add_pages
from coauthor_graph.api.recommendations_api import router as recommendations_router
from coauthor_graph.api.request_turns import RequestTurns
from coauthor_graph.api.rest_time_limit import RestTimeLimit
from coauthor_graph.api.settings import TIME_LIMIT_SECONDS
from coauthor_graph.domain.errors import StoreError
from coauthor_graph.services.fitting import refit_in_background, stop_background_refits
from coauthor_graph.services.loads import remove_stale_load_folders
from coauthor_graph.services.stores import open_store
from coauthor_graph.store.port import GraphStore

_log = logging.getLogger(__name__)

StoreOpener = Callable[[str], Awaitable[GraphStore]]


def store_of(request: HTTPConnection) -> GraphStore:
    return request.app.state.store


def create_app(
    store_spec: str,
    *,
    api_key: str | None = None,
    time_limit: float = TIME_LIMIT_SECONDS,
    cors_origins: Sequence[str] = (),
    opener: StoreOpener = open_store,
) -> FastAPI:
    """The app on the store `store_spec` names; `api_key` enables the loadPapers mutation.

    `cors_origins` lists the web origins whose pages may call the API from a browser
    (`*` for any); none by default, so only same-origin pages and non-browser clients can.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        remove_stale_load_folders()
        app.state.store = await opener(store_spec)
        try:
            try:
                await app.state.store.prepare()
            except StoreError as error:  # served anyway: /ready says why, and each question gets the error
                _log.error("the store cannot be prepared: %s", error)
            else:
                refit_in_background(app.state.store)
            yield
        finally:
            await stop_background_refits()
            await app.state.store.close()

    app = FastAPI(
        title="coauthor-graph",
        summary="A co-authorship knowledge graph: collaboration paths, topic paths and collaborator recommendations.",
        lifespan=lifespan,
        docs_url=None,  # served offline by add_pages
        redoc_url=None,
    )
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type", "accept"],
        )
    app.add_middleware(RestTimeLimit, seconds=time_limit)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(RequestTurns)
    app.include_router(SpecGraphQLRouter(store_of, api_key, time_limit), prefix="/graphql", include_in_schema=False)

    @app.exception_handler(StoreError)
    async def store_failed(request: Request, error: StoreError) -> JSONResponse:
        """A store that cannot answer (down, or a read past its time limit) says why in one line."""
        return JSONResponse({"detail": str(error)}, status_code=503)

    app.include_router(recommendations_router)
    app.include_router(conflicts_router)
    app.include_router(networks_router)
    add_pages(app)

    @app.get("/health", summary="The process is up", tags=["operations"])
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/ready",
        summary="The store answers queries",
        tags=["operations"],
        responses={503: {"description": "store unreachable"}},
    )
    async def ready() -> JSONResponse:
        try:
            await app.state.store.ping()
        except StoreError as error:
            return JSONResponse({"status": "unavailable", "reason": str(error)}, status_code=503)
        return JSONResponse({"status": "ready"})

    return app
