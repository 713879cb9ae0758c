"""The installed `coauthor-graph` command, run as a user runs it."""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coauthor_graph.evaluation.synthetic_corpus import write as write_corpus
from coauthor_graph.loaders.background import BACKGROUND_FROM_BYTES
from tests.conftest import DATA, ROOT, SEED
from tests.fixture_files import fixture, needs


@pytest.fixture
def cli(tmp_path):
    env = {**os.environ, "COAUTHOR_GRAPH_STORE": str(tmp_path / "cli.sqlite")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "coauthor_graph.api.cli", *args], capture_output=True, text=True, env=env
        )

    return run


@pytest.fixture
def loaded(cli):
    result = cli("load", str(SEED), "--as-of", "2026-11-23")
    assert result.returncode == 0, result.stderr
    return cli


@pytest.mark.slow
def test_read_commands_never_create_a_store(cli, tmp_path):
    for command in (["stats"], ["coauthors", "Chengkai Huang"], ["search", "papers", "graph"]):
        result = cli(*command)
        assert result.returncode == 1 and "no store at" in result.stderr and "load" in result.stderr, command
    assert not (tmp_path / "cli.sqlite").exists()
    assert cli("load", str(SEED), "--as-of", "2026-11-23").returncode == 0  # a load creates it
    assert cli("stats").returncode == 0


@contextlib.contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """These files and folders made read-only even to root (`chattr +i`), or by mode bits for others."""
    as_root = os.geteuid() == 0
    for path in paths:
        if as_root:
            if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
                pytest.skip("this file system cannot make a file read-only to root (chattr +i)")
        else:
            path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        for path in reversed(paths):
            if as_root:
                subprocess.run(["chattr", "-i", str(path)], check=True)
            else:
                path.chmod(0o755 if path.is_dir() else 0o644)


def test_read_commands_work_on_a_store_on_a_read_only_folder(loaded, tmp_path):
    store = tmp_path / "cli.sqlite"
    with sqlite3.connect(store) as db:  # a clean close: no -wal or -shm file beside the store
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for beside in tmp_path.glob("cli.sqlite-*"):
        beside.unlink()
    with read_only(store, tmp_path):
        stats = loaded("stats")
        assert stats.returncode == 0 and "Paper" in stats.stdout, stats.stderr
        coauthors = loaded("coauthors", "Chengkai Huang")
        assert coauthors.returncode == 0 and "Yuhang Yao" in coauthors.stdout, coauthors.stderr
        load = loaded("load", str(SEED))
        assert load.returncode == 1 and "Traceback" not in load.stderr
        assert f"the embedded store at {store} is read-only to this process" in load.stderr


@pytest.mark.parametrize("source", ["-", "/dev/stdin", "gzip file", "gzip through a pipe"])
def test_streams_and_gzip_files_load(tmp_path, source):
    papers = (DATA / "small-graph.jsonl").read_bytes()
    env = {**os.environ, "COAUTHOR_GRAPH_STORE": str(tmp_path / "stream.sqlite")}
    packed = tmp_path / "small-graph.jsonl.gz"
    packed.write_bytes(gzip.compress(papers))
    if source in ("-", "/dev/stdin"):
        command, stdin = [source], papers
    elif source == "gzip file":
        command, stdin = [str(packed)], None
    else:  # `load <(zcat small-graph.jsonl.gz)`: the shell hands over a pipe
        command, stdin = ["/dev/stdin"], gzip.decompress(packed.read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "coauthor_graph.api.cli", "load", *command], input=stdin, capture_output=True, env=env
    )
    assert result.returncode == 0, result.stderr
    lines = len(papers.splitlines())
    assert f"loaded {lines} records" in result.stdout.decode()


