"""Records a loader could not use, reported instead of raised so a load may skip them."""

from __future__ import annotations

from dataclasses import dataclass

from coauthor_graph.domain.errors import LoadError, NotCoauthorship


@dataclass(frozen=True, slots=True)
class Skipped:
    """One record a load leaves out.

    `invalid` ones (a malformed line, a field of the wrong kind) fail the load unless it skips
    invalid records; the others are well-formed but no co-authorship records (no authors, no
    title) and are always left out, counted in the load's summary. Loaders yield this only
    for problems confined to one record; a file that cannot be parsed on (truncated, broken
    syntax, wrong encoding) still raises LoadError.
    """

    path: str
    line: int | None
    reason: str
    invalid: bool = True


def skipped_from(error: LoadError) -> Skipped:
    """The Skipped a loader yields for a record-level error it raised."""
    return Skipped(error.path, error.line, error.reason, invalid=not isinstance(error, NotCoauthorship))


def not_coauthorship(path: str, line: int | None, reason: str) -> Skipped:
    return Skipped(path, line, reason, invalid=False)
