"""Reading input files, with every failure turned into a LoadError that names the file."""

from __future__ import annotations

from pathlib import Path

from coauthor_graph.graph.errors import LoadError


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
