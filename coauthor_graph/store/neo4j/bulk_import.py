"""Files for `neo4j-admin database import full`: the graph the Neo4j adapter would write, in bulk.

A transactional load MERGEs row by row (about 1,000 papers/s); the import tool writes the store
files directly, which is what a graph past a million papers needs. The files hold every label and
relationship type with the ids and properties the adapter writes (COAUTHORED, WORKS_ON and the
derived counts included); the adapter's schema set-up (`Neo4jStore.prepare`) creates the constraints and indexes
on the first start after the import.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coauthor_graph.domain.records import Metric
from coauthor_graph.identity.resolution import DESCRIPTIVE_FIELDS, RECORD_SOURCES
from coauthor_graph.store.graph_rows import AuthorRow, GraphRows
from coauthor_graph.store.neo4j.views import PROFILE_PREFIX, STRONG_ID_PROPERTIES
from coauthor_graph.store.neo4j.writer import affiliation_entry

ARRAY_DELIMITER = "\x1f"
"""Between the elements of a list property: the unit separator, which no name, tag or source holds."""


@dataclass(frozen=True)
class ImportFiles:
    nodes: dict[str, list[Path]]
    """Label: its files."""
    relationships: dict[str, list[Path]]
    """Relationship type: its files."""

    def arguments(self, database: str = "neo4j") -> list[str]:
        """The arguments of `neo4j-admin` that import these files into `database`."""
        return [
            "database",
            "import",
            "full",
            *(f"--nodes={label}={','.join(map(str, paths))}" for label, paths in self.nodes.items()),
            *(f"--relationships={kind}={','.join(map(str, paths))}" for kind, paths in self.relationships.items()),
            "--array-delimiter=U+001F",
            "--multiline-fields=true",
            "--overwrite-destination=true",
            database,
        ]


def _array(values: Iterable[str]) -> str:
    return ARRAY_DELIMITER.join(values)


def _write(path: Path, header: list[str], rows: Iterable[Iterable[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _metric_type(values: set[type]) -> str:
    if values <= {int}:
        return "long"
    if values <= {int, float}:
        return "double"
    return "string"


def _metric_columns(authors: Iterator[AuthorRow]) -> dict[str, str]:
    """Each profile metric's property and import type, over every author that has one."""
    types: dict[str, set[type]] = {}
    for author in authors:
        for key, value in author.metrics.items():
            types.setdefault(key, set()).add(type(value))
    return {key: _metric_type(kinds) for key, kinds in sorted(types.items())}


def _metric(value: Metric | None, kind: str) -> Any:
    if value is None:
        return None
    return value if kind != "string" else str(value)


def write_import_files(rows: GraphRows, folder: Path) -> ImportFiles:
    """Write the node and relationship files into `folder` (created when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    metrics = _metric_columns(rows.authors())
    strong = [kind for kind in STRONG_ID_PROPERTIES if kind != "orcid"]
    authors = _write(
        folder / "authors.csv",
        [
            "id:ID(Author)",
            "name",
            "norm_name",
            "block",
            "orcid",
            *(STRONG_ID_PROPERTIES[kind] for kind in strong),
            "aliases:string[]",
            "sources:string[]",
            "search_text",
            "coauthor_count:long",
            *(f"{PROFILE_PREFIX}{key}:{kind}" for key, kind in metrics.items()),
        ],
        (
            [
                a.id,
                a.name,
                a.norm_name,
                a.block,
                a.orcid,
                *(a.external.get(kind) for kind in strong),
                _array(a.aliases),
                _array(a.sources),
                " ".join([a.name, *a.aliases]),
                a.coauthors,
                *(_metric(a.metrics.get(key), kind) for key, kind in metrics.items()),
            ]
            for a in rows.authors()
        ),
    )
    papers = _write(
        folder / "papers.csv",
        [
            "id:ID(Paper)",
            "title",
            "year:long",
            "date",
            "abstract",
            "url",
            *(f"{name}_source" for name in DESCRIPTIVE_FIELDS),
            "doi",
            "arxiv_id",
            *(f"{source}_record" for source in RECORD_SOURCES),
            "fingerprint",
            "authors_complete:boolean",
            "tags:string[]",
            "sources:string[]",
            "affiliations:string[]",
        ],
        (
            [
                p.id,
                p.title,
                p.year,
                p.date,
                p.abstract,
                p.url,
                *(p.field_sources.get(name) for name in DESCRIPTIVE_FIELDS),
                p.doi,
                p.arxiv_id,
                *(p.records.get(source) for source in RECORD_SOURCES),
                p.fingerprint,
                "true" if p.authors_complete else "false",
                _array(p.tags),
                _array(p.sources),
                _array(affiliation_entry(*listed) for listed in p.affiliations),
            ]
            for p in rows.papers()
        ),
    )
    topics = _write(
        folder / "topics.csv",
        ["id:ID(Topic)", "name", "norm_name", "scheme", "code", "author_count:long"],
        ([t.id, t.name, t.norm_name, t.scheme, t.code, t.authors] for t in rows.topics()),
    )
    venues = _write(
        folder / "venues.csv",
        ["id:ID(Venue)", "name", "kind", "issn"],
        ([v.id, v.name, v.kind, v.issn] for v in rows.venues()),
    )
    merged = list(rows.merged())
    merged_authors = _write(folder / "merged_authors.csv", ["id:ID(MergedAuthor)"], ([former] for former, _ in merged))
    decisions = _write(
        folder / "curation_decisions.csv",
        ["key:ID(CurationDecision)", "decision", "seq:long"],
        ([d.key, json.dumps(d.to_json(), ensure_ascii=False), seq] for seq, d in enumerate(rows.decisions())),
    )
    relationships = {
        "AUTHORED": _write(
            folder / "authored.csv", [":START_ID(Author)", ":END_ID(Paper)", "position:long"], rows.authored()
        ),
        "ABOUT": _write(folder / "about.csv", [":START_ID(Paper)", ":END_ID(Topic)"], rows.about()),
        "PUBLISHED_IN": _write(
            folder / "published_in.csv", [":START_ID(Paper)", ":END_ID(Venue)"], rows.published_in()
        ),
        "BROADER": _write(folder / "broader.csv", [":START_ID(Topic)", ":END_ID(Topic)"], rows.broader()),
        "COAUTHORED": _write(
            folder / "coauthored.csv",
            [":START_ID(Author)", ":END_ID(Author)", "papers:long", "first_year:long", "last_year:long"],
            ([c.a, c.b, c.papers, c.first_year, c.last_year] for c in rows.coauthored()),
        ),
        "WORKS_ON": _write(
            folder / "works_on.csv", [":START_ID(Author)", ":END_ID(Topic)", "papers:long"], rows.author_topics()
        ),
        "MERGED_INTO": _write(folder / "merged_into.csv", [":START_ID(MergedAuthor)", ":END_ID(Author)"], merged),
    }
    return ImportFiles(
        nodes={
            "Author": [authors],
            "Paper": [papers],
            "Topic": [topics],
            "Venue": [venues],
            "MergedAuthor": [merged_authors],
            "CurationDecision": [decisions],
        },
        relationships={kind: [path] for kind, path in relationships.items()},
    )
