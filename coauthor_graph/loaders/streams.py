"""Inputs that are not plain files: standard input (`-`), pipes (`<(zcat x.jsonl.gz)`,
`/dev/stdin`) and gzip-compressed data (a `.gz` file, or gzip's magic bytes on a stream:
`cat x.jsonl.gz | coauthor-graph load -`).

Format detection reads a file's head and each loader then reads the file again from its start,
which a stream cannot do: streams and compressed files are copied once into a temporary file
first, in chunks (never whole in memory). Devices (`/dev/zero`, a terminal) are refused: they
never end. A named pipe nothing opens for writing within FIFO_WAIT_SECONDS is refused too, rather
than waited on forever.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import select
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from coauthor_graph.domain.errors import LoadError

STANDARD_INPUT = Path("-")
FIFO_WAIT_SECONDS = 60.0
"""Long enough to start the writer by hand in another terminal; `<(zcat …)` starts at once."""
_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"


@contextlib.contextmanager
def local_file(path: Path) -> Iterator[Path]:
    """A regular file holding `path`'s content: the file itself, or a temporary copy while the context
    lasts (for standard input, a pipe, or a `.gz` file, decompressed)."""
    if path != STANDARD_INPUT:
        try:
            mode = path.stat().st_mode
        except OSError:
            yield path  # missing or unreadable: the loader says so, as for any file
            return
        if stat.S_ISREG(mode) and path.suffix != ".gz":
            yield path
            return
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
            raise LoadError(str(path), None, "is a device or a folder, not a file or a pipe")
    with tempfile.TemporaryDirectory(prefix="coauthor-graph-stream-") as folder:
        copy = Path(folder) / (
            path.stem if path.suffix == ".gz" else "standard-input" if path == STANDARD_INPUT else path.name
        )
        with _opened(path) as source, copy.open("wb") as target:
            _copy(path, source, target)
        if path.suffix != ".gz" and _is_gzip(copy):
            unpacked = copy.with_name(f"{copy.name}-unpacked")
            with gzip.open(copy, "rb") as source, unpacked.open("wb") as target:
                _copy(path, source, target)  # type: ignore[arg-type]
            copy.unlink()
            copy = unpacked
        yield copy


def _copy(path: Path, source: BinaryIO, target: BinaryIO) -> None:
    try:
        shutil.copyfileobj(source, target, _CHUNK)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise LoadError(str(path), None, f"cannot be read: {error}") from None


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as head:
        return head.read(2) == _GZIP_MAGIC


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[BinaryIO]:
    if path == STANDARD_INPUT:
        yield sys.stdin.buffer
    elif path.suffix == ".gz":
        with gzip.open(path, "rb") as source:
            yield source  # type: ignore[misc]
    elif stat.S_ISFIFO(path.stat().st_mode):
        with _written_pipe(path) as source:
            yield source
    else:
        with path.open("rb") as source:
            yield source


@contextlib.contextmanager
def _written_pipe(path: Path) -> Iterator[BinaryIO]:
    """A named pipe once something writes to it. Opening one blocks until a writer opens it, maybe
    never; opened without blocking, it reports nothing until a writer's data or close arrives."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        waiting = select.poll()
        waiting.register(fd, select.POLLIN)
        if not waiting.poll(int(FIFO_WAIT_SECONDS * 1000)):
            raise LoadError(
                str(path),
                None,
                f"is a pipe nothing wrote to within {FIFO_WAIT_SECONDS:g} s: start its writer first"
                " (`cat FILE > PIPE`), or give the data on standard input (`load -`)",
            )
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as source:
        yield source
