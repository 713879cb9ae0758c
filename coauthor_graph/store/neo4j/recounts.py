"""Derived data counted again from the AUTHORED and ABOUT edges, after edges moved between authors
(a merge, a split) or a paper grew past `domain.hyperauthorship.MAX_PAIRED_AUTHORS`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coauthor_graph.store.neo4j.queries import identities as qi
from coauthor_graph.store.neo4j.queries import writes as q

if TYPE_CHECKING:
    from coauthor_graph.store.neo4j.writer import Runner


async def recount(run: Runner, authors: list[str]) -> None:
    """The authors' COAUTHORED edges, their co-authors' degrees and their topics' author counts,
    counted again from their AUTHORED edges."""
    papers: set[str] = set()
    for author in authors:
        await run(qi.DELETE_SURVIVOR_COAUTHORED, {"survivor": author})
        papers.update((await run(qi.SURVIVOR_PAPERS, {"survivor": author})).records[0]["papers"])
    await run(q.RECOUNT_COAUTHORED, {"papers": sorted(papers)})
    await run(q.RECOUNT_COAUTHOR_DEGREE, {"papers": sorted(papers)})
    for author in authors:
        await run(qi.RECOUNT_AUTHOR_TOPICS, {"survivor": author})
