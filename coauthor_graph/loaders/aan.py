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
from html.entities import html5
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


def _windows_1252_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
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


_NAMED_AS_NUMERIC = re.compile(r"&#([A-Za-z][A-Za-z0-9]*);")
"""AAN also writes some named entities with a `#` (`Zidra&#scaron;co`): read as the named entity it is."""
_LEFT_ENTITY = re.compile(r"(&#?\w+);")
_KEPT_SEMICOLON = "\x00"


def _unescaped(text: str) -> str:
    """HTML entities decoded, the named ones AAN writes as numeric (`&#scaron;`) included."""
    named = _NAMED_AS_NUMERIC.sub(lambda m: f"&{m[1]};" if f"{m[1]};" in html5 else m[0], text)
    return html.unescape(named)


def authors_of(field: str) -> list[str]:
    """Names from an `author` field: entities decoded first, then split on `;`; an entity nothing
    decodes keeps its `;`, so a name is never split inside one.

    >>> authors_of("Daum&eacute;; III, Hal; &Oacute;; S&eacute;aghdha, Diarmuid")
    ['Daumé III, Hal', 'Ó Séaghdha, Diarmuid']
    >>> authors_of("Zidra&#scaron;co, Tatiana; Ab&#zzz;cd, Ed")
    ['Zidrašco, Tatiana', 'Ab&#zzz;cd, Ed']
    """
    decoded = _LEFT_ENTITY.sub(rf"\1{_KEPT_SEMICOLON}", _unescaped(_DOUBLED_ENTITY_END.sub(r"\1", field)))
    names = (name.replace(_KEPT_SEMICOLON, ";") for name in decoded.split(";"))
    return [" ".join(name.split()) for name in names if name.strip()]


def _record(path: str, line: int, block: dict[str, str]) -> PaperRecord | Skipped:
    title = " ".join(_unescaped(block.get("title", "")).split()).rstrip(".")
    names = authors_of(block.get("author", ""))
    if not title:
        return not_coauthorship(path, line, f"record {block['id']!r} has no title")
    if not names:
        return not_coauthorship(path, line, f"record {block['id']!r} has no authors")
    year_text = block.get("year", "").strip()
    if year_text and not (year_text.isdigit() and len(year_text) == 4):
        return Skipped(path, line, f"record {block['id']!r} has a year that is not four digits: {year_text!r}")
    venue = " ".join(_unescaped(block.get("venue", "")).split())
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
