"""Hostile and broken queries are refused fast, with errors that say why, and the server stays up."""

from __future__ import annotations

import socket
import sqlite3
import time

import httpx
import pytest

from tests.api.conftest import load_seed, start_server, stop


def refused(server, query: str) -> str:
    answer = server.graphql(query)
    assert answer.get("data") in (None, {"author": None}), answer  # nothing, or the field the error is on
    return " ".join(error["message"] for error in answer["errors"])


def test_depth_100(seeded_server):
    query = (
        '{ author(id: "author:chengkai-huang") { ' + "coauthors { edges { node { " * 33 + "id" + " } } }" * 33 + " } }"
    )
    assert "exceeds maximum operation depth" in refused(seeded_server, query)


def test_a_thousand_aliases_plain_and_through_fragments(seeded_server):
    plain = "{ " + " ".join(f"a{i}: stats {{ papers }}" for i in range(1000)) + " }"
    assert "aliases found" in refused(seeded_server, plain) or "tokens" in refused(seeded_server, plain)
    fragments = (
        "{ ...F0 } "
        + " ".join(f"fragment F{i} on Query {{ x{i}: stats {{ papers }} ...F{i + 1} }}" for i in range(40))
        + " fragment F40 on Query { stats { papers } }"
    )
    assert "aliases found" in refused(seeded_server, fragments)


