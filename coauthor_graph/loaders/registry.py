"""The formats a `load` understands, and how a file's format is told from its content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from coauthor_graph.graph.errors import LoadError
from coauthor_graph.graph.model import Record

from . import bibtex, jsonl, profile_page
from .source import decode_utf8, read_bytes

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
    load: Callable[[Path, LoadOptions], Iterable[Record]]


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
            jsonl.FORMAT, "JSON Lines, one paper per line", jsonl.looks_like_jsonl, lambda path, _: jsonl.load(path)
        ),
        Format(bibtex.FORMAT, "BibTeX", bibtex.looks_like_bibtex, lambda path, _: bibtex.load(path)),
    )
}


def detect_format(path: Path) -> Format:
    """The format whose detector accepts the file's first bytes; content decides, not the name."""
    head = read_bytes_head(path)
    # A multi-byte character may be cut at the end of the head: drop it rather than fail here.
    text = decode_utf8(path, head) if len(head) < DETECTION_BYTES else head.decode("utf-8", errors="ignore")
    for fmt in FORMATS.values():
        if fmt.detect(text):
            return fmt
    raise LoadError(str(path), None, f"unknown format; name one with --format ({', '.join(FORMATS)})")


def read_bytes_head(path: Path) -> bytes:
    if path.is_file():
        with path.open("rb") as handle:
            return handle.read(DETECTION_BYTES)
    return read_bytes(path)  # raises the right LoadError for missing files and directories


def records_from(path: Path, options: LoadOptions, format_name: str | None = None) -> Iterable[Record]:
    """Records of one file, in the named format or the detected one."""
    if format_name is None:
        fmt = detect_format(path)
    elif format_name in FORMATS:
        fmt = FORMATS[format_name]
    else:
        raise LoadError(str(path), None, f"unknown format {format_name!r}; known: {', '.join(FORMATS)}")
    return fmt.load(path, options)
