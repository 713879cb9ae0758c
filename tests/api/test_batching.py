"""Nested queries do not fan out: the store calls a query makes do not grow with its width.

The server here runs in this process (a real uvicorn server on a real port, on a real
embedded store) so the test can count the calls that reach the store's port.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from typing import Any

import httpx
import pytest
import uvicorn

from coauthor_graph.api.app import create_app
from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.loaders.jsonl import load as load_jsonl
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.api.conftest import free_port


class CountingStore:
    """The real store, with a tally of the calls made through each port method."""

    def __init__(self, store: EmbeddedStore) -> None:
        self._store = store
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._store, name)

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return await method(*args, **kwargs)

        return counted


@pytest.fixture(scope="module")
def counted_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batching")
    store = EmbeddedStore(folder / "corpus.sqlite")
    asyncio.run(store.upsert(load_jsonl(write_corpus(folder / "corpus.jsonl", 3000))))
    asyncio.run(store.close())
    counting: dict[str, CountingStore] = {}

    async def opener(spec: str) -> CountingStore:
        counting["store"] = CountingStore(EmbeddedStore(spec))
        return counting["store"]

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(folder / "corpus.sqlite"), opener=opener), port=port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", counting["store"]
    server.should_exit = True
    thread.join(timeout=10)


def test_the_server_prepares_the_store_before_it_takes_requests(counted_server):
    _, store = counted_server
    assert store.calls["prepare"] == 1


WIDE = """query Wide($first: Int!) {
  searchAuthors(text: "m", first: $first) { edges { node {
    name
    coauthors(first: 5) { edges { papers node { name papers(first: 3) { edges { node { title venue { name } } } } } } }
    papers(first: 5) { edges { node { title topics { name } authors(first: 5) { edges { position node { name } } } } } }
    topics(first: 3) { edges { node {
      name broader { name } topAuthors(first: 2) { papers } relatedTopics(first: 2) { sharedPapers }
    } } }
    topicTrajectory { year topics { papers } }
  } } }
}"""


def calls_for(url: str, store: CountingStore, first: int) -> tuple[int, Counter[str]]:
    store.calls.clear()
    answer = httpx.post(f"{url}/graphql", json={"query": WIDE, "variables": {"first": first}}, timeout=60).json()
    assert "errors" not in answer, answer
    authors = answer["data"]["searchAuthors"]["edges"]
    return len(authors), Counter(store.calls)


def test_fifty_authors_cost_the_same_store_calls_as_five(counted_server):
    url, store = counted_server
    few, few_calls = calls_for(url, store, 5)
    many, many_calls = calls_for(url, store, 50)
    assert (few, many) == (5, 50)
    assert sum(many_calls.values()) <= sum(few_calls.values()) + 2  # ten times the authors, not ten times the calls
    # One search, then a few batched calls per kind of neighbourhood (one per nesting level,
    # or two when a level's loads straddle the event loop's ticks), never one per author.
    assert many_calls["search_authors"] == 1
    assert set(many_calls) == {"search_authors", "coauthors_of", "paper_pages_of", "authors_of", "topics_of"} | {
        "venues_of",
        "broader_of",
        "topic_trajectories_of",
        "top_authors_of",
        "related_topics_of",
    }
    assert max(many_calls.values()) <= 3 and sum(many_calls.values()) <= 2 * len(many_calls)
