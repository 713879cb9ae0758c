"""Peak resident memory of this process alone, and of the largest child it waited for.

`getrusage().ru_maxrss` survives `execve` on Linux, so a child started by a parent that had
grown large reports the parent's peak; `VmHWM` belongs to the process's own address space.
"""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_mb() -> float:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mb() -> float:
    """The largest peak of this process's finished children (a load's parsing process)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def parsing_note(parser_rss_mb: float) -> str:
    """Where a load's records were parsed, for its benchmark line (`children_peak_rss_mb` of the load)."""
    return f"parsing process {parser_rss_mb:,.0f} MB" if parser_rss_mb else "parsed in the same process"
