"""Text cells of the CSV files people open in a spreadsheet, made inert.

A name or title that starts like a formula (`=1+2`, `@SUM(...)`, `+cmd|...`) would be evaluated by
Excel, LibreOffice or Google Sheets when the file is opened: CSV injection. OWASP's advice is to
start such a cell with an apostrophe, which spreadsheets show as text and do not evaluate.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """The text, with an apostrophe in front when it starts like a formula.

    >>> inert("=1+2"), inert("Chengkai Huang")
    ("'=1+2", 'Chengkai Huang')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text
