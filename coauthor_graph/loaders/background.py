"""Parsing a large file in a second process, so that parsing and writing run on two cores.

A load in one process spends about a quarter of its time in the loader (reading, decoding,
building canonical records) and the rest in the store's writer, all on one core. For files of
`BACKGROUND_FROM_BYTES` and more, `records_from_background` runs `registry.records_from`
in a child process that sends records in batches through a pipe; the writer consumes them
while the child parses ahead. What the caller sees is the same as `records_from`: the same
records in the same order, the same skipped records, the same LoadError at the same point
(everything before it was yielded first). The child blocks while the pipe is full, so it
never gets far ahead and memory stays flat. Unpickling costs the writer's core about a
quarter of what parsing did.
"""

from __future__ import annotations

import datetime as dt
import pickle
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.domain.records import Record
from coauthor_graph.loaders.registry import LoadOptions, records_from
from coauthor_graph.loaders.skipping import Skipped

BACKGROUND_FROM_BYTES = 8 << 20
"""Below this a file parses in about a second, less than what starting a process is worth."""
BATCH_RECORDS = 2_000


def records_from_background(
    path: Path,
    options: LoadOptions,
    format_name: str | None = None,
    skipped: list[Skipped] | None = None,
    ignored: list[Skipped] | None = None,
    from_bytes: int = BACKGROUND_FROM_BYTES,
) -> Iterator[Record]:
    """`records_from(path, options, format_name, skipped, ignored)`, parsed by a child process when
    the file has at least `from_bytes` bytes."""
    if not path.is_file() or path.stat().st_size < from_bytes:
        yield from records_from(path, options, format_name, skipped, ignored)
        return
    # A plain child interpreter rather than multiprocessing: it needs no `if __name__ == "__main__"`
    # guard in whatever script calls this, and forking would copy the writer thread's locks.
    arguments = [str(path), options.as_of.isoformat(), format_name or "", "skip" if skipped is not None else ""]
    child = subprocess.Popen([sys.executable, "-m", __name__, *arguments], stdout=subprocess.PIPE)
    kind = "records"
    try:
        while kind == "records":
            try:
                kind, payload = pickle.load(child.stdout)  # type: ignore[arg-type]
            except (EOFError, pickle.UnpicklingError):  # it died, mid-batch or between (the OOM killer, a kill)
                raise LoadError(str(path), None, f"the parsing process stopped (exit code {child.wait()})") from None
            if kind == "error":
                raise payload
            for item in payload or ():
                if not isinstance(item, Skipped):
                    yield item
                elif item.invalid:
                    skipped.append(item)  # type: ignore[union-attr]  # only sent when there is a list
                elif ignored is not None:
                    ignored.append(item)
    finally:
        child.stdout.close()  # type: ignore[union-attr]
        if kind == "records":  # the writer stopped reading early (a failure, a cancelled load): stop parsing
            child.kill()
        child.wait()


def _parse(out: BinaryIO, path: Path, options: LoadOptions, format_name: str | None, skip: bool) -> None:
    """The child: batches of records and skipped records, in file order, then "done" or "error"."""

    def send(kind: str, payload: object) -> None:
        pickle.dump((kind, payload), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    left_out: list[Skipped] = []
    """Invalid records (when the load skips them) and records that are no co-authorship records, in file order."""
    batch: list[Record | Skipped] = []
    try:
        for record in records_from(path, options, format_name, left_out if skip else None, left_out):
            if left_out:
                batch.extend(left_out)
                left_out.clear()
            batch.append(record)
            if len(batch) >= BATCH_RECORDS:
                send("records", batch)
                batch = []
        send("records", [*batch, *left_out])
        send("done", None)
    except LoadError as error:
        send("records", [*batch, *left_out])
        send("error", error)
    except KeyboardInterrupt:
        pass  # Ctrl-C reaches the whole process group: the parent is cancelling the load
    except BrokenPipeError:
        pass  # the parent stopped reading: its load failed or was cancelled
    except Exception:
        send("error", RuntimeError(f"parsing {path} failed:\n{traceback.format_exc()}"))


if __name__ == "__main__":
    _path, _as_of, _format, _skip = sys.argv[1:]
    _records_out, sys.stdout = sys.stdout.buffer, sys.stderr  # a stray print() must not corrupt the records
    _parse(
        _records_out,
        Path(_path),
        LoadOptions(as_of=dt.date.fromisoformat(_as_of)),
        _format or None,
        _skip == "skip",
    )
