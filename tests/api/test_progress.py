import io
from pathlib import Path

from coauthor_graph.api import progress
from coauthor_graph.loaders.jsonl import load
from tests.conftest import DATA


def test_progress_reports_records_rate_and_position(monkeypatch):
    monkeypatch.setattr(progress, "REDRAW_SECONDS", 0.0)  # draw on every record
    stream = io.StringIO()
    path = DATA / "small-graph.jsonl"
    records = list(progress.LoadProgress(stream).track(path, load(path)))
    assert len(records) == 7
    frames = stream.getvalue().split("\r")[1:]
    assert frames[0].startswith("small-graph.jsonl: 1 records") and "ETA" in frames[0]
    assert frames[-1].startswith("small-graph.jsonl: 7 records") and "87.5%" in frames[-1]  # line 7 of 8


def test_line_count(tmp_path: Path):
    path = tmp_path / "three.txt"
    path.write_text("a\nb\nc", encoding="utf-8")
    assert progress.count_lines(path) == 3
