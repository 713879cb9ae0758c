"""How well a store tells people apart on a real file whose people were labelled by hand.

The labelled disambiguation sets measure the clustering on its own; this measures what a user
gets: a file loaded by its loader into a store, every printed name on every entry (a *mention*)
followed to the author node the store put at that place of that paper, and scored against who
the mention truly is. The labels are a table of spellings (`read_labels`): a research group's
list prints each person under a handful of spellings, and a spelling is one person within one
list.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coauthor_graph.domain.records import PaperRecord
from coauthor_graph.evaluation.clustering import Scores, b_cubed, pairwise
from coauthor_graph.identity import resolution
from coauthor_graph.identity.keys import paper_id
from coauthor_graph.identity.names import display_name, name_parts, normalize_name
from coauthor_graph.loaders import bibtex
from coauthor_graph.loaders.registry import LoadOptions, records_from
from coauthor_graph.store.port import GraphStore, NodeReads


@dataclass(frozen=True, slots=True)
class Mention:
    """One printed name at one place of one entry, the node the store gave it and who it truly is."""

    spelling: str
    node: str
    person: str


def read_labels(path: Path) -> dict[str, dict[str, str]]:
    """file name -> spelling -> person, from a tab-separated `file, spelling, person` table ('#' comments)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        labels: dict[str, dict[str, str]] = {}
        for row in rows:
            labels.setdefault(row["file"], {})[row["spelling"]] = row["person"]
    return labels


async def loaded_mentions(store: GraphStore, path: Path, labels: dict[str, str], options: LoadOptions) -> list[Mention]:
    """A BibTeX list loaded into the store as a user loads it, its mentions as the file prints them
    (`bibtex.load_as_printed`: the labels name printed spellings, the loader may repair some)."""
    await store.upsert(records_from(path, options))
    printed = [r for r in bibtex.load_as_printed(path) if isinstance(r, PaperRecord)]
    return await mentions(printed, store, labels)


async def mentions(records: Sequence[PaperRecord], store: NodeReads, labels: dict[str, str]) -> list[Mention]:
    """Every mention of these records, followed to its node in the store; a spelling the labels do
    not list is a person of its own.

    A record's paper is found under the id its strongest key gives (`keys.paper_id`), or, when an
    earlier entry of the same paper made it, under that entry's weaker keys."""
    candidates = [_paper_ids(record) for record in records]
    wanted = sorted({node for ids in candidates for node in ids})
    held = {node for node, found in zip(wanted, await store.get_many(wanted), strict=True) if found is not None}
    papers = []
    for record, ids in zip(records, candidates, strict=True):
        paper = next((node for node in ids if node in held), None)
        if paper is None:
            raise ValueError(f"line {record.line}: no stored paper under {', '.join(ids)}")
        papers.append(paper)
    unique = sorted(set(papers))
    placed = {
        (paper, authorship.position): authorship.author.id
        for paper, authorships in zip(unique, await store.authors_of(unique), strict=True)
        for authorship in authorships
    }
    found = []
    for record, paper in zip(records, papers, strict=True):
        for author in record.authors:
            spelling = display_name(author.name)
            found.append(Mention(spelling, placed[paper, author.position], labels.get(spelling, spelling)))
    return found


def _paper_ids(record: PaperRecord) -> list[str]:
    doi, arxiv_id, fingerprint = resolution.paper_keys(record)
    ids = [
        paper_id(doi, arxiv_id, fingerprint, resolution.record_key(record)),
        paper_id(None, arxiv_id, fingerprint),
        paper_id(None, None, fingerprint),
    ]
    return list(dict.fromkeys(ids))


@dataclass(frozen=True, slots=True)
class FileScores:
    b_cubed: Scores
    pairwise: Scores


def scores(predicted: Sequence[str], found: Sequence[Mention]) -> FileScores:
    true = [m.person for m in found]
    return FileScores(b_cubed(predicted, true), pairwise(predicted, true))


def by_store(found: Sequence[Mention]) -> list[str]:
    return [m.node for m in found]


def by_exact_name(found: Sequence[Mention]) -> list[str]:
    return [normalize_name(m.spelling) for m in found]


def by_block(found: Sequence[Mention]) -> list[str]:
    return [last_name_and_initial(m.spelling) for m in found]


def last_name_and_initial(spelling: str) -> str:
    """The baseline's key, as plain as its name: folded family name and first initial (no umlaut rule)."""
    parts = name_parts(spelling)
    return f"{parts.last} {parts.given[0][0]}" if parts.given else parts.last
