"""arXiv: the API's Atom feed and the metadata snapshot's JSON Lines.

Papers are identified by their arXiv id without version; categories (primary first, then
cross-lists) become arXiv-scheme topics; the venue is arXiv. The Atom feed is parsed with
defusedxml: a feed that declares a DTD or entities is refused, so nothing is ever expanded
or fetched.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from coauthor_graph.domain.errors import LoadError, NotCoauthorship
from coauthor_graph.domain.records import AuthorRef, PaperRecord, TopicRef
from coauthor_graph.identity.arxiv_taxonomy import category_topic
from coauthor_graph.identity.keys import normalize_arxiv_id, normalize_doi
from coauthor_graph.identity.topics import extract_topics
from coauthor_graph.loaders.latex import decode
from coauthor_graph.loaders.profile_page import ARXIV_VENUE
from coauthor_graph.loaders.skipping import Skipped, skipped_from
from coauthor_graph.loaders.source import first_json_object, json_line_records, read_bytes

ATOM_FORMAT = "arxiv-atom"
SNAPSHOT_FORMAT = "arxiv-jsonl"
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"


def looks_like_atom(head: str) -> bool:
    return "<feed" in head and "http://www.w3.org/2005/Atom" in head and "arxiv" in head.lower()


def looks_like_snapshot(head: str) -> bool:
    row = first_json_object(head)
    return row is not None and "id" in row and ("authors_parsed" in row or "categories" in row)


# --- Atom ------------------------------------------------------------------------------------------


class _LineRecorder(TreeBuilder):
    """Keeps the line each element starts on, so errors can name it."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def load_atom(path: Path) -> Iterator[PaperRecord | Skipped]:
    recorder = _LineRecorder()
    parser = DefusedXMLParser(target=recorder, forbid_dtd=True)
    recorder.parser = parser
    try:
        parser.feed(read_bytes(path))
        root = parser.close()
    except ParseError as error:
        raise LoadError(str(path), error.position[0], f"not well-formed XML: {error}") from None
    except DefusedXmlException as error:
        raise LoadError(
            str(path), None, f"refused: the feed declares a DTD or entities ({type(error).__name__})"
        ) from None
    for entry in root.iter(f"{_ATOM}entry"):
        try:
            yield _atom_record(str(path), recorder.lines.get(id(entry)), entry)
        except LoadError as error:
            yield skipped_from(error)


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def _atom_record(path: str, line: int | None, entry: Element) -> PaperRecord:
    arxiv_id = normalize_arxiv_id(_text(entry, f"{_ATOM}id"))
    title = _text(entry, f"{_ATOM}title")
    names = [_text(author, f"{_ATOM}name") for author in entry.findall(f"{_ATOM}author")]
    names = [name for name in names if name]
    if not title or not names:
        raise NotCoauthorship(path, line, f"arXiv entry {arxiv_id or '?'} has no {'title' if not title else 'authors'}")
    published = _text(entry, f"{_ATOM}published")
    date = dt.date.fromisoformat(published[:10]) if published else None
    abstract = _text(entry, f"{_ATOM}summary") or None
    primary = entry.find(f"{_ARXIV}primary_category")
    codes = [primary.get("term")] if primary is not None else []
    codes += [category.get("term") for category in entry.findall(f"{_ATOM}category")]
    alternate = next(
        (link.get("href") for link in entry.findall(f"{_ATOM}link") if link.get("rel") == "alternate"), None
    )
    return PaperRecord(
        title=title,
        authors=tuple(AuthorRef(name=name, position=index) for index, name in enumerate(names, start=1)),
        source=ATOM_FORMAT,
        year=date.year if date else None,
        date=date,
        doi=normalize_doi(_text(entry, f"{_ARXIV}doi")),
        arxiv_id=arxiv_id,
        abstract=abstract,
        url=alternate,
        venue=ARXIV_VENUE,
        topics=_topics(codes, title, abstract),
        line=line,
    )


def _topics(codes: Sequence[str | None], title: str, abstract: str | None) -> tuple[TopicRef, ...]:
    categories = [category_topic(code) for code in dict.fromkeys(code for code in codes if code)]
    return tuple(dict.fromkeys((*categories, *extract_topics(title, abstract))))


# --- metadata snapshot (JSON Lines) -------------------------------------------------------------------


def load_snapshot(path: Path) -> Iterator[PaperRecord | Skipped]:
    return json_line_records(path, _snapshot_record)


def _snapshot_record(path: str, line: int, row: Any) -> PaperRecord:
    if not isinstance(row, dict):
        raise LoadError(path, line, "each line must be a JSON object")
    arxiv_id = normalize_arxiv_id(str(row.get("id", "")))
    title = decode(str(row.get("title") or ""))
    names = _snapshot_authors(row)
    if not title or not names or arxiv_id is None:
        missing = "id" if arxiv_id is None else "title" if not title else "authors"
        raise NotCoauthorship(path, line, f"arXiv record has no {missing}")
    date = _first_version_date(row)
    abstract = " ".join(str(row["abstract"]).split()) if row.get("abstract") else None
    return PaperRecord(
        title=title,
        authors=tuple(AuthorRef(name=name, position=index) for index, name in enumerate(names, start=1)),
        source=SNAPSHOT_FORMAT,
        year=date.year if date else None,
        date=date,
        doi=normalize_doi(row.get("doi")),
        arxiv_id=arxiv_id,
        abstract=abstract,
        url=f"https://arxiv.org/abs/{arxiv_id}",
        venue=ARXIV_VENUE,
        topics=_topics(str(row.get("categories") or "").split(), title, abstract),
        line=line,
    )


def _snapshot_authors(row: dict[str, Any]) -> list[str]:
    """`authors_parsed` ([last, first, suffix]) when present, else the `authors` string split on commas and 'and'."""
    parsed = row.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = [" ".join(part for part in (p[1], p[0], *p[2:]) if part) for p in parsed if isinstance(p, list) and p]
    else:
        raw = str(row.get("authors") or "").replace(" and ", ", ")
        names = [part for part in raw.split(",") if part.strip()]
    return [decoded for name in names if (decoded := decode(name))]


def _first_version_date(row: dict[str, Any]) -> dt.date | None:
    versions = row.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict) and versions[0].get("created"):
        try:
            return email.utils.parsedate_to_datetime(versions[0]["created"]).date()
        except (TypeError, ValueError):
            pass
    if row.get("update_date"):
        try:
            return dt.date.fromisoformat(str(row["update_date"]))
        except ValueError:
            return None
    return None
