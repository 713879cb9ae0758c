"""BibTeX, as real exports write it: prose or front matter before the first entry, `@string`
macros, `#` concatenation, braces inside titles, long multi-line fields, duplicate fields.

LaTeX in values is decoded to Unicode (`K\\"{o}glmeier` -> Köglmeier, `Bu\\u{g}rahan` ->
Buğrahan, `\\&` -> &) by pylatexenc. Authors are split on `and` outside braces; `others`
marks a truncated list. The DOI comes from `doi`, else from a DOI written inside `url`,
`note` or `howpublished`; `journal` / `booktitle` is the venue; `keywords` are topics.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from coauthor_graph.domain.errors import LoadError, NotCoauthorship
from coauthor_graph.domain.records import AuthorRef, PaperRecord, VenueRef
from coauthor_graph.identity import swapped_initials
from coauthor_graph.identity.keys import normalize_arxiv_id, normalize_doi, normalize_issn
from coauthor_graph.identity.topics import canonical_topic, extract_topics
from coauthor_graph.loaders.latex import decode
from coauthor_graph.loaders.skipping import Skipped, skipped_from
from coauthor_graph.loaders.source import read_text

FORMAT = "bibtex"
_ENTRY_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_IDENTIFIER = re.compile(r"[A-Za-z0-9_:\-.+/'!?*&$]+")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s\"<>{}]+")
_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
_MONTHS = {m: m for m in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")}
_VENUE_KIND = {
    "article": "journal",
    "inproceedings": "conference",
    "conference": "conference",
    "proceedings": "conference",
}
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "series", "school", "institution", "publisher")


@dataclass(frozen=True, slots=True)
class BibEntry:
    kind: str
    key: str
    fields: dict[str, str]
    line: int


def looks_like_bibtex(head: str) -> bool:
    return _ENTRY_START.search(head) is not None


def load(path: Path) -> Iterator[PaperRecord | Skipped]:
    """The file's entries in order; a list is one group's or one person's, so initials it prints
    swapped are read the right way round (`identity.swapped_initials`)."""
    items = list(load_as_printed(path))
    fixed = iter(swapped_initials.repaired([item for item in items if isinstance(item, PaperRecord)]))
    yield from (next(fixed) if isinstance(item, PaperRecord) else item for item in items)


def load_as_printed(path: Path) -> Iterator[PaperRecord | Skipped]:
    """The file's entries in order, every name as the file prints it."""
    for entry in parse(read_text(path), str(path)):
        try:
            yield _record(str(path), entry)
        except LoadError as error:  # an entry without a title or authors: skippable on its own
            yield skipped_from(error)


def parse(text: str, path: str) -> Iterator[BibEntry]:
    """Entries in file order; `@comment` and `@preamble` skipped, `@string` macros expanded."""
    yield from _Parser(text, path).entries()


