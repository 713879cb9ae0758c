"""The pages a browser opens: the explorer at `/`, GraphiQL at `/graphql` and the OpenAPI page at `/docs`,
all served with every script, style and font they need from the app itself (`/static/`), so they work
with no internet. The vendored files come from `assets/package-lock.json` (`scripts/build_assets.py`).
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from strawberry.http.ides import get_graphql_ide_html

STATIC = Path(str(files("coauthor_graph.api") / "static"))
EXAMPLE_QUERY = """# coauthor-graph on the sample profile. Run it with Ctrl-Enter; the Docs pane lists every field.
{
  author(name: "Chengkai Huang") {
    name
    coauthors(first: 5) { totalCount edges { papers lastYear node { name } } }
  }
  collaborationPath(from: "Yuhang Yao", to: "Zhiqiang Liu") {
    length
    hops { source { name } target { name } paper { title year } }
  }
  recommendCollaborators(author: "Zihan Wang", first: 3) {
    score explanation author { name }
  }
}
"""


@cache
def offline_graphiql_html() -> str:
    """Strawberry's GraphiQL page with its unpkg scripts and styles served from `/static/vendor/` (same
    files, same integrity hashes) and our example query."""
    page = get_graphql_ide_html(graphql_ide="graphiql")
    page = re.sub(r"https://unpkg\.com/(@?[^@\"]+)@[^/\"]+/", r"/static/vendor/\1/", page)
    example = EXAMPLE_QUERY.replace("`", "\\`")
    return re.sub(r"const EXAMPLE_QUERY = `.*?`;", lambda _: f"const EXAMPLE_QUERY = `{example}`;", page, flags=re.S)


def add_pages(app: FastAPI) -> None:
    """Mount `/static/`, the explorer at `/` and the offline OpenAPI page at `/docs`."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def explorer() -> FileResponse:
        return FileResponse(STATIC / "explorer.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    async def openapi_page() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="coauthor-graph: REST API",
            swagger_js_url="/static/vendor/swagger-ui-dist/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui-dist/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui-dist/favicon-32x32.png",
        )
