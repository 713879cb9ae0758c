"""The disambiguation stage (`identity.stage`) in Neo4j: read what it needs, apply the merges it decides."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from coauthor_graph.identity import stage
from coauthor_graph.identity.curation import Decision
from coauthor_graph.identity.disambiguation import Signature
from coauthor_graph.identity.keys import STRONG_ID_KINDS
from coauthor_graph.identity.names import preferred_spelling
from coauthor_graph.store.neo4j.queries import identities as qi
from coauthor_graph.store.neo4j.recounts import recount
from coauthor_graph.store.neo4j.writer import Runner


@dataclass(slots=True)
class Outcome:
    """What the stage and the ledger changed: merges, and the authors a split touched or created."""

    merges: list[stage.Merge] = field(default_factory=list)
    split: set[str] = field(default_factory=set)
    created: set[str] = field(default_factory=set)


async def disambiguate(run: Runner, touched: set[str]) -> Outcome:
    """Re-cluster the blocks of the touched authors, then apply the curation ledger: merge the
    authors found, or decided, to be one person, and give split papers to the person split off."""
    decisions = await ledger(run)
    apart = stage.kept_apart(decisions, (await _holders(run, decisions))[0]) if decisions else {}
    outcome = Outcome(await _cluster(run, touched, apart) if touched else [])
    if decisions:
        holders, rows = await _holders(run, decisions)  # again: the stage's merges may have moved ids
        merges = stage.curated_merges(decisions, holders)
        await _apply_all(run, merges, rows)
        outcome.merges += merges
        for split in stage.curated_splits(decisions, (await _holders(run, decisions))[0]):
            moved = await run(
                qi.SPLIT_AUTHOR, {"author": split.author, "into": split.into, "papers": list(split.papers)}
            )
            if moved.records and moved.records[0]["moved"]:
                outcome.split.update((split.author, split.into))
                if moved.nodes_created:
                    outcome.created.add(split.into)
                await recount(run, [split.author, split.into])
    return outcome


async def _cluster(run: Runner, touched: set[str], apart: dict[str, frozenset[str]]) -> list[stage.Merge]:
    rows = (await run(qi.CROWDED_BLOCKS, {"ids": sorted(touched)})).records
    blocks, signatures = await _blocks_and_signatures(run, rows, apart)
    merges = stage.plan_merges(blocks, signatures)
    await _apply_all(run, merges, rows)
    return merges


async def _apply_all(run: Runner, merges: list[stage.Merge], rows: list[Any]) -> None:
    """Apply the merges; `rows` holds every author they name, as CROWDED_BLOCKS or LEDGER_HOLDERS return them."""
    by_id = {row["id"]: row for row in rows}
    for merge in merges:
        await _apply(run, merge, [by_id[merge.survivor], *(by_id[m] for m in merge.absorbed)])


async def _holders(run: Runner, decisions: list[Decision]) -> tuple[dict[str, stage.StoredAuthor], list[Any]]:
    """The author holding each id the decisions name now (itself, or the author it was merged into),
    and their rows."""
    wanted = sorted({node_id for decision in decisions for node_id in decision.authors})
    rows = (await run(qi.LEDGER_HOLDERS, {"ids": wanted})).records
    return {row["wanted"]: _stored(row) for row in rows}, rows


async def _blocks_and_signatures(
    run: Runner, rows: list[Any], apart: dict[str, frozenset[str]] | None = None
) -> tuple[list[list[stage.StoredAuthor]], dict[str, list[Signature]]]:
    apart = apart or {}
    stored = {row["id"]: _stored(row) for row in rows}
    blocks = stage.crowded(stage.grouped((row["block"], stored[row["id"]]) for row in rows))
    signatures: dict[str, list[Signature]] = defaultdict(list)
    if blocks:
        ids = sorted(a.id for authors in blocks for a in authors)
        for row in (await run(qi.AUTHOR_SIGNATURES, {"ids": ids})).records:
            author = stored[row["author"]]
            signatures[author.id].append(
                stage.signature(
                    author,
                    row["paper"],
                    row["position"],
                    row["year"],
                    row["title"],
                    row["venue"],
                    row["coauthors"],
                    apart.get(author.id, frozenset()),
                )
            )
    return blocks, signatures


async def ledger(run: Runner) -> list[Decision]:
    """Every curation decision, in the order it was recorded."""
    return [Decision.from_json(json.loads(row["decision"])) for row in (await run(qi.LEDGER, {})).records]


async def record(run: Runner, decisions: Iterable[Decision]) -> None:
    for decision in decisions:
        text = json.dumps(decision.to_json(), ensure_ascii=False)
        await run(qi.RECORD_DECISION, {"key": decision.key, "decision": text})


async def possible_duplicates(run: Runner, min_score: float, limit: int) -> list[stage.PossibleDuplicate]:
    """Pairs of stored authors of one block that could be one person, best first (`stage.duplicates`)."""
    blocks, signatures = await _blocks_and_signatures(run, (await run(qi.ALL_CROWDED_BLOCKS, {})).records)
    return stage.duplicates(blocks, signatures, min_score)[:limit]


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
    await recount(run, [merge.survivor])
