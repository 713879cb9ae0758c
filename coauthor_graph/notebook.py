"""The graph from Python, for notebooks and scripts: plain calls, tables as pandas DataFrames, networks as
networkx graphs.

    from coauthor_graph import Graph

    with Graph.open("mine.sqlite") as graph:
        graph.load("refs.bib")
        graph.coauthors("Chengkai Huang").head()
        graph.recommend("Zihan Wang", limit=5)
        graph.network(["Chengkai Huang"], radius=1)      # a networkx.Graph

Every question is the one the CLI and the API ask (`services`), on the same store. The store's calls are
async; a Graph runs them on an event loop of its own in a background thread, so its methods are plain
calls that also work inside Jupyter, whose own loop is already running. pandas and networkx come with the
`notebook` extra (`pip install 'coauthor-graph[notebook]'`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Coroutine, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from coauthor_graph.domain.views import GraphStats, UpsertReport
from coauthor_graph.loaders.registry import LoadOptions
from coauthor_graph.services import recommendations
from coauthor_graph.services.loads import load_files
from coauthor_graph.services.lookup import find_author_by_name_or_id, find_topic_by_name_or_id
from coauthor_graph.services.networks import NetworkOptions, draw_network, resolve_scope
from coauthor_graph.services.stores import open_store
from coauthor_graph.store.port import DEFAULT_COLLABORATION_HOPS, GraphStore

if TYPE_CHECKING:
    import networkx
    import pandas

T = TypeVar("T")


class Graph:
    """One store, opened for plain (synchronous) calls. Close it, or use it in a `with` block."""

    def __init__(self, store: GraphStore, loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
        self._store = store
        self._loop = loop
        self._thread = thread

    @classmethod
    def open(cls, store: str | Path = "coauthor-graph.sqlite", *, create: bool = True) -> Graph:
        """An embedded store's file (made when missing, unless `create=False`) or a Neo4j URI."""
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="coauthor-graph", daemon=True)
        thread.start()
        try:
            opened = asyncio.run_coroutine_threadsafe(open_store(str(store), create=create), loop).result()
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            raise
        return cls(opened, loop, thread)

    def _run(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result()

    def close(self) -> None:
        self._run(self._store.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()

    def __enter__(self) -> Graph:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------------------

    def load(self, *files: str | Path, format: str | None = None, as_of: dt.date | None = None) -> UpsertReport:
        """Load the files in one transaction, as `coauthor-graph load` does (the format detected when not named;
        `as_of`: the day a profile page's "this year" means, today by default)."""
        options = LoadOptions(as_of=as_of or dt.date.today())
        outcome = self._run(load_files(self._store, [Path(f) for f in files], options, format))
        return outcome.report

    # --- questions ----------------------------------------------------------------------------------

    def stats(self) -> GraphStats:
        return self._run(self._store.stats())

    def coauthors(self, author: str) -> pandas.DataFrame:
        """The author's co-authors (by name or id), most joint papers first: one row each."""
        pandas = _needs("pandas")

        async def ask() -> list[Any]:
            found = await find_author_by_name_or_id(self._store, author)
            (ties,) = await self._store.coauthors_of([found.id], with_joint_papers=False)
            return ties

        rows = [
            {
                "name": tie.coauthor.name,
                "id": tie.coauthor.id,
                "papers": tie.papers,
                "first_year": tie.first_year,
                "last_year": tie.last_year,
            }
            for tie in self._run(ask())
        ]
        return pandas.DataFrame(rows, columns=["name", "id", "papers", "first_year", "last_year"])

    def path(self, source: str, target: str, max_hops: int = DEFAULT_COLLABORATION_HOPS) -> pandas.DataFrame:
        """The shortest collaboration path between two people (names or ids): one row a hop, with the newest
        paper linking them; no rows when none is `max_hops` or shorter."""
        pandas = _needs("pandas")

        async def ask() -> Any:
            ends = [await find_author_by_name_or_id(self._store, who) for who in (source, target)]
            return await self._store.collaboration_path(ends[0].id, ends[1].id, max_hops)

        found = self._run(ask())
        rows = [
            {"from": hop.source.name, "to": hop.target.name, "paper": hop.paper.title, "year": hop.paper.year}
            for hop in (found.hops if found else ())
        ]
        return pandas.DataFrame(rows, columns=["from", "to", "paper", "year"])

    def recommend(self, author: str, limit: int = 10, topic: str | None = None) -> pandas.DataFrame:
        """People the author has not written with, best first, with their score and why."""
        pandas = _needs("pandas")

        async def ask() -> list[Any]:
            found = await find_author_by_name_or_id(self._store, author)
            topic_id = (await find_topic_by_name_or_id(self._store, topic)).id if topic else None
            return await recommendations.recommend_collaborators(self._store, found.id, limit, topic_id)

        rows = [
            {
                "name": r.author.name,
                "id": r.author.id,
                "score": r.score,
                "shared_coauthors": ", ".join(a.name for a in r.shared_coauthors),
                "shared_topics": ", ".join(t.name for t in r.shared_topics),
                "shared_venues": ", ".join(v.name for v in r.shared_venues),
            }
            for r in self._run(ask())
        ]
        columns = ["name", "id", "score", "shared_coauthors", "shared_topics", "shared_venues"]
        return pandas.DataFrame(rows, columns=columns)

    def network(
        self, authors: Sequence[str] = (), radius: int = 1, topic: str | None = None, years: str | None = None
    ) -> networkx.Graph:
        """The co-author network of a scope (the explorer's and the exports'): nodes are people with their
        name and papers, edges their joint papers (`weight`: the link strength)."""
        networkx = _needs("networkx")
        network = self._run(
            draw_network(self._store, self._run(resolve_scope(self._store, authors, radius, topic, years)), _OPTIONS)
        )
        graph = networkx.Graph()
        for node in network.nodes:
            graph.add_node(node.id, name=node.label, papers=node.papers, first_year=node.first_year)
        for link in network.links:
            graph.add_edge(link.source, link.target, weight=link.strength, papers=link.papers)
        return graph


_OPTIONS = NetworkOptions()


def _needs(module: str) -> Any:
    try:
        return __import__(module)
    except ImportError:
        raise ImportError(f"{module} is needed for this: pip install 'coauthor-graph[notebook]'") from None
