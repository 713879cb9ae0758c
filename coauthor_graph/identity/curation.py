"""Curation: what people decide about identity, kept in the store's ledger and applied by every later load.

A research office that knows two spellings are one person says so once (`authors merge A B`);
the decision is stored with the graph, re-applied after every load and by every re-clustering,
and can be exported as a JSON Lines file, versioned, and imported into a fresh store, where the
next load of the same files ends with the same people.

    >>> Decision.from_json({"action": "merge", "authors": ["author:a-w-wall", "author:wolfgang-a-wall"]}).authors
    ('author:a-w-wall', 'author:wolfgang-a-wall')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from coauthor_graph.domain.errors import BadInputError, LoadError

ACTIONS = ("merge", "split")
MAX_NOTE_CHARS = 2_000
"""A note says why, in a sentence or a paragraph: not a document."""
MAX_IDS = 10_000
"""Authors of a merge, papers of a split: more than any one person has."""
MAX_ID_CHARS = 500


@dataclass(frozen=True, slots=True)
class Decision:
    """'These authors are one person' (merge), or 'these papers of this author are another person's'
    (split); the ids are those the authors and papers had when it was decided."""

    action: Literal["merge", "split"]
    authors: tuple[str, ...]
    decided_at: str = ""
    note: str = ""
    papers: tuple[str, ...] = ()
    """With split: the papers that are another person's."""

    @classmethod
    def merge(cls, authors: Sequence[str], note: str = "") -> Decision:
        return cls("merge", tuple(sorted(set(authors))), _now(), _checked_note(note))

    @classmethod
    def split(cls, author: str, papers: Sequence[str], note: str = "") -> Decision:
        if len(papers) > MAX_IDS:
            raise BadInputError("papers", f"names {len(papers):,} papers; the limit is {MAX_IDS:,}")
        return cls("split", (author,), _now(), _checked_note(note), tuple(sorted(set(papers))))

    @property
    def split_into(self) -> str:
        """The id of the person a split gives the papers to: the author's id and a digest of the papers,
        the same in every store and on every replay of the ledger."""
        digest = hashlib.sha1("\n".join(self.papers).encode()).hexdigest()[:8]
        return f"{self.authors[0]}~{digest}"

    def to_json(self) -> dict[str, Any]:
        value = {"action": self.action, "authors": list(self.authors), "decided_at": self.decided_at, "note": self.note}
        return {**value, "papers": list(self.papers)} if self.action == "split" else value

    @classmethod
    def from_json(cls, value: Any, where: tuple[str, int | None] = ("<decision>", None)) -> Decision:
        """A decision from its JSON form; anything else raises LoadError naming the field."""
        path, line = where
        if not isinstance(value, dict):
            raise LoadError(path, line, "a curation decision must be a JSON object")
        action = value.get("action")
        if action not in ACTIONS:
            raise LoadError(path, line, f"field 'action' must be one of {', '.join(ACTIONS)}")
        for name in ("decided_at", "note"):
            if not isinstance(value.get(name, ""), str):
                raise LoadError(path, line, f"field {name!r} must be a string")
        authors = _ids(value, "authors", path, line)
        when, note = value.get("decided_at", ""), value.get("note", "")
        if when:
            try:
                dt.datetime.fromisoformat(when)
            except ValueError:
                raise LoadError(
                    path, line, f"field 'decided_at' must be an ISO date and time, got {when[:40]!r}"
                ) from None
        if len(note) > MAX_NOTE_CHARS:
            raise LoadError(path, line, f"field 'note' has {len(note):,} characters; the limit is {MAX_NOTE_CHARS:,}")
        if action == "merge":
            if len(set(authors)) < 2:
                raise LoadError(path, line, "field 'authors' must list two or more author ids to merge")
            return cls("merge", tuple(sorted(set(authors))), when, note)
        papers = _ids(value, "papers", path, line)
        if len(authors) != 1 or not papers:
            raise LoadError(path, line, "a split names one author in 'authors' and one or more 'papers'")
        return cls("split", tuple(authors), when, note, tuple(sorted(set(papers))))

    @property
    def key(self) -> str:
        """What makes two decisions the same one (when and why aside): importing a ledger twice adds nothing."""
        return json.dumps([self.action, list(self.authors), list(self.papers)])


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _checked_note(note: str) -> str:
    if len(note) > MAX_NOTE_CHARS:
        raise BadInputError("note", f"has {len(note):,} characters; the limit is {MAX_NOTE_CHARS:,}")
    return note


def _ids(value: dict[str, Any], field: str, path: str, line: int | None) -> list[str]:
    found = value.get(field)
    if not isinstance(found, list) or not all(isinstance(item, str) and item for item in found):
        raise LoadError(path, line, f"field {field!r} must be a list of ids")
    if len(found) > MAX_IDS or any(len(item) > MAX_ID_CHARS for item in found):
        raise LoadError(
            path, line, f"field {field!r} lists more than {MAX_IDS:,} ids or an id past {MAX_ID_CHARS} characters"
        )
    return found


def read_ledger(path: Path) -> list[Decision]:
    """A ledger file (JSON Lines, one decision a line), checked whole before anything is applied."""
    decisions = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(str(path), None, f"cannot read the ledger: {error}") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                raise LoadError(str(path), number, f"invalid JSON: {error.msg}") from None
            except RecursionError:
                raise LoadError(str(path), number, "JSON nested too deeply for a curation decision") from None
            decisions.append(Decision.from_json(value, (str(path), number)))
    return decisions


def ledger_lines(decisions: Iterable[Decision]) -> str:
    """The ledger as a JSON Lines file's text, in the order decisions were made."""
    return "".join(json.dumps(d.to_json(), ensure_ascii=False) + "\n" for d in decisions)
