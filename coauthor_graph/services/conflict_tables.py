"""Conflict checks as tables: the people lists a committee keeps (CSV or one per line) and the CSV
a chair opens in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from coauthor_graph.domain.views import ConflictReport
from coauthor_graph.services.conflicts import described
from coauthor_graph.services.spreadsheet_cells import inert

PERSON_COLUMNS = ("person", "name", "id", "orcid", "author", "reviewer")
"""A header cell naming the column that holds people; without one, each row's first cell does."""
CONFLICT_COLUMNS = (
    "author_as_given",
    "author_id",
    "author_name",
    "reviewer_as_given",
    "reviewer_id",
    "reviewer_name",
    "kind",
    "via_id",
    "via_name",
    "institution",
    "paper_ids",
    "papers",
    "explanation",
)


def people_in(text: str) -> list[str]:
    """The people a CSV or plain list names, in its order: blank lines and `#` comments left out."""
    rows = [row for row in csv.reader(io.StringIO(text)) if row and row[0].strip() and not row[0].startswith("#")]
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((header.index(name) for name in PERSON_COLUMNS if name in header), None)
    if column is None:
        return [row[0].strip() for row in rows]
    return [row[column].strip() for row in rows[1:] if len(row) > column and row[column].strip()]


def conflict_rows(report: ConflictReport) -> Iterable[dict[str, str]]:
    for c in report.conflicts:
        yield {
            "author_as_given": c.author_as_given,
            "author_id": c.author.id,
            "author_name": c.author.name,
            "reviewer_as_given": c.reviewer_as_given,
            "reviewer_id": c.reviewer.id,
            "reviewer_name": c.reviewer.name,
            "kind": c.kind,
            "via_id": c.via.id if c.via else "",
            "via_name": c.via.name if c.via else "",
            "institution": c.institution or "",
            "paper_ids": " ".join(p.id for p in c.papers),
            "papers": "; ".join(f"{p.title} ({p.year})" for p in c.papers),
            "explanation": described(c),
        }


def conflicts_csv(report: ConflictReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CONFLICT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        {column: inert(value) if isinstance(value, str) else value for column, value in row.items()}
        for row in conflict_rows(report)
    )
    return out.getvalue()
