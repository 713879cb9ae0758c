"""The disambiguation stage (`identity.stage`) in Neo4j: read what it needs, apply the merges it decides."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from coauthor_graph.graph.identity import STRONG_ID_KINDS
from coauthor_graph.identity import stage
from coauthor_graph.identity.disambiguation import Signature
from coauthor_graph.identity.names import preferred_spelling

from .queries import identities as qi
from .queries import writes as q
from .writer import Runner


async def disambiguate(run: Runner, touched: set[str]) -> list[stage.Merge]:
    """Re-cluster the blocks of the touched authors and merge the authors found to be one person."""
    if not touched:
        return []
    rows = (await run(qi.CROWDED_BLOCKS, {"ids": sorted(touched)})).records
    stored = {row["id"]: _stored(row) for row in rows}
    blocks = stage.crowded(stage.grouped((row["block"], stored[row["id"]]) for row in rows))
    if not blocks:
        return []
    signatures: dict[str, list[Signature]] = defaultdict(list)
    ids = sorted(a.id for authors in blocks for a in authors)
    for row in (await run(qi.AUTHOR_SIGNATURES, {"ids": ids})).records:
        author = stored[row["author"]]
        signatures[author.id].append(
            stage.signature(
                author, row["paper"], row["position"], row["year"], row["title"], row["venue"], row["coauthors"]
            )
        )
    merges = stage.plan_merges(blocks, signatures)
    by_id = {row["id"]: row for row in rows}
    for merge in merges:
        await _apply(run, merge, [by_id[merge.survivor], *(by_id[m] for m in merge.absorbed)])
    return merges


def _stored(row: Any) -> stage.StoredAuthor:
    keys = tuple((kind, row[kind]) for kind in STRONG_ID_KINDS if row[kind] is not None)
    return stage.StoredAuthor(row["id"], row["name"], (row["name"], *(row["aliases"] or [])), keys)


async def _apply(run: Runner, merge: stage.Merge, rows: list[Any]) -> None:
    """Move the edges, fold the absorbed authors into the survivor, count its tallies again."""
    spellings = {spelling for row in rows for spelling in (row["name"], *(row["aliases"] or []))}
    name = preferred_spelling(spellings)
    profile = next((dict(row["profile"]) for row in rows if row["profile"]), {})  # the survivor's, if it has one
    properties = {
        "name": name,
        "aliases": sorted(spellings - {name}),
        "sources": sorted({source for row in rows for source in row["sources"] or []}),
        **profile,
    }
    absorbed = list(merge.absorbed)
    await run(qi.MOVE_AUTHORED, {"survivor": merge.survivor, "absorbed": absorbed})
    await run(qi.ABSORB_AUTHORS, {"survivor": merge.survivor, "absorbed": absorbed, "properties": properties})
    await run(qi.DELETE_SURVIVOR_COAUTHORED, {"survivor": merge.survivor})
    papers = (await run(qi.SURVIVOR_PAPERS, {"survivor": merge.survivor})).records[0]["papers"]
    await run(q.RECOUNT_COAUTHORED, {"papers": papers})
    await run(q.RECOUNT_COAUTHOR_DEGREE, {"papers": papers})
    await run(qi.RECOUNT_AUTHOR_TOPICS, {"survivor": merge.survivor})
