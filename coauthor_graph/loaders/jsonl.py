"""JSON Lines, one paper per line, for data from anywhere else (layout in docs/formats.md).

    {"title": "...", "authors": ["Ada Lovelace", {"name": "C. Babbage", "orcid": "...",
     "ids": {"dblp": "..."}, "affiliations": ["University of Cambridge"]}], "year": 2024,
     "date": "2024-05-01", "doi": "...",
     "arxiv_id": "...", "abstract": "...", "url": "...", "venue": "SIGIR" | {"name": ...,
     "kind": ...}, "topics": ["..."], "authors_complete": true}

`title` and `authors` are required; everything else is optional. Records stream: the file
is never held in memory whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coauthor_graph.domain.errors import LoadError, NotCoauthorship
from coauthor_graph.domain.records import AuthorRef, PaperRecord, VenueRef
from coauthor_graph.domain.years import FIRST_YEAR, LAST_YEAR
from coauthor_graph.identity.keys import (
    STRONG_ID_KINDS,
    institution_names,
    normalize_arxiv_id,
    normalize_doi,
    normalize_issn,
    normalize_orcid,
)
from coauthor_graph.identity.topics import canonical_topic, extract_topics
from coauthor_graph.loaders.skipping import Skipped
from coauthor_graph.loaders.source import first_json_object, json_line_records

FORMAT = "jsonl"


def looks_like_jsonl(head: str) -> bool:
    """A first line that is a JSON object with a title and authors; a first line longer than the head
    (a long abstract) only has to start as one and name both (the loader then reads it whole)."""
    record = first_json_object(head)
    if record is not None:
        return "title" in record and "authors" in record
    first = head.lstrip()
    cut = "\n" not in first
    return cut and first.startswith("{") and '"title"' in first and '"authors"' in first


def load(path: Path) -> Iterator[PaperRecord | Skipped]:
    return json_line_records(path, paper_from_row)


def paper_from_row(path: str, line: int, row: Any, source: str = FORMAT) -> PaperRecord:
    """One record in the documented layout, checked field by field (the CSV loader uses it too)."""
    if not isinstance(row, dict):
        raise LoadError(path, line, "each line must be a JSON object")
    title = row.get("title")
    if title is not None and not isinstance(title, str):
        raise LoadError(path, line, "field 'title' must be a string")
    if not title or not title.strip():
        raise NotCoauthorship(path, line, "field 'title' is missing or empty")
    authors = row.get("authors")
    if authors is not None and not isinstance(authors, list):
        raise LoadError(path, line, "field 'authors' must be a list")
    if not authors:
        raise NotCoauthorship(path, line, "field 'authors' is missing or empty")
    year, date = _year_and_date(path, line, row)
    abstract = row.get("abstract") if isinstance(row.get("abstract"), str) else None
    labels = row.get("topics") or []
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise LoadError(path, line, "field 'topics' must be a list of strings")
    topics = {topic: None for topic in (*map(canonical_topic, labels), *extract_topics(title, abstract))}
    return PaperRecord(
        title=" ".join(title.split()),
        authors=tuple(_author(path, line, index, author) for index, author in enumerate(authors, start=1)),
        source=source,
        authors_complete=bool(row.get("authors_complete", True)),
        year=year,
        date=date,
        doi=normalize_doi(row.get("doi")),
        arxiv_id=normalize_arxiv_id(row.get("arxiv_id")),
        abstract=abstract,
        url=row.get("url") if isinstance(row.get("url"), str) else None,
        venue=_venue(path, line, row.get("venue")),
        topics=tuple(topics),
        line=line,
    )


def _author(path: str, line: int, position: int, author: Any) -> AuthorRef:
    if isinstance(author, str) and author.strip():
        return AuthorRef(name=author.strip(), position=position)
    if isinstance(author, dict) and isinstance(author.get("name"), str) and author["name"].strip():
        ids = author.get("ids") or {}
        if not isinstance(ids, dict):
            raise LoadError(path, line, f"author {position}: 'ids' must be an object")
        unknown = sorted(set(ids) - set(STRONG_ID_KINDS) - {"orcid"})
        if unknown:
            raise LoadError(
                path, line, f"author {position}: unknown id kind {unknown[0]!r} (known: {', '.join(STRONG_ID_KINDS)})"
            )
        orcid_in_ids = ids.pop("orcid", None)
        orcid = normalize_orcid(author.get("orcid") or orcid_in_ids)
        affiliations = author.get("affiliations") or []
        if isinstance(affiliations, str):
            affiliations = [affiliations]
        if not isinstance(affiliations, list) or not all(isinstance(a, str) for a in affiliations):
            raise LoadError(path, line, f"author {position}: 'affiliations' must be a name or a list of names")
        return AuthorRef(
            name=author["name"].strip(),
            position=position,
            orcid=orcid,
            source_ids=tuple(sorted((str(source), str(value)) for source, value in ids.items())),
            affiliations=institution_names(affiliations),
        )
    raise LoadError(path, line, f"author {position} must be a name or an object with a 'name'")


def _year_and_date(path: str, line: int, row: dict[str, Any]) -> tuple[int | None, dt.date | None]:
    date = None
    if row.get("date") is not None:
        try:
            date = dt.date.fromisoformat(str(row["date"]))
        except ValueError:
            raise LoadError(path, line, f"field 'date' is not an ISO date: {row['date']!r}") from None
    year = row.get("year")
    if year is not None and (
        not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR
    ):
        raise LoadError(path, line, f"field 'year' must be a four-digit integer, got {year!r}")
    return (year if year is not None else date.year if date else None), date


def _venue(path: str, line: int, venue: Any) -> VenueRef | None:
    if venue is None or venue == "":
        return None
    if isinstance(venue, str):
        return VenueRef(name=venue.strip(), kind="unknown")
    if isinstance(venue, dict) and isinstance(venue.get("name"), str):
        return VenueRef(
            name=venue["name"].strip(), kind=str(venue.get("kind") or "unknown"), issn=normalize_issn(venue.get("issn"))
        )
    raise LoadError(path, line, "field 'venue' must be a name or an object with a 'name'")
