"""CSV, one paper per row, for spreadsheets: the JSON Lines layout with lists written `a; b`.

A header row names the columns: `title` and `authors` are required, the others optional
(`year`, `date`, `doi`, `arxiv_id`, `abstract`, `url`, `venue`, `venue_kind`, `topics`,
`authors_complete`). `authors` and `topics` separate their items with semicolons. Each row
becomes the JSON Lines record it spells out and is checked by the same rules.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.domain.records import PaperRecord
from coauthor_graph.loaders import jsonl
from coauthor_graph.loaders.skipping import Skipped, skipped_from
from coauthor_graph.loaders.source import read_text

FORMAT = "csv"
_LISTS = ("authors", "topics")


def looks_like_csv(head: str) -> bool:
    first = head.splitlines()[0] if head else ""
    columns = {column.strip().lower() for column in next(csv.reader([first]), [])}
    return {"title", "authors"} <= columns


def load(path: Path) -> Iterator[PaperRecord | Skipped]:
    rows = csv.DictReader(io.StringIO(read_text(path), newline=""))
    rows.fieldnames = [name.strip().lower() for name in rows.fieldnames or []]
    if not {"title", "authors"} <= set(rows.fieldnames):
        raise LoadError(str(path), 1, "the header row must name at least the columns 'title' and 'authors'")
    for row in rows:
        line = rows.line_num
        try:
            yield jsonl.paper_from_row(str(path), line, _as_json(row), source=FORMAT)
        except LoadError as error:
            yield skipped_from(error)


def _as_json(row: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for column, value in row.items():
        if column is None or value is None or not str(value).strip():
            continue
        text = str(value).strip()
        if column in _LISTS:
            record[column] = [item.strip() for item in text.split(";") if item.strip()]
        elif column == "year":
            record[column] = int(text) if text.isdigit() else text
        elif column == "authors_complete":
            record[column] = text.lower() in ("1", "true", "yes")
        elif column == "venue_kind":
            continue
        else:
            record[column] = text
    if row.get("venue") and row.get("venue_kind"):
        record["venue"] = {"name": row["venue"].strip(), "kind": row["venue_kind"].strip()}
    return record
