"""A researcher's profile page, copied as text (the format of the project's seed page).

Layout: the owner's name; their field code (`IR`); metrics glued to their labels
(`h-index71`, `22papers`, `Novelty50%`, `AI Score56`); a heading `22 Papers`; then one
entry per paper:

    94.5CLMay 11                      optional score, arXiv subject code, date (year optional)
    Title
    First Author, Second Author et al. · tag
    Abstract, verbatim (LaTeX included)

Blank lines separate the parts. The page's own ranking score is not a fact about the
paper and is not kept. The owner is an author of every paper on their page; where the
shown list does not name them (it is often cut by `et al.`), they are added with an
unknown position and the paper's author list is marked incomplete: nobody is invented.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.domain.records import AuthorProfileRecord, AuthorRef, Metric, PaperRecord, Record, VenueRef
from coauthor_graph.identity.arxiv_taxonomy import category_topic
from coauthor_graph.identity.keys import normalize_name
from coauthor_graph.identity.topics import extract_topics
from coauthor_graph.loaders.source import read_text

FORMAT = "profile-page"
ARXIV_VENUE = VenueRef(name="arXiv", kind="preprint server")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ENTRY_HEADER = re.compile(
    r"^(?P<score>\d+(?:\.\d+)?)?(?P<code>[A-Za-z][A-Za-z.\-]*?)"
    rf"(?P<month>{'|'.join(_MONTHS)})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?$"
)
PAPERS_HEADING = re.compile(r"^(?P<count>\d+)\s+Papers?$")
_METRIC_LABEL_FIRST = re.compile(r"^(?P<label>[A-Za-z][A-Za-z \-]*?)\s*(?P<value>\d+(?:\.\d+)?)(?P<percent>%)?$")
_METRIC_VALUE_FIRST = re.compile(r"^(?P<value>\d+(?:\.\d+)?)(?P<label>[A-Za-z][A-Za-z \-]*)$")
_FIELD_CODE = re.compile(r"^[A-Za-z]{2,}(?:\.[A-Za-z]{2,})?$")
_ET_AL = re.compile(r"\s*,?\s*et\s+al\.?$")


@dataclass(slots=True)
class _Entry:
    line: int
    header: re.Match[str]
    title: str | None = None
    authors: str | None = None
    abstract: list[str] = field(default_factory=list)


def looks_like_profile_page(text: str) -> bool:
    """Detection: a `N Papers` heading followed by an entry header line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for index, line in enumerate(lines[:-1]):
        if PAPERS_HEADING.match(line) and ENTRY_HEADER.match(lines[index + 1]):
            return True
    return False


def load(path: Path, *, as_of: dt.date) -> list[Record]:
    """Parse the whole page; any inconsistency fails before a single record is returned."""
    lines = read_text(path).replace("\r\n", "\n").split("\n")
    name = str(path)
    owner, field_code, metrics, expected, body_start = _parse_header(name, lines)
    entries, first_anomaly = _split_entries(name, lines, body_start)
    if len(entries) != expected:
        raise LoadError(
            name,
            _mismatch_line(entries, expected, first_anomaly, body_start),
            (
                f"the header announces {expected} papers but {len(entries)} entries were parsed; "
                "parsing went wrong at this line"
            ),
        )
    owner_ref = AuthorRef(name=owner)
    records: list[Record] = [
        AuthorProfileRecord(
            author=owner_ref,
            metrics=metrics,
            captured_on=as_of,
            source=FORMAT,
            field=category_topic(field_code) if field_code else None,
        )
    ]
    records.extend(_paper(name, entry, owner, as_of) for entry in entries)
    return records


