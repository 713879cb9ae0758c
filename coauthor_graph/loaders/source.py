"""Reading input files, with every failure turned into a LoadError that names the file."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.loaders.skipping import Skipped, skipped_from

T = TypeVar("T")


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise LoadError(str(path), None, "no such file") from None
    except IsADirectoryError:
        raise LoadError(str(path), None, "is a directory, not a file") from None
    except OSError as error:
        raise LoadError(str(path), None, f"cannot be read: {error.strerror or error}") from None


def decode_utf8(path: Path, data: bytes) -> str:
    """Strict UTF-8 (a BOM is allowed): a wrongly encoded file fails at the line of its first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise LoadError(
            str(path), line, f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None


def read_text(path: Path) -> str:
    return decode_utf8(path, read_bytes(path))


TOO_DEEP = "invalid JSON: nested too deeply"


def json_lines(path: Path) -> Iterator[tuple[int, Any] | Skipped]:
    """(line number, parsed value) per non-empty line, streamed; a line that is not JSON is a Skipped.

    Unreadable files and bytes that are not UTF-8 stop the load: nothing after them can be trusted.
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        raise LoadError(str(path), None, f"cannot be read: {error.strerror or error}") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise LoadError(str(path), number, f"not valid UTF-8 (byte 0x{raw[error.start]:02x})") from None
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as error:
                yield Skipped(str(path), number, f"invalid JSON: {error.msg} (column {error.colno})")
            except RecursionError:
                yield Skipped(str(path), number, TOO_DEEP)
            else:
                yield number, value


def json_line_records(path: Path, build: Callable[[str, int, Any], T]) -> Iterator[T | Skipped]:
    """One record per JSON line via `build(path, line, value)`; a line it rejects becomes a Skipped."""
    for item in json_lines(path):
        if isinstance(item, Skipped):
            yield item
            continue
        number, value = item
        try:
            yield build(str(path), number, value)
        except LoadError as error:
            yield skipped_from(error)


def first_json_object(head: str) -> dict[str, Any] | None:
    """The first non-empty line of a file's head as a JSON object, for format detection."""
    first = next((line for line in head.splitlines() if line.strip()), "")
    try:
        value = json.loads(first)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
