"""DBLP XML, streamed in constant memory: the multi-gigabyte dump loads record by record.

Every record type is read (`article`, `inproceedings`, `incollection`, `proceedings`, `book`,
`phdthesis`, `mastersthesis`); `www` records are person pages, not papers, and are passed
over. The dump's named character entities (`&uuml;`) are declared in `dblp.dtd`, which is
never fetched: the parser is handed a local DTD built from the HTML entity table instead. A
file that declares entities of its own is refused, so nothing can expand without bound.

DBLP names are person ids: `Wei Wang 0001` and `Wei Wang 0002` are different people, so the
full name (suffix included) becomes the author's `dblp` id and the display name drops the suffix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.entities import name2codepoint
from pathlib import Path
from typing import Any
from xml.parsers import expat

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.domain.records import AuthorRef, PaperRecord, VenueRef
from coauthor_graph.identity.keys import normalize_arxiv_id, normalize_doi
from coauthor_graph.identity.topics import extract_topics
from coauthor_graph.loaders.skipping import Skipped, not_coauthorship

FORMAT = "dblp"
CHUNK_BYTES = 1 << 20
RECORD_TYPES = {"article", "inproceedings", "incollection", "proceedings", "book", "phdthesis", "mastersthesis"}
_SKIPPED_TYPES = {"www", "data"}
_FIELDS = {"author", "editor", "title", "year", "journal", "booktitle", "school", "publisher", "ee", "url", "series"}
_HOMONYM = re.compile(r"\s+\d{4}$")
_VENUE = {
    "article": ("journal", "journal"),
    "inproceedings": ("booktitle", "conference"),
    "proceedings": ("booktitle", "conference"),
    "incollection": ("booktitle", "book"),
    "book": ("publisher", "book"),
    "phdthesis": ("school", "thesis"),
    "mastersthesis": ("school", "thesis"),
}
_LOCAL_DTD = "".join(f'<!ENTITY {name} "&#{code};">' for name, code in name2codepoint.items()).encode("ascii")


_DBLP_START = re.compile(r"\A\ufeff?\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE\s+dblp\b|<dblp[\s>])", re.DOTALL)
"""An XML declaration, comments, then the dblp DOCTYPE or root element: a file that only mentions
`<dblp>` (a README, say) is no DBLP file."""


def looks_like_dblp(head: str) -> bool:
    return _DBLP_START.match(head) is not None


class _Reader:
    """Expat callbacks that turn the element stream into finished records, one at a time."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE)
        self.parser.UseForeignDTD(True)
        self.parser.ExternalEntityRefHandler = self._local_dtd
        self.parser.EntityDeclHandler = self._refuse_entity
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.finished: list[PaperRecord | Skipped] = []
        self._record: dict[str, Any] | None = None
        self._field: str | None = None
        self._depth = 0
        self._reading_local_dtd = False

    def _local_dtd(self, context: str | None, _base: str | None, _system_id: str | None, _public_id: str | None) -> int:
        """Every external DTD reference gets the local entity table; nothing is ever fetched."""
        sub = self.parser.ExternalEntityParserCreate(context)
        self._reading_local_dtd = True
        try:
            sub.Parse(_LOCAL_DTD, True)
        finally:
            self._reading_local_dtd = False
        return 1

    def _refuse_entity(self, name: str, *_: Any) -> None:
        if not self._reading_local_dtd:
            raise LoadError(self.path, self.parser.CurrentLineNumber, f"refused: the file declares the entity {name!r}")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self._depth += 1
        if self._depth == 2 and name in RECORD_TYPES:
            self._record = {"type": name, "key": attributes.get("key"), "line": self.parser.CurrentLineNumber}
        elif self._record is not None and self._depth == 3 and name in _FIELDS:
            self._field = name
            self._record.setdefault(name, []).append("")

    def _text(self, data: str) -> None:
        if self._field is not None and self._record is not None:
            self._record[self._field][-1] += data

    def _end(self, name: str) -> None:
        if self._depth == 3:
            self._field = None
        elif self._depth == 2 and self._record is not None:
            self.finished.append(_paper(self.path, self._record))
            self._record = None
        self._depth -= 1


def load(path: Path) -> Iterator[PaperRecord | Skipped]:
    reader = _Reader(str(path))
    try:
        handle = path.open("rb")
    except OSError as error:
        raise LoadError(str(path), None, f"cannot be read: {error.strerror or error}") from None
    with handle:
        while True:
            chunk = handle.read(CHUNK_BYTES)
            try:
                reader.parser.Parse(chunk, not chunk)
            except expat.ExpatError as error:
                raise LoadError(
                    str(path), error.lineno, f"not well-formed XML: {expat.errors.messages[error.code]}"
                ) from None
            yield from reader.finished
            reader.finished.clear()
            if not chunk:
                return


def _paper(path: str, record: dict[str, Any]) -> PaperRecord | Skipped:
    line, key = record["line"], record.get("key")
    title = " ".join("".join(record.get("title", [""])).split()).removesuffix(".")
    people = record.get("author") or (record.get("editor") if record["type"] == "proceedings" else None) or []
    if not title or not people:
        return not_coauthorship(path, line, f"DBLP record {key} has no {'title' if not title else 'authors'}")
    authors = tuple(
        AuthorRef(name=_HOMONYM.sub("", person.strip()), position=index, source_ids=(("dblp", person.strip()),))
        for index, person in enumerate(people, start=1)
    )
    links = record.get("ee", [])
    year = next((int(y) for y in record.get("year", []) if y.strip().isdigit()), None)
    field, kind = _VENUE.get(record["type"], ("booktitle", "unknown"))
    venue_name = " ".join(record.get(field, [""])[0].split()) if record.get(field) else ""
    page = record.get("url", [""])[0].strip()
    return PaperRecord(
        title=title,
        authors=authors,
        source=FORMAT,
        year=year,
        doi=next((doi for link in links if (doi := normalize_doi(link))), None),
        arxiv_id=next((normalize_arxiv_id(link) for link in links if "arxiv.org" in link), None),
        url=links[0].strip() if links else (f"https://dblp.org/{page}" if page else None),
        venue=VenueRef(name=venue_name, kind=kind) if venue_name else None,
        topics=extract_topics(title),
        line=line,
        record_id=key,
    )
