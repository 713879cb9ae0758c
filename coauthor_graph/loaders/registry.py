"""The formats a `load` understands, and how a file's format is told from its content.

Detectors run in this order; the first that accepts a file's head decides (so the arXiv
snapshot, whose lines also have a title and authors, is tried before generic JSON Lines).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.domain.records import PaperRecord, Record
from coauthor_graph.identity.topic_classifier import with_taxonomy_topics
from coauthor_graph.loaders import aan, arxiv, bibtex, csv_rows, dblp, jsonl, openalex, profile_page
from coauthor_graph.loaders.skipping import Skipped
from coauthor_graph.loaders.source import read_bytes
from coauthor_graph.loaders.venues import canonical_venue

DETECTION_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class LoadOptions:
    as_of: dt.date
    """The day a profile page was captured; dates without a year are read relative to it."""


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    description: str
    detect: Callable[[str], bool]
    load: Callable[[Path, LoadOptions], Iterable[Record | Skipped]]


FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format(
            profile_page.FORMAT,
            "a researcher's profile page saved as text",
            profile_page.looks_like_profile_page,
            lambda path, options: profile_page.load(path, as_of=options.as_of),
        ),
        Format(
            openalex.FORMAT,
            "OpenAlex works or authors: one, a list, or JSON Lines",
            openalex.looks_like_openalex,
            lambda path, options: openalex.load(path, options.as_of),
        ),
        Format(
            arxiv.SNAPSHOT_FORMAT,
            "arXiv metadata snapshot, JSON Lines",
            arxiv.looks_like_snapshot,
            lambda path, _: arxiv.load_snapshot(path),
        ),
        Format(
            jsonl.FORMAT, "JSON Lines, one paper per line", jsonl.looks_like_jsonl, lambda path, _: jsonl.load(path)
        ),
        Format(bibtex.FORMAT, "BibTeX", bibtex.looks_like_bibtex, lambda path, _: bibtex.load(path)),
        Format(arxiv.ATOM_FORMAT, "arXiv API Atom feed", arxiv.looks_like_atom, lambda path, _: arxiv.load_atom(path)),
        Format(dblp.FORMAT, "DBLP XML (streamed)", dblp.looks_like_dblp, lambda path, _: dblp.load(path)),
        Format(csv_rows.FORMAT, "CSV, one paper per row", csv_rows.looks_like_csv, lambda path, _: csv_rows.load(path)),
        Format(
            aan.FORMAT,
            "ACL Anthology Network metadata (`id = {..}` blocks)",
            aan.looks_like_aan,
            lambda path, _: aan.load(path),
        ),
    )
}


def detect_format(path: Path) -> Format:
    """The format whose detector accepts the file's first bytes; content decides, not the name."""
    head = read_bytes_head(path)
    # Lenient here: a character cut at the end of the head, or a legacy format's 8-bit bytes,
    # must not stop detection. Each loader decodes the whole file by its format's own rules.
    text = head.decode("utf-8", errors="replace")
    for fmt in FORMATS.values():
        if fmt.detect(text):
            return fmt
    raise LoadError(str(path), None, f"unknown format; name one with --format ({', '.join(FORMATS)})")


def read_bytes_head(path: Path) -> bytes:
    if path.is_file():
        try:
            with path.open("rb") as handle:
                return handle.read(DETECTION_BYTES)
        except OSError as error:  # /proc/self/mem, a file on a failing disk
            raise LoadError(str(path), None, f"cannot be read: {error.strerror or error}") from None
    return read_bytes(path)  # raises the right LoadError for missing files and directories


def records_from(
    path: Path,
    options: LoadOptions,
    format_name: str | None = None,
    skipped: list[Skipped] | None = None,
    ignored: list[Skipped] | None = None,
) -> Iterator[Record]:
    """Records of one file, in the named format or the detected one.

    Venue names are brought to one name per venue (`loaders.venues`). An invalid record
    fails the load, unless a `skipped` list is given: then it is noted there and the load
    goes on with the valid ones. A record that is no co-authorship record (no authors, no
    title) is always left out, and noted in `ignored` when it is given. A paper its source gave no
    taxonomy topic gets one from its words (`identity.topic_classifier`), when they say enough.
    """
    if format_name is None:
        fmt = detect_format(path)
    elif format_name in FORMATS:
        fmt = FORMATS[format_name]
    else:
        raise LoadError(str(path), None, f"unknown format {format_name!r}; known: {', '.join(FORMATS)}")
    yield from with_taxonomy_topics(_valid(_not_empty(fmt, path, fmt.load(path, options)), skipped, ignored))


def _not_empty(fmt: Format, path: Path, items: Iterable[Record | Skipped]) -> Iterator[Record | Skipped]:
    """A file the format finds nothing in, not even a record it leaves out, is not that format's file
    (`load pyproject.toml --format bibtex` loaded nothing and said so as a success)."""
    found = False
    for item in items:
        found = True
        yield item
    if not found:
        raise LoadError(str(path), None, f"no {fmt.name} record in it: is it {fmt.description}?")


def _valid(
    items: Iterable[Record | Skipped], skipped: list[Skipped] | None, ignored: list[Skipped] | None
) -> Iterator[Record]:
    for item in items:
        if isinstance(item, PaperRecord) and item.venue is not None:
            yield replace(item, venue=canonical_venue(item.venue))
        elif not isinstance(item, Skipped):
            yield item
        elif not item.invalid:
            if ignored is not None:
                ignored.append(item)
        elif skipped is None:
            raise LoadError(item.path, item.line, item.reason)
        else:
            skipped.append(item)
