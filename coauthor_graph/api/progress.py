"""Load progress on a terminal: records, records/s and an ETA, redrawn a few times a second.

How far a load has come is the line of the record it is at, over the file's line count
(counted once, fast): every loader says where each record starts.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from coauthor_graph.domain.records import Record

REDRAW_SECONDS = 0.25


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) + 1


class LoadProgress:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._started = time.monotonic()
        self._records = 0

    def track(self, path: Path, records: Iterable[Record]) -> Iterator[Record]:
        total_lines = count_lines(path) if path.is_file() else 0
        file_started, last_drawn = time.monotonic(), 0.0
        for record in records:
            self._records += 1
            now = time.monotonic()
            if now - last_drawn >= REDRAW_SECONDS:
                last_drawn = now
                line = getattr(record, "line", None) or 0
                self._draw(path, line / total_lines if total_lines else 0.0, now - file_started)
            yield record
        self._stream.write("\n")

    def _draw(self, path: Path, done: float, file_seconds: float) -> None:
        rate = self._records / max(time.monotonic() - self._started, 1e-9)
        eta = f"ETA {file_seconds * (1 - done) / done:,.0f}s" if done > 0 else "ETA ?"
        self._stream.write(f"\r{path.name}: {self._records:,} records  {rate:,.0f}/s  {done:5.1%}  {eta}   ")
        self._stream.flush()