def test_a_broken_line_in_a_gzip_file_is_named_by_that_file(tmp_path):
    packed = tmp_path / "broken.jsonl.gz"
    packed.write_bytes(gzip.compress(b'{"title": "A", "authors": ["Ann Archer"]}\n{"title": \n'))
    env = {**os.environ, "COAUTHOR_GRAPH_STORE": str(tmp_path / "stream.sqlite")}
    result = subprocess.run(
        [sys.executable, "-m", "coauthor_graph.api.cli", "load", str(packed)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1 and f"{packed}:2" in result.stderr


def test_devices_are_refused(cli):
    result = cli("load", "/dev/zero")
    assert result.returncode == 1 and "/dev/zero: is a device" in result.stderr


@pytest.mark.slow
def test_a_load_into_a_store_another_process_is_writing_says_it_is_busy(loaded, tmp_path):
    holder = sqlite3.connect(tmp_path / "cli.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # what another process's load holds while it writes
    try:
        result = loaded("load", str(DATA / "small-graph.jsonl"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1 and "is busy: another process is writing to it" in result.stderr
    assert "Traceback" not in result.stderr
    assert loaded("load", str(DATA / "small-graph.jsonl")).returncode == 0  # free again: it loads


def test_load_prints_a_report(cli):
    result = cli("--json", "load", str(SEED), "--as-of", "2026-11-23")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["created"]["Paper"] == 22 and report["records"] == 23


@pytest.mark.slow
def test_issue_walkthrough(loaded):
    stats = json.loads(loaded("--json", "stats").stdout)
    assert stats["nodes"]["Paper"] == 22
    coauthors = json.loads(loaded("--json", "coauthors", "Chengkai Huang").stdout)
    assert coauthors["coauthors"][0]["coauthor"]["name"] == "Zihan Wang"
    path = json.loads(loaded("--json", "path", "Yuhang Yao", "Zhiqiang Liu").stdout)
    assert [a["name"] for a in path["authors"]] == ["Yuhang Yao", "Chengkai Huang", "Zhiqiang Liu"]
    topic_path = json.loads(
        loaded("--json", "topic-path", "knowledge distillation", "retrieval-augmented generation").stdout
    )
    assert topic_path["relationships"] == ["ABOUT", "AUTHORED", "AUTHORED", "ABOUT"]
    recommended = json.loads(loaded("--json", "recommend", "Zihan Wang").stdout)
    assert len(recommended["recommendations"]) == 10
    assert recommended["recommendations"][0]["parts"]["structure"] > 0
    text = loaded("path", "Yuhang Yao", "Zhiqiang Liu").stdout
    assert "2 hop(s): Yuhang Yao -> Chengkai Huang -> Zhiqiang Liu" in text


@pytest.mark.parametrize(
    "command", [["coauthors", "Chengkai Huang"], ["search", "papers", "distillation"], ["authors", "duplicates"]]
)
def test_json_is_accepted_after_the_command_too(loaded, command):
    before, after = loaded("--json", *command), loaded(*command, "--json")
    assert (before.returncode, after.returncode) == (0, 0), after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)


def test_a_file_the_format_finds_nothing_in_is_an_error_naming_the_format(loaded):
    before = loaded("--json", "stats").stdout
    forced = loaded("load", str(ROOT / "pyproject.toml"), "--format", "bibtex")
    assert forced.returncode == 1 and "pyproject.toml: no bibtex record in it" in forced.stderr
    # The README mentions `<dblp>`: detection reads the start of a file's structure, not a word in it.
    readme = loaded("load", str(ROOT / "README.md"))
    assert readme.returncode == 1 and "README.md: unknown format" in readme.stderr
    assert loaded("--json", "stats").stdout == before


def test_a_person_with_no_one_to_recommend_is_told_why(loaded):
    """The sample is Chengkai Huang's own list: everyone in it has written with him."""
    owner = loaded("recommend", "Chengkai Huang")
    assert owner.returncode == 0 and owner.stdout.startswith("no one new for Chengkai Huang: everyone within three")
    answer = json.loads(loaded("--json", "recommend", "Chengkai Huang").stdout)
    assert answer["recommendations"] == [] and answer["none_because"].startswith("no one new for Chengkai Huang")
    other = json.loads(loaded("--json", "recommend", "Zihan Wang", "--limit", "2").stdout)
    assert len(other["recommendations"]) == 2 and other["none_because"] is None


def test_groups_name_their_people_and_a_reload_says_what_was_already_there(loaded):
    shown = loaded("groups").stdout
    assert "Chengkai Huang" in shown and "author:" not in shown
    assert "1 paper:" in shown and "1 papers" not in shown
    again = loaded("load", str(SEED), "--as-of", "2026-11-23", "--no-fit").stdout
    assert "already there" in again.splitlines()[1] and "merged" not in again


def test_topic_synonyms_resolve(loaded):
    result = loaded("--json", "topic-path", "RAG", "Zhiqiang Liu")
    assert result.returncode == 0
    assert json.loads(result.stdout)["nodes"][0]["name"] == "retrieval-augmented generation"


def test_unknown_author_fails_with_a_hint(loaded):
    result = loaded("coauthors", "Chengkai")
    assert result.returncode == 1
    assert "no author named 'Chengkai'" in result.stderr and "Chengkai Huang" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_input_exits_non_zero_and_writes_nothing(loaded, tmp_path):
    before = loaded("--json", "stats").stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "ok", "authors": ["A B"]}\n{"title": "one string", "authors": "A B"}\n', encoding="utf-8")
    result = loaded("load", str(SEED), str(bad))
    assert result.returncode == 1
    assert f"{bad}:2: field 'authors' must be a list" in result.stderr
    assert loaded("--json", "stats").stdout == before


def test_unknown_format_and_missing_file(loaded, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n", encoding="utf-8")
    assert "unknown format" in loaded("load", str(notes)).stderr
    missing = loaded("load", str(tmp_path / "absent.bib"))
    assert missing.returncode == 1 and "no such file" in missing.stderr


@pytest.mark.slow
def test_a_large_file_parsed_in_a_second_process_loads_all_or_nothing(loaded, tmp_path):
    """Past `BACKGROUND_FROM_BYTES` the command parses in a child process; errors and skips stay the same."""
    big = write_corpus(tmp_path / "big.jsonl", 27_000)
    with big.open("a", encoding="utf-8") as handle:
        handle.write('{"title": "no authors"}\n{"title": "authors as one string", "authors": "A B"}\n')
    assert big.stat().st_size >= BACKGROUND_FROM_BYTES
    before = loaded("--json", "stats").stdout
    failed = loaded("load", str(big))
    assert failed.returncode == 1
    assert f"{big}:27002: field 'authors' must be a list" in failed.stderr
    assert loaded("--json", "stats").stdout == before
    skipping = loaded("--json", "load", str(big), "--skip-invalid")
    assert skipping.returncode == 0, skipping.stderr
    report = json.loads(skipping.stdout)
    assert report["records"] == 27_000 and report["created"]["Paper"] == 27_000
    assert [(item["line"], item["reason"]) for item in report["skipped"]] == [(27002, "field 'authors' must be a list")]
    assert [(item["line"], item["reason"]) for item in report["not_coauthorship"]] == [
        (27001, "field 'authors' is missing or empty")
    ]


def test_the_command_starts_without_the_neo4j_driver_or_the_web_stack():
    """They cost most of a second at every start; only `serve` and a Neo4j store need them."""
    probe = (
        "import sys, coauthor_graph.api.cli; "
        "print(sorted(m for m in ('neo4j', 'fastapi', 'strawberry', 'uvicorn') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_serving_loads_neither_the_evaluation_nor_an_adapter_until_a_store_is_opened():
    """The app imports the services; `services/stores.py` imports the adapter a store spec names."""
    probe = (
        "import sys, coauthor_graph.api.app; "
        "print(sorted({m.split('.')[1] + ('.' + m.split('.')[2] if m.startswith('coauthor_graph.store.') else '')"
        " for m in sys.modules if m.startswith(('coauthor_graph.evaluation', 'coauthor_graph.store.'))}))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['store.graph_rows', 'store.port']"


@needs("bibtex/4C-multiphysics_papers.bib")
def test_curation_commands_keep_decisions_across_stores(tmp_path):
    """authors duplicates / merge / history / export-ledger / import-ledger, as a research office uses them."""
    group = fixture("bibtex/4C-multiphysics_papers.bib")

    def run(store: str, *args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "coauthor_graph.api.cli", "--store", str(tmp_path / store), *args]
        return subprocess.run(command, capture_output=True, text=True)

    assert run("first.sqlite", "load", str(group)).returncode == 0
    pairs = json.loads(run("first.sqlite", "--json", "authors", "duplicates").stdout)
    assert {(p["first"]["name"], p["second"]["name"]) for p in pairs} >= {("A. Seitz", "Alexander Seitz")}
    merged = run("first.sqlite", "authors", "merge", "A. Seitz", "Alexander Seitz", "--note", "same group")
    assert merged.returncode == 0 and "merged: 1" in merged.stdout
    history = run("first.sqlite", "authors", "history", "Alexander Seitz").stdout
    assert "author:a-seitz" in history and "same group" in history
    ledger = tmp_path / "ledger.jsonl"
    assert run("first.sqlite", "authors", "export-ledger", str(ledger)).returncode == 0
    assert run("second.sqlite", "authors", "import-ledger", str(ledger)).returncode == 0
    assert run("second.sqlite", "load", str(group)).returncode == 0
    seitzes = json.loads(run("second.sqlite", "--json", "search", "authors", "Seitz").stdout)
    assert [hit["node"]["name"] for hit in seitzes if hit["node"]["name"].endswith(" Seitz")] == ["Alexander Seitz"]
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"action": "merge", "authors": ["author:x"]}\n', encoding="utf-8")
    refused = run("second.sqlite", "authors", "import-ledger", str(broken))
    assert refused.returncode == 1 and f"{broken}:1: field 'authors' must list two or more" in refused.stderr


def test_conflicts_from_csv_files_to_csv_and_json(loaded, tmp_path):
    authors = tmp_path / "authors.csv"
    authors.write_text("name,affiliation\nChengkai Huang,UNSW\n", encoding="utf-8")
    reviewers = tmp_path / "reviewers.txt"
    reviewers.write_text("# the committee\nYuhang Yao\nZhiqiang Liu\n\nNobody Atall\n", encoding="utf-8")
    files = ["--authors", str(authors), "--reviewers", str(reviewers), "--as-of", "2026"]
    result = loaded("conflicts", *files, "--within-years", "6")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["reviewer_name"], r["kind"], r["papers"][-6:]) for r in rows] == [
        ("Yuhang Yao", "COAUTHORED", "(2024)"),
        ("Zhiqiang Liu", "COAUTHORED", "(2021)"),
    ]
    assert "not in the graph, not checked: Nobody Atall" in result.stderr
    out = tmp_path / "conflicts.json"
    result = loaded("--json", "conflicts", *files, "--output", str(out))
    assert result.returncode == 0 and "1 conflict(s) since 2023" in result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [c["reviewer"]["name"] for c in report["conflicts"]] == ["Yuhang Yao"]
    assert report["unknown"] == ["Nobody Atall"]
    missing = loaded("conflicts", "--authors", str(tmp_path / "nope.csv"), "--reviewers", str(reviewers))
    assert missing.returncode == 1 and "nope.csv: cannot be read" in missing.stderr


def test_exports_groups_and_trends(loaded, tmp_path):
    out = tmp_path / "vos"
    result = loaded("export", "vosviewer", str(out), "--author", "Chengkai Huang", "--counting", "fractional")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["map.txt", "network.json", "network.txt"]
    assert len((out / "map.txt").read_text(encoding="utf-8").splitlines()) == 34  # header and 33 people
    gexf = tmp_path / "whole.gexf"
    assert loaded("export", "gexf", str(gexf), "--years", "2024-2026").returncode == 0
    assert gexf.read_text(encoding="utf-8").startswith("<?xml") and 'version="1.3"' in gexf.read_text()
    groups = json.loads(loaded("--json", "groups", "--author", "Chengkai Huang").stdout)
    assert groups[0]["members"][0] == "author:chengkai-huang" and sum(len(g["members"]) for g in groups) == 33
    trends = loaded("trends", "--author", "Chengkai Huang", "--limit", "3")
    assert trends.returncode == 0 and "reasoning (8 papers): 2025:2 2026:6; burst 2026-2026" in trends.stdout


def test_every_export_takes_a_folder_or_a_file_by_one_rule_and_names_what_it_wrote(loaded, tmp_path):
    existing = tmp_path / "existing"
    existing.mkdir()
    for args, expected in (
        (["gexf", f"{tmp_path / 'out'}/"], [tmp_path / "out" / "network.gexf"]),  # a trailing slash: a folder
        (["graphml", str(existing)], [existing / "network.graphml"]),  # a folder that exists
        (["pajek", str(tmp_path / "mine.net")], [tmp_path / "mine.net"]),  # a file
        (["csv", str(tmp_path / "tables")], [tmp_path / "tables" / "nodes.csv", tmp_path / "tables" / "edges.csv"]),
    ):
        done = loaded("--json", "export", *args, "--author", "Chengkai Huang")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["files"] == [str(path) for path in expected]
        assert all(path.is_file() for path in expected)
    clash = loaded("export", "vosviewer", str(tmp_path / "mine.net"), "--author", "Chengkai Huang")
    assert clash.returncode == 1 and "is a file; this format writes 3 files into a folder" in clash.stderr


def test_bad_export_requests_fail_with_what_is_wrong(loaded, tmp_path):
    for args, message in (
        (["export", "pajek", str(tmp_path / "x.net"), "--years", "lately"], "years must read like 2018-2022"),
        (["export", "csv", str(tmp_path / "c"), "--author", "Nobody Atall"], "no author named 'Nobody Atall'"),
        (["export", "gexf", str(tmp_path / "r.gexf"), "--author", "Chengkai Huang", "--radius", "4"], "radius must"),
        (["groups", "--window-years", "0"], "window_years must be at least 1"),
    ):
        result = loaded(*args)
        assert result.returncode == 1 and message in result.stderr, (args, result.stderr)
    assert not list(tmp_path.glob("x.net")) and not (tmp_path / "c").exists()  # nothing half-written


@pytest.mark.slow
def test_loads_refit_the_recommender_when_the_graph_grew(cli, tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", 1500, seed=3).read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n".join(corpus[:1200]) + "\n", encoding="utf-8")
    second.write_text("\n".join(corpus[1200:]) + "\n", encoding="utf-8")
    loaded = cli("--json", "load", str(first))
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["recommender"].startswith("weights fitted on this graph: the papers up to")
    grown = cli("--json", "load", str(second))  # 300 more papers: a quarter of 1,200 is not exceeded
    assert json.loads(grown.stdout)["recommender"] is None
    weights = json.loads(cli("--json", "fit-recommender").stdout)
    assert weights["fitted"] and weights["papers"] == 1500 and weights["validation"]["authors"] > 10
    text = cli("fit-recommender").stdout
    assert "held-out authors" in text and "Adamic-Adar" in text
    skipped = cli("load", "--no-fit", str(DATA / "small-graph.jsonl"))
    assert skipped.returncode == 0 and "recommender:" not in skipped.stdout
    recommended = json.loads(cli("--json", "recommend", "Cleo Clark").stdout)["recommendations"]
    assert recommended and all(r["weights"] == weights["basis"] and r["fitted"] for r in recommended)
