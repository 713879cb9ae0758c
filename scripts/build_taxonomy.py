"""Convert OpenAlex's topic mapping table (xlsx) into the package's taxonomy table (gzip JSON Lines).

    python scripts/build_taxonomy.py ../shared/fixtures/taxonomy/openalex-topics/OpenAlex_topic_mapping_table.xlsx

Reads the sheet with zipfile and ElementTree (no spreadsheet library) and writes
coauthor_graph/identity/data/openalex_topics.jsonl.gz: one topic per line, in topic id order, with its
subfield, field and domain, keywords and description. Reproducible: the same sheet gives the same bytes.
Provenance and licence (CC0) are in coauthor_graph/identity/data/README.md.
"""

from __future__ import annotations

import gzip
import json
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
OUT = Path(__file__).resolve().parent.parent / "coauthor_graph" / "identity" / "data" / "openalex_topics.jsonl.gz"
COLUMNS = (
    "topic_id",
    "topic_name",
    "subfield_id",
    "subfield_name",
    "field_id",
    "field_name",
    "domain_id",
    "domain_name",
    "keywords",
    "summary",
    "wikipedia_url",
)


def _column(reference: str) -> int:
    letters = "".join(ch for ch in reference if ch.isalpha())
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


def rows(xlsx: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(xlsx) as book:
        strings = [
            "".join(t.text or "" for t in item.iter(f"{{{NS['x']}}}t"))
            for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("x:si", NS)
        ]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    found = []
    for row in sheet.find("x:sheetData", NS).findall("x:row", NS):  # type: ignore[union-attr]
        cells = [""] * len(COLUMNS)
        for cell in row.findall("x:c", NS):
            value = cell.find("x:v", NS)
            if value is None or value.text is None:
                continue
            text = strings[int(value.text)] if cell.get("t") == "s" else value.text
            position = _column(cell.get("r", ""))
            if position < len(cells):
                cells[position] = text
        found.append(dict(zip(COLUMNS, cells, strict=True)))
    header, *topics = found
    assert tuple(header.values()) == COLUMNS, header
    return topics


def _id(number: str) -> int:
    return int(float(number))


def main() -> None:
    topics = sorted(rows(Path(sys.argv[1])), key=lambda row: _id(row["topic_id"]))
    lines = [
        json.dumps(
            {
                "id": f"T{_id(row['topic_id'])}",
                "name": row["topic_name"].strip(),
                "subfield": [_id(row["subfield_id"]), row["subfield_name"].strip()],
                "field": [_id(row["field_id"]), row["field_name"].strip()],
                "domain": [_id(row["domain_id"]), row["domain_name"].strip()],
                "keywords": [k.strip() for k in row["keywords"].split(";") if k.strip()],
                "description": row["summary"].strip(),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        for row in topics
    ]
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    print(f"wrote {len(lines)} topics to {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
