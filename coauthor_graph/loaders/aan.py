"""The ACL Anthology Network release format (`*-meta.txt`), as AAN and its derived corpora ship it.

    id = {P04-1001}
    author = {Lovelace, Ada; Babbage, Charles}
    title = {On engines}
    venue = {ACL}
    year = {2004}

Blocks of `field = {value}` lines, separated by blank lines. Authors are `;`-separated,
either `Last, First` or `First Last`. The releases are legacy text: mostly UTF-8, with
stray single bytes from 8-bit encodings, and HTML entities (`&ccedil;`) inside names.
Entities are decoded before splitting on `;` (an entity's own `;` is not a separator);
a byte that is not UTF-8 is read as Windows-1252, the 8-bit encoding such files were
written in. Lines end at `\\n` only: 0x85 is a byte of text here, not a line break.
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Iterator
from pathlib import Path

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.domain.records import AuthorRef, PaperRecord, VenueRef
from coauthor_graph.identity.topics import extract_topics
from coauthor_graph.loaders.skipping import Skipped, not_coauthorship
from coauthor_graph.loaders.source import read_bytes

FORMAT = "aan"
_FIELD = re.compile(r"^(\w+)\s*=\s*\{(.*)\}\s*$")
_START = re.compile(r"^\s*id\s*=\s*\{")
_KNOWN = {"id", "author", "title", "venue", "year"}


def _windows_1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    stray = error.object[error.start : error.end]
    return stray.decode("cp1252", errors="replace"), error.end


codecs.register_error("coauthor_graph.cp1252", _windows_1252_fallback)


def looks_like_aan(head: str) -> bool:
    first = next((line for line in head.split("\n") if line.strip()), "")
    return bool(_START.match(first))


def load(path: Path) -> Iterator[PaperRecord | Skipped]:
    text = read_bytes(path).decode("utf-8", errors="coauthor_graph.cp1252").removeprefix("\ufeff")
    block: dict[str, str] = {}
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            if block:
                yield _record(str(path), start, block)
                block = {}
            continue
        match = _FIELD.match(line)
        if match is None:
            raise LoadError(str(path), number, "expected a line `field = {value}`")
        name, value = match.groups()
        if name == "id" and block:  # a block without the blank line before the next one
            yield _record(str(path), start, block)
            block = {}
        if not block:
            start = number
            if name != "id":
                raise LoadError(str(path), number, f"a record must start with `id = {{...}}`, not `{name}`")
        if name in _KNOWN:
            block[name] = value
    if block:
        yield _record(str(path), start, block)


_DOUBLED_ENTITY_END = re.compile(r"(&#?\w+;);")
"""AAN writes an entity inside a name with its `;` doubled (`Daum&eacute;; III, Hal`): one more `;`, no separator."""


def authors_of(field: str) -> list[str]:
    """Names from an `author` field: entities decoded first, then split on `;`.

    >>> authors_of("Daum&eacute;; III, Hal; &Oacute;; S&eacute;aghdha, Diarmuid")
    ['Daumé III, Hal', 'Ó Séaghdha, Diarmuid']
    """
    decoded = html.unescape(_DOUBLED_ENTITY_END.sub(r"\1", field))
    return [" ".join(name.split()) for name in decoded.split(";") if name.strip()]


def _record(path: str, line: int, block: dict[str, str]) -> PaperRecord | Skipped:
    title = " ".join(html.unescape(block.get("title", "")).split()).rstrip(".")
    names = authors_of(block.get("author", ""))
    if not title:
        return not_coauthorship(path, line, f"record {block['id']!r} has no title")
    if not names:
        return not_coauthorship(path, line, f"record {block['id']!r} has no authors")
    year_text = block.get("year", "").strip()
    if year_text and not (year_text.isdigit() and len(year_text) == 4):
        return Skipped(path, line, f"record {block['id']!r} has a year that is not four digits: {year_text!r}")
    venue = " ".join(html.unescape(block.get("venue", "")).split())
    return PaperRecord(
        title=title,
        authors=tuple(AuthorRef(name=name, position=i) for i, name in enumerate(names, start=1)),
        source=FORMAT,
        year=int(year_text) if year_text else None,
        venue=VenueRef(name=venue, kind="unknown") if venue else None,
        topics=extract_topics(title),
        line=line,
        record_id=block["id"].strip() or None,
    )
