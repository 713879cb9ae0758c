"""Records a loader could not use, reported instead of raised so a load may skip them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Skipped:
    """One invalid record (no title, no authors, a malformed line): fatal unless the load skips invalid ones.

    Loaders yield this only for problems confined to one record; a file that cannot be
    parsed on (truncated, broken syntax, wrong encoding) still raises LoadError.
    """

    path: str
    line: int | None
    reason: str