def _parse_header(path: str, lines: list[str]) -> tuple[str, str | None, dict[str, Metric], int, int]:
    owner: str | None = None
    field_code: str | None = None
    metrics: dict[str, Metric] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if owner is None:
            owner = line
            continue
        heading = PAPERS_HEADING.match(line)
        if heading:
            return owner, field_code, metrics, int(heading.group("count")), number
        metric = _METRIC_LABEL_FIRST.match(line) or _METRIC_VALUE_FIRST.match(line)
        if metric:
            key = "_".join(metric.group("label").lower().replace("-", " ").split())
            if metric.groupdict().get("percent"):
                key += "_percent"
            value = metric.group("value")
            metrics[key] = float(value) if "." in value else int(value)
        elif field_code is None and _FIELD_CODE.match(line):
            field_code = line
        else:
            raise LoadError(path, number, f"unexpected line in the page header: {line[:80]!r}")
    raise LoadError(path, None, "no 'N Papers' heading: this is not a complete profile page")


def _split_entries(path: str, lines: list[str], body_start: int) -> tuple[list[_Entry], int | None]:
    entries: list[_Entry] = []
    first_anomaly: int | None = None
    for number in range(body_start + 1, len(lines) + 1):
        raw = lines[number - 1]
        if not raw.strip():
            continue
        header = ENTRY_HEADER.match(raw.strip())
        current = entries[-1] if entries else None
        if header and (current is None or current.authors is not None):
            entries.append(_Entry(line=number, header=header))
        elif current is None:
            raise LoadError(path, number, f"expected an entry header like '94.5CLMay 11', got {raw.strip()[:80]!r}")
        elif current.title is None:
            current.title = raw.strip()
        elif current.authors is None:
            current.authors = raw.strip()
        else:
            if current.abstract and first_anomaly is None:
                first_anomaly = number  # a second paragraph where the next entry header belongs
            current.abstract.append(raw.rstrip("\r"))
    for entry in entries:
        if entry.authors is None:
            missing = "title" if entry.title is None else "author line"
            raise LoadError(path, entry.line, f"the entry starting here is truncated: it has no {missing}")
    return entries, first_anomaly


def _mismatch_line(entries: list[_Entry], expected: int, first_anomaly: int | None, body_start: int) -> int:
    if first_anomaly is not None:
        return first_anomaly
    if len(entries) > expected:
        return entries[expected].line
    return entries[-1].line if entries else body_start


def _entry_date(path: str, entry: _Entry, as_of: dt.date) -> dt.date:
    header = entry.header
    month = _MONTHS.index(header.group("month")) + 1
    day = int(header.group("day"))
    explicit_year = header.group("year")
    year = int(explicit_year) if explicit_year else as_of.year
    try:
        date = dt.date(year, month, day)
        if not explicit_year and date > as_of:
            date = dt.date(year - 1, month, day)  # a yearless date is never after the capture day
    except ValueError:
        raise LoadError(path, entry.line, f"no such date: {header.group(0)!r}") from None
    return date


def _paper(path: str, entry: _Entry, owner: str, as_of: dt.date) -> PaperRecord:
    author_line = entry.authors or ""
    author_line, _, tag = author_line.partition(" · ")
    truncated = bool(_ET_AL.search(author_line))
    names = [part.strip() for part in _ET_AL.sub("", author_line).split(",") if part.strip()]
    if not names:
        raise LoadError(path, entry.line, "the entry has an empty author line")
    authors = [AuthorRef(name=author, position=index) for index, author in enumerate(names, start=1)]
    owner_named = normalize_name(owner) in {normalize_name(author) for author in names}
    if not owner_named:
        authors.append(AuthorRef(name=owner, position=None))
    date = _entry_date(path, entry, as_of)
    abstract = "\n\n".join(entry.abstract) or None
    title = entry.title or ""
    return PaperRecord(
        title=title,
        authors=tuple(authors),
        source=FORMAT,
        authors_complete=owner_named and not truncated,
        year=date.year,
        date=date,
        abstract=abstract,
        venue=ARXIV_VENUE,
        topics=(category_topic(entry.header.group("code")), *extract_topics(title, abstract)),
        tags=(tag.strip(),) if tag.strip() else (),
        line=entry.line,
    )
