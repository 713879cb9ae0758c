"""The years a paper may have and a question may name: four digits, as every source writes them.

Beyond them a year is a typo or an attack (a twenty-digit year overflowed SQLite's integers).
"""

from __future__ import annotations

from coauthor_graph.domain.errors import BadInputError

FIRST_YEAR = 1000
LAST_YEAR = 2999


def checked_year(argument: str, year: int | None) -> int | None:
    """The year, or BadInputError naming the argument when it is not a four-digit year."""
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadInputError(argument, f"must be a year from {FIRST_YEAR} to {LAST_YEAR}, got {year}")
    return year