MAX_FIELD_CHARS = 1_000_000
"""Longest value a field or an @string may hold once expanded: far past any real abstract."""
MACRO_BUDGET_FACTOR = 8
"""Macro references may add at most this many times the file's size (and 4 MB more): a journal name
used in every entry costs a little of it; strings that each repeat the previous one ten times (a
500-byte file expanding to gigabytes) run out of it at once."""


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.pos = 0
        self.macros: dict[str, str] = dict(_MONTHS)
        self._macro_budget = MACRO_BUDGET_FACTOR * len(text) + 4_000_000
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_at(self, pos: int) -> int:
        return bisect.bisect_right(self._line_starts, pos)

    def fail(self, pos: int, reason: str) -> LoadError:
        return LoadError(self.path, self.line_at(pos), reason)

    def entries(self) -> Iterator[BibEntry]:
        while (match := _ENTRY_START.search(self.text, self.pos)) is not None:
            start = self.text.index("@", match.start())
            self.pos = match.end()
            kind = re.sub(r"\s", "", self.text[start + 1 : match.end() - 1]).lower()
            closer = "}" if self.text[match.end() - 1] == "{" else ")"
            if kind in ("comment", "preamble"):
                self._skip_balanced(start, closer)
            elif kind == "string":
                name, value = self._field(start)
                self.macros[name] = value
                self._expect(closer, start)
            else:
                yield self._entry(kind, start, closer)

    def _entry(self, kind: str, start: int, closer: str) -> BibEntry:
        key_end = self._find_any(",", closer, start)
        key = self.text[self.pos : key_end].strip()
        self.pos = key_end
        fields: dict[str, str] = {}
        while True:
            self._skip_space(start)
            char = self.text[self.pos]
            if char == closer:
                self.pos += 1
                return BibEntry(kind, key, fields, self.line_at(start))
            if char != ",":
                raise self.fail(self.pos, f"entry {key!r}: expected ',' or {closer!r}, found {char!r}")
            self.pos += 1
            self._skip_space(start)
            if self.text[self.pos] == closer:
                continue
            name, value = self._field(start)
            fields.setdefault(name, value)  # a duplicated field keeps its first value

    def _field(self, start: int) -> tuple[str, str]:
        name = self._identifier(start).lower()
        self._skip_space(start)
        self._expect("=", start)
        parts = [self._value(start)]
        size = len(parts[0])
        self._skip_space(start)
        while self.text.startswith("#", self.pos):
            self.pos += 1
            parts.append(self._value(start))
            size += len(parts[-1])
            if size > MAX_FIELD_CHARS:
                raise self.fail(self.pos, f"{name!r} expands past {MAX_FIELD_CHARS:,} characters")
            self._skip_space(start)
        return name, "".join(parts)

    def _value(self, start: int) -> str:
        self._skip_space(start)
        char = self.text[self.pos]
        if char == "{":
            end = self._balanced_end(self.pos, start)
            value, self.pos = self.text[self.pos + 1 : end], end + 1
            return value
        if char == '"':
            return self._quoted(start)
        word = self._identifier(start)
        if word.isdigit():
            return word
        if word.lower() not in self.macros:
            raise self.fail(self.pos, f"unknown macro {word!r} (not defined by @string)")
        value = self.macros[word.lower()]
        self._macro_budget -= len(value)
        if self._macro_budget < 0:
            raise self.fail(self.pos, f"@string macros expand past {MACRO_BUDGET_FACTOR} times the file's size")
        return value

    def _quoted(self, start: int) -> str:
        depth, pos = 0, self.pos + 1
        while pos < len(self.text):
            char = self.text[pos]
            if char == "\\":
                pos += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == '"' and depth == 0:
                value, self.pos = self.text[self.pos + 1 : pos], pos + 1
                return value
            pos += 1
        raise self._truncated(start)

    def _identifier(self, start: int) -> str:
        self._skip_space(start)
        match = _IDENTIFIER.match(self.text, self.pos)
        if match is None:
            found = self.text[self.pos : self.pos + 20]
            raise self.fail(self.pos, f"expected a field name or value, found {found!r}")
        self.pos = match.end()
        return match.group(0)

    def _balanced_end(self, pos: int, start: int) -> int:
        depth = 0
        while pos < len(self.text):
            char = self.text[pos]
            if char == "\\":
                pos += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    return pos
            pos += 1
        raise self._truncated(start)

    def _skip_balanced(self, start: int, closer: str) -> None:
        opener = self.pos - 1  # the '{' or '(' the entry start ended with
        self.pos = (self._balanced_end(opener, start) if closer == "}" else self._find_any(")", ")", start)) + 1

    def _find_any(self, first: str, second: str, start: int) -> int:
        for pos in range(self.pos, len(self.text)):
            if self.text[pos] in (first, second):
                return pos
        raise self._truncated(start)

    def _skip_space(self, start: int) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1
        if self.pos >= len(self.text):
            raise self._truncated(start)

    def _expect(self, char: str, start: int) -> None:
        self._skip_space(start)
        if self.text[self.pos] != char:
            raise self.fail(self.pos, f"expected {char!r}, found {self.text[self.pos]!r}")
        self.pos += 1

    def _truncated(self, start: int) -> LoadError:
        return self.fail(start, "the entry starting here is truncated: its braces never close")


