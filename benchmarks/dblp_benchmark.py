"""DBLP loading benchmark: a generated DBLP-format file, parsed alone and loaded whole.

    python -m benchmarks.dblp_benchmark 1000000

Writes a DBLP XML file from the synthetic corpus (ISO-8859-1, the dump's DOCTYPE, named
entities, homonym suffixes), then in child processes (so each peak RSS is its own):
parsing only (the streaming loader, records/s and peak RSS: flat memory shows as an RSS that
does not grow with the file) and a full load into a fresh embedded store.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from html import escape
from pathlib import Path

from benchmarks.memory import children_peak_rss_mb, parsing_note, peak_rss_mb
from coauthor_graph.evaluation.synthetic_corpus import papers

OUT = Path(__file__).resolve().parent / "out"
KINDS = {"conference": ("inproceedings", "booktitle"), "journal": ("article", "journal")}


def write_dblp(path: Path, count: int) -> Path:
    with path.open("w", encoding="iso-8859-1", errors="xmlcharrefreplace") as handle:
        handle.write('<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n')
        for number, paper in enumerate(papers(count)):
            tag, venue_field = KINDS.get(paper["venue"]["kind"], ("incollection", "booktitle"))
            # Müller goes in as the dump writes it, a named entity, so loads exercise the entity table.
            authors = "".join(
                f"<author>{escape(name, quote=False).replace('Müller', 'M&uuml;ller')}</author>"
                for name in paper["authors"]
            )
            handle.write(
                f'<{tag} mdate="2024-01-01" key="synthetic/{number}">{authors}'
                f"<title>{escape(paper['title'], quote=False)}.</title><year>{paper['year']}</year>"
                f"<{venue_field}>{paper['venue']['name']}</{venue_field}>"
                f"<ee>https://doi.org/{paper['doi']}</ee></{tag}>\n"
            )
        handle.write("</dblp>\n")
    return path


def _parse(path: str) -> dict:
    from coauthor_graph.loaders import dblp

    started = time.perf_counter()
    count = sum(1 for _ in dblp.load(Path(path)))
    return {"records": count, "seconds": time.perf_counter() - started, "peak_rss_mb": peak_rss_mb()}


def _load(path: str, store: str) -> dict:
    import asyncio

    from coauthor_graph.loaders.background import records_from_background
    from coauthor_graph.loaders.registry import LoadOptions
    from coauthor_graph.store.embedded.store import EmbeddedStore

    async def run() -> int:
        opened = EmbeddedStore(store)
        report = await opened.upsert(records_from_background(Path(path), LoadOptions(as_of=dt.date.today())))
        await opened.close()
        return report.records

    started = time.perf_counter()
    count = asyncio.run(run())
    seconds = time.perf_counter() - started
    return {"records": count, "seconds": seconds, "peak_rss_mb": peak_rss_mb(), "parser_rss_mb": children_peak_rss_mb()}


def _child(*args: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.dblp_benchmark", "--child", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=100_000)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        step, *args = arguments.child
        print(json.dumps(_parse(*args) if step == "parse" else _load(*args)))
        return
    OUT.mkdir(exist_ok=True)
    source = OUT / f"dblp-{arguments.size}.xml"
    if not source.exists():
        write_dblp(source, arguments.size)
    store = OUT / f"dblp-store-{arguments.size}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    print(f"DBLP file: {arguments.size:,} records, {source.stat().st_size / 2**20:,.0f} MB")
    for step, extra in (("parse", ()), ("load", (str(store),))):
        figures = _child(step, str(source), *extra)
        print(
            f"{step:>5}: {figures['records'] / figures['seconds']:,.0f} records/s "
            f"({figures['seconds']:.1f} s), peak RSS {figures['peak_rss_mb']:,.0f} MB"
            + (f" ({parsing_note(figures['parser_rss_mb'])})" if "parser_rss_mb" in figures else "")
        )


if __name__ == "__main__":
    main()
