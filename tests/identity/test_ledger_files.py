"""A curation ledger file is checked field by field before anything is applied: nesting, dates, sizes."""

from __future__ import annotations

import json

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.identity.curation import MAX_NOTE_CHARS, read_ledger

MERGE = {"action": "merge", "authors": ["author:a-seitz", "author:alexander-seitz"]}


def _refused(tmp_path, line: str) -> str:
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text(json.dumps(MERGE) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        read_ledger(ledger)
    assert refused.value.path == str(ledger) and refused.value.line == 2
    return refused.value.reason


def test_a_line_nested_a_hundred_thousand_deep_is_refused(tmp_path):
    assert _refused(tmp_path, "[" * 100_000 + "]" * 100_000) == "JSON nested too deeply for a curation decision"


def test_a_decision_time_that_is_no_time_is_refused(tmp_path):
    reason = _refused(tmp_path, json.dumps({**MERGE, "decided_at": "not a date"}))
    assert reason == "field 'decided_at' must be an ISO date and time, got 'not a date'"


def test_a_note_past_the_limit_is_refused(tmp_path):
    reason = _refused(tmp_path, json.dumps({**MERGE, "note": "x" * (MAX_NOTE_CHARS + 1)}))
    assert reason == "field 'note' has 2,001 characters; the limit is 2,000"


def test_a_good_ledger_reads_whole(tmp_path):
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text(json.dumps({**MERGE, "decided_at": "2026-12-07T10:00:00+00:00", "note": "same lab"}) + "\n")
    (decision,) = read_ledger(ledger)
    assert decision.note == "same lab" and decision.authors == ("author:a-seitz", "author:alexander-seitz")
