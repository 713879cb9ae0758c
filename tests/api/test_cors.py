"""Browser apps on the origins the operator names may call the API; others may not."""

from __future__ import annotations

import httpx

from tests.api.conftest import load_seed, start_server, stop

APP = "https://app.example.org"


def preflight(url: str, origin: str) -> httpx.Response:
    headers = {
        "origin": origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, authorization",
    }
    return httpx.options(f"{url}/graphql", headers=headers)


def test_named_origins_only(tmp_path):
    store = tmp_path / "cors.sqlite"
    load_seed(store)
    server = start_server(store, None, "--cors-origin", APP)
    try:
        allowed = preflight(server.url, APP)
        assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == APP
        assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
        assert "access-control-allow-origin" not in preflight(server.url, "https://elsewhere.example").headers
        answer = httpx.post(f"{server.url}/graphql", json={"query": "{ stats { papers } }"}, headers={"origin": APP})
        assert answer.headers["access-control-allow-origin"] == APP and answer.json()["data"]["stats"]["papers"] == 22
    finally:
        stop(server)


def test_no_origin_by_default(seeded_server):
    answer = httpx.post(f"{seeded_server.url}/graphql", json={"query": "{ stats { papers } }"}, headers={"origin": APP})
    assert "access-control-allow-origin" not in answer.headers
