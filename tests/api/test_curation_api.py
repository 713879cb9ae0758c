"""Curating identity over HTTP: possibleDuplicates for anyone, mergeAuthors only with the key."""

from __future__ import annotations

import asyncio
import json

from coauthor_graph.loaders.jsonl import load
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.api.conftest import API_KEY, start_server, stop

BEARER = {"authorization": f"Bearer {API_KEY}"}
DUPLICATES = "{ possibleDuplicates { first { name } second { name } score evidence { name weight } } }"
MERGE = """mutation Merge($authors: [ID!]!) {
  mergeAuthors(authors: $authors, note: "same lab") { identitiesMerged updated { authors } }
}"""


def test_a_curator_sees_the_pair_and_merges_it_with_the_key(tmp_path):
    store = tmp_path / "curation.sqlite"
    papers = tmp_path / "papers.jsonl"
    rows = [
        {"title": "Tidal flats", "year": 2010, "authors": ["Alexander Seitz", "Mara Lind"]},
        {"title": "Salt marshes", "year": 2012, "authors": ["A. Seitz", "Olaf Berg"]},
    ]
    papers.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")

    async def seed() -> None:
        opened = EmbeddedStore(store)
        await opened.upsert(load(papers))
        await opened.close()

    asyncio.run(seed())
    server = start_server(store, API_KEY)
    try:
        (pair,) = server.data(DUPLICATES)["possibleDuplicates"]
        assert (pair["first"]["name"], pair["second"]["name"]) == ("A. Seitz", "Alexander Seitz")
        assert pair["score"] == sum(part["weight"] for part in pair["evidence"])
        refused = server.graphql(MERGE, {"authors": ["A. Seitz", "Alexander Seitz"]})
        assert refused["errors"][0]["extensions"]["code"] == "UNAUTHORIZED"
        merged = server.graphql(MERGE, {"authors": ["A. Seitz", "Alexander Seitz"]}, **BEARER)
        assert merged["data"]["mergeAuthors"] == {"identitiesMerged": 1, "updated": {"authors": 1}}
        assert server.data(DUPLICATES)["possibleDuplicates"] == []
        unknown = server.graphql(MERGE, {"authors": ["Nobody Here", "A. Seitz"]}, **BEARER)
        assert unknown["errors"][0]["extensions"]["code"] == "BAD_ARGUMENT"
        essay = 'mutation { mergeAuthors(authors: ["Mara Lind", "Olaf Berg"], note: "%s") { identitiesMerged } }'
        (long_note,) = server.graphql(essay % ("why " * 1_000), **BEARER)["errors"]
        assert long_note["extensions"] == {"code": "BAD_ARGUMENT", "argument": "note"}
        assert "limit is 2,000" in long_note["message"]
    finally:
        stop(server)