def _record(path: str, entry: BibEntry) -> PaperRecord:
    fields = entry.fields
    title = decode(fields.get("title", ""))
    if not title:
        raise NotCoauthorship(path, entry.line, f"entry {entry.key!r} has no title")
    authors, complete = _authors(fields.get("author", ""))
    if not authors:
        editors = " (an edited volume: only editors)" if fields.get("editor") else ""
        raise NotCoauthorship(path, entry.line, f"entry {entry.key!r} has no authors{editors}")
    year_match = _YEAR.search(fields.get("year", "") or fields.get("date", ""))
    abstract = decode(fields["abstract"]) if fields.get("abstract") else None
    keywords = [canonical_topic(label) for label in _keywords(fields.get("keywords", ""))]
    return PaperRecord(
        title=title,
        authors=tuple(AuthorRef(name=name, position=index) for index, name in enumerate(authors, start=1)),
        source=FORMAT,
        authors_complete=complete,
        year=int(year_match.group(1)) if year_match else None,
        doi=_doi(fields),
        arxiv_id=_arxiv_id(fields),
        abstract=abstract,
        url=_url(fields),
        venue=_venue(entry),
        topics=tuple(dict.fromkeys((*keywords, *extract_topics(title, abstract)))),
        line=entry.line,
    )


def _authors(raw: str) -> tuple[list[str], bool]:
    names, complete = [], True
    for part in _split_outside_braces(raw):
        if part.strip().lower() == "others":
            complete = False
        elif decoded := decode(part):
            names.extend(_citation_list(decoded))
    return names, complete


_FAMILY_INITIALS = re.compile(r"^[^\W\d_][\w'-]+(?: [^\W\d_][\w'-]+)* (?:[A-Z]\.?-?)+$")
"""'Wall W.A.', 'Gravemeier V.': one name in the 'Family Initials' order of citation indexes."""


def _citation_list(name: str) -> list[str]:
    """A field that lists names with commas instead of 'and' ('Rasthofer U., Wall W.A., Gravemeier V.')
    is several people, each in 'Family Initials' order; any other name is one person."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) >= 2 and all(_FAMILY_INITIALS.match(p) for p in parts):
        return parts
    return [name]


def _split_outside_braces(raw: str) -> list[str]:
    parts, depth, last = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", raw, re.IGNORECASE):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            parts.append(raw[last : match.start()])
            last = match.end()
    parts.append(raw[last:])
    return [part for part in parts if part.strip()]


def _keywords(raw: str) -> list[str]:
    """Keyword lists separated by commas, semicolons or lines; MeSH-style `*Heading/qualifier` keep the heading."""
    labels = []
    for item in re.split(r"[,;\n]", _decode_lines(raw)):
        label = item.strip().lstrip("*").split("/", 1)[0].strip()
        if label:
            labels.append(label)
    return labels


def _decode_lines(raw: str) -> str:
    return "\n".join(decode(line) for line in raw.splitlines())


def _doi(fields: dict[str, str]) -> str | None:
    for name in ("doi", "url", "note", "howpublished"):
        doi = normalize_doi(fields.get(name))
        if doi:
            return doi
    return None


def _arxiv_id(fields: dict[str, str]) -> str | None:
    if fields.get("archiveprefix", "").lower() == "arxiv" and fields.get("eprint"):
        return normalize_arxiv_id(fields["eprint"])
    journal = fields.get("journal", "")
    return normalize_arxiv_id(journal) if "arxiv" in journal.lower() else None


def _url(fields: dict[str, str]) -> str | None:
    match = _URL.search(fields.get("url", ""))
    return match.group(0) if match else None


def _venue(entry: BibEntry) -> VenueRef | None:
    for name in _VENUE_FIELDS:
        if entry.fields.get(name):
            kind = _VENUE_KIND.get(entry.kind, "book" if name in ("booktitle", "series", "publisher") else entry.kind)
            issn = normalize_issn(entry.fields.get("issn")) if kind == "journal" else None
            return VenueRef(name=decode(entry.fields[name]), kind=kind, issn=issn)
    return None
