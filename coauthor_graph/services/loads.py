"""Loading files or text into a store: every record in one upsert, so all of them land or none does.

The CLI and the `loadPapers` mutation call these; which records were left out (no co-authorship
in them) or skipped (invalid, when the caller allows skipping) comes back with the store's report.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.domain.records import Record
from coauthor_graph.domain.views import UpsertReport
from coauthor_graph.loaders.background import records_from_background
from coauthor_graph.loaders.registry import LoadOptions, records_from
from coauthor_graph.loaders.skipping import Skipped
from coauthor_graph.loaders.streams import local_file
from coauthor_graph.store.port import GraphWriter

Track = Callable[[Path, Iterable[Record]], Iterable[Record]]
"""Wraps one file's records, e.g. to show progress."""


@dataclass(frozen=True)
class LoadOutcome:
    report: UpsertReport
    not_coauthorship: list[Skipped]
    """Records left out because they are no co-authorship records (no authors, no title)."""
    skipped: list[Skipped] | None
    """Invalid records skipped, when skipping was asked for; None when an invalid record fails the load."""


async def load_files(
    store: GraphWriter,
    paths: Sequence[Path],
    options: LoadOptions,
    format_name: str | None = None,
    *,
    skip_invalid: bool = False,
    track: Track | None = None,
) -> LoadOutcome:
    """Load the files in one transaction, each parsed in a second process when it is big enough to gain.

    A path may also be `-` (standard input), a pipe, or a `.gz` file (`loaders.streams`); errors and
    skipped records name the path as the caller gave it."""
    skipped: list[Skipped] | None = [] if skip_invalid else None
    ignored: list[Skipped] = []
    with contextlib.ExitStack() as stack:
        local = {stack.enter_context(local_file(path)): path for path in paths}
        named = {str(copy): str(path) for copy, path in local.items() if copy != path}

        def records_of(path: Path) -> Iterable[Record]:
            records = records_from_background(path, options, format_name, skipped, ignored)
            return track(path, records) if track else records

        records: Iterator[Record] = itertools.chain.from_iterable(records_of(path) for path in local)
        try:
            report = await store.upsert(records)
        except LoadError as error:
            if error.path not in named:
                raise
            raise type(error)(named[error.path], error.line, error.reason) from None
    return LoadOutcome(report, _as_named(ignored, named), skipped and _as_named(skipped, named))


def _as_named(items: list[Skipped], named: dict[str, str]) -> list[Skipped]:
    return [replace(item, path=named.get(item.path, item.path)) for item in items]


LOAD_FOLDER_PREFIX = "coauthor-graph-load-"
"""Folders holding text a caller sent while it loads: the prefix, then the loading process's id."""


def remove_stale_load_folders(temp: Path | None = None) -> list[Path]:
    """Remove the load folders of processes that are gone (killed mid-load: nothing else removes them);
    the ones removed. Folders of live processes, this one's included, are left alone."""
    removed = []
    for folder in Path(temp or tempfile.gettempdir()).glob(f"{LOAD_FOLDER_PREFIX}*"):
        owner = folder.name.removeprefix(LOAD_FOLDER_PREFIX).split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


async def load_text(
    store: GraphWriter, content: str, format_name: str | None = None, as_of: dt.date | None = None
) -> LoadOutcome:
    """Load text a caller sent (parsed in this process: callers cap its size). LoadError names the line."""
    with tempfile.TemporaryDirectory(prefix=f"{LOAD_FOLDER_PREFIX}{os.getpid()}-") as folder:
        path = Path(folder) / "content"
        path.write_text(content, encoding="utf-8")
        ignored: list[Skipped] = []
        options = LoadOptions(as_of=as_of or dt.date.today())
        report = await store.upsert(records_from(path, options, format_name, ignored=ignored))
    return LoadOutcome(report, ignored, None)