def _doubling_fragments(levels: int, leaf: str) -> str:
    """A 1 KB document whose fragments each spread the next one twice: 2^levels spreads if expanded."""
    return (
        '{ author(id: "author:chengkai-huang") { ...F0 } } '
        + " ".join(f"fragment F{i} on Author {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
        + f" fragment F{levels} on Author {{ {leaf} }}"
    )


def test_fragments_that_double_at_every_level_are_measured_once(seeded_server):
    # Walked spread by spread, 30 levels stopped the whole server (strawberry's limiters); each
    # fragment is measured once now, so the aliases are counted (2^30) and refused at once.
    assert "1073741824 aliases found" in refused(seeded_server, _doubling_fragments(30, "n: name"))
    # Without aliases the document is valid and answers: one author's name.
    answer = seeded_server.graphql(_doubling_fragments(30, "name"))
    assert answer == {"data": {"author": {"name": "Chengkai Huang"}}}
    assert seeded_server.graphql("{ stats { papers } }") == {"data": {"stats": {"papers": 22}}}


def test_a_one_megabyte_query(seeded_server):
    query = "{ stats { papers } }" + " " * 1_000_000 + "# end"
    answer = seeded_server.post(query, accept="application/graphql-response+json")
    assert answer.status_code == 400 and "data" not in answer.json()
    assert answer.json()["errors"][0]["message"].startswith("the query document is 1,000,025 characters long")
    many_tokens = "{ " + "stats { papers } " * 3_000 + "}"  # 50 kB, under the size limit
    assert "token" in refused(seeded_server, many_tokens).lower()


def test_page_size_of_a_billion(seeded_server):
    message = refused(
        seeded_server, '{ author(id: "author:chengkai-huang") { papers(first: 1000000000) { totalCount } } }'
    )
    assert message == 'Argument "first" must be between 0 and 100, got 1000000000'
    message = refused(seeded_server, '{ searchPapers(text: "x", first: -1) { totalCount } }')
    assert 'Argument "first"' in message


NESTED_PAGES = (
    'query($n: Int!) { author(id: "author:chengkai-huang") { coauthors(first: $n) { edges { node {'
    " papers(first: $n) { edges { node { authors(first: $n) { edges { node { name } } } } } } } } } } }"
)


def test_nested_pages_are_counted_before_anything_runs(seeded_server):
    # 30 aliases of co-authors x their papers x those papers' authors: 1.65 million items asked for.
    one = (
        'author(id: "author:chengkai-huang") { coauthors(first: 100) { edges { node { name'
        " papers(first: 50) { edges { node { title authors { edges { node { name } } } } } } } } } }"
    )
    attack = "{ " + " ".join(f"a{i}: {one}" for i in range(30)) + " }"
    answer = seeded_server.post(attack, accept="application/graphql-response+json")
    assert answer.status_code == 400 and "data" not in answer.json()
    assert answer.json()["errors"][0]["message"].startswith(
        "the operation can ask for 1,653,000 list items; the limit is 20,000"
    )
    # Counted with the request's variables: 30 + 30x30 + 30x30x30 items is too many, 10 + 100 + 1,000 is not.
    assert "27,930 list items" in seeded_server.graphql(NESTED_PAGES, {"n": 30})["errors"][0]["message"]
    coauthors = seeded_server.data(NESTED_PAGES, {"n": 10})["author"]["coauthors"]["edges"]
    assert len(coauthors) == 10


def test_more_than_five_whole_graph_fields_are_refused_before_anything_runs(seeded_server):
    thirty = "{ " + " ".join(f"a{i}: possibleDuplicates(first: 100) {{ score }}" for i in range(30)) + " }"
    assert refused(seeded_server, thirty).startswith("the operation asks for 30 of collaborationPath, conflicts,")
    spread = (
        "{ ...Two ...Two ...Two } fragment Two on Query {"
        ' a: topicTrends(first: 3) { papers } b: recommendCollaborators(author: "author:chengkai-huang") { score } }'
    )
    assert "asks for 6 of" in refused(seeded_server, spread)
    five = "{ " + " ".join(f"a{i}: topicTrends(first: {i + 1}) {{ papers }}" for i in range(5)) + " }"
    assert len(seeded_server.data(five)) == 5


def test_the_server_is_still_up_after_all_that(seeded_server):
    for _ in range(3):
        refused(seeded_server, "{ " + " ".join(f"a{i}: stats {{ papers }}" for i in range(1000)) + " }")
    assert httpx.get(f"{seeded_server.url}/health").json() == {"status": "ok"}
    assert seeded_server.data("{ stats { papers } }") == {"stats": {"papers": 22}}


@pytest.fixture
def store_file(tmp_path):
    store = tmp_path / "limits.sqlite"
    load_seed(store)
    return store


def test_a_request_past_the_time_limit_is_cut_off(store_file):
    server = start_server(store_file, None, "--time-limit", "0.000001")
    try:
        answer = server.graphql(
            '{ author(id: "author:chengkai-huang") { coauthors(first: 20) { edges { node { '
            "papers(first: 20) { edges { node { authors { edges { node { name } } } } } } } } } } }"
        )
        (error,) = answer["errors"]
        assert error["extensions"]["code"] == "TIME_LIMIT_EXCEEDED" and "time limit" in error["message"]
        assert httpx.get(f"{server.url}/health").status_code == 200
    finally:
        stop(server)


def test_store_failures_are_masked(store_file):
    server = start_server(store_file)
    try:
        with sqlite3.connect(store_file) as db:
            db.execute("DROP TABLE author_topic")
        answer = server.graphql('{ author(id: "author:chengkai-huang") { name topics { totalCount } } }')
        (error,) = answer["errors"]
        assert error["message"] == "Unexpected error."
        assert "author_topic" not in str(answer) and "sqlite" not in str(answer).lower()
        assert error["path"] == ["author", "topics"] and answer["data"] == {"author": None}
        assert "no such table: author_topic" in server.log.read_text()  # the operator sees what happened
    finally:
        stop(server)


async def test_a_websocket_upgrade_is_refused_without_a_traceback(seeded_server):
    import websockets
    from websockets.exceptions import WebSocketException

    url = seeded_server.url.replace("http://", "ws://") + "/graphql"
    for protocol in ("graphql-transport-ws", "graphql-ws"):
        with pytest.raises(WebSocketException):
            async with websockets.connect(url, subprotocols=[protocol], open_timeout=10) as socket:
                await socket.send('{"type": "connection_init"}')
                await socket.recv()
    assert seeded_server.graphql("{ stats { papers } }") == {"data": {"stats": {"papers": 22}}}
    assert "Traceback" not in seeded_server.log.read_text()


def test_bodies_past_the_limit_are_refused_whether_declared_or_chunked(seeded_server):
    from coauthor_graph.api.graphql_http import MAX_BODY_BYTES

    chunk = b" " * (1 << 20)
    chunks = MAX_BODY_BYTES // len(chunk) + 2

    def chunked():  # no Content-Length: the body arrives in chunks, past the limit
        yield b'{"query": "{ stats { papers } }"'
        for _ in range(chunks):
            yield chunk
        yield b"}"

    url = f"{seeded_server.url}/graphql"
    headers = {"content-type": "application/json"}
    streamed = httpx.post(url, content=chunked(), headers=headers, timeout=60)
    declared = httpx.post(url, content=b"x" * (MAX_BODY_BYTES + 1), headers=headers, timeout=60)
    assert (streamed.status_code, declared.status_code) == (413, 413)
    assert "larger than" in streamed.text
    assert seeded_server.graphql("{ stats { papers } }") == {"data": {"stats": {"papers": 22}}}


@pytest.mark.parametrize(
    "body",
    [b'"a string"', b"42", b"null", b"[" * 100_000 + b"]" * 100_000, b'{"query": "\xff\xfe"}'],
    ids=["string", "number", "null", "nested 100k deep", "not UTF-8"],
)
def test_bodies_that_are_no_json_object_get_400_without_a_traceback(seeded_server, body):
    answer = httpx.post(
        f"{seeded_server.url}/graphql", content=body, headers={"content-type": "application/json"}, timeout=30
    )
    assert answer.status_code == 400
    assert "Traceback" not in seeded_server.log.read_text()


def test_a_client_gone_mid_body_leaves_no_traceback(seeded_server):
    port = int(seeded_server.url.rsplit(":", 1)[1])
    logged_before = len(seeded_server.log.read_text())
    for framing in (b"Content-Length: 1000", b"Transfer-Encoding: chunked"):
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.sendall(
                b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing + b"\r\n\r\n"
            )
            client.sendall(b'{"query": ' if framing.startswith(b"Content") else b'5\r\n{"que\r\n')
    assert seeded_server.data("{ stats { papers } }") == {"stats": {"papers": 22}}
    deadline = time.monotonic() + 2  # the server notices a disconnect within milliseconds
    while time.monotonic() < deadline:
        assert "Traceback" not in seeded_server.log.read_text()[logged_before:]
        time.sleep(0.1)


def test_a_rest_request_past_the_time_limit_is_cut_off(store_file):
    server = start_server(store_file, None, "--time-limit", "0.000001")
    try:
        answer = httpx.get(f"{server.url}/api/network", params={"author": "Chengkai Huang"}, timeout=30)
        assert answer.status_code == 503
        assert answer.json() == {"detail": "the request ran longer than the 1e-06 s time limit"}
        assert httpx.get(f"{server.url}/health").status_code == 200
    finally:
        stop(server)
