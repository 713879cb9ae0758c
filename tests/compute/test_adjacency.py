"""The embedded index's co-author arrays answer exactly as a plain dict of ties would,
before and after commits patch them, and after the patches are folded in."""

from __future__ import annotations

import random

import numpy as np
import pytest

from coauthor_graph.compute import adjacency as adjacency_module
from coauthor_graph.compute.adjacency import NO_YEAR, Adjacency, ties_by_node


def _random_ties(rng: random.Random, authors: int, pairs: int) -> dict[tuple[int, int], int | None]:
    ties: dict[tuple[int, int], int | None] = {}
    while len(ties) < pairs:
        a, b = sorted(rng.sample(range(1, authors + 1), 2))
        ties[(a, b)] = rng.choice([None, *range(1990, 2026)])
    return ties


def _as_rows(ties: dict[tuple[int, int], int | None]) -> dict[int, dict[int, int | None]]:
    rows: dict[int, dict[int, int | None]] = {}
    for (a, b), year in ties.items():
        rows.setdefault(a, {})[b] = year
        rows.setdefault(b, {})[a] = year
    return rows


def _build(ties: dict[tuple[int, int], int | None]) -> Adjacency:
    flat = [(a, b, NO_YEAR if year is None else year) for (a, b), year in ties.items()]
    return Adjacency.from_ties(np.array(flat, dtype=np.int64).reshape(-1, 3))


def _assert_same(adjacency: Adjacency, expected: dict[int, dict[int, int | None]], authors: int) -> None:
    for author in range(0, authors + 3):
        assert adjacency.ties(author) == expected.get(author, {})
        assert adjacency.degrees(np.array([author]))[0] == len(expected.get(author, {}))
    asked = np.array(sorted(expected)[:40] + sorted(expected)[-5:], dtype=np.int64)
    owner, coauthor, year = adjacency.gather(asked)
    gathered = sorted(zip(asked[owner].tolist(), coauthor.tolist(), year.tolist(), strict=True))
    wanted = sorted((a, c, NO_YEAR if y is None else y) for a in asked.tolist() for c, y in expected.get(a, {}).items())
    assert gathered == wanted


@pytest.mark.parametrize("overlay_min", [1_000, 3])
def test_patched_and_folded_arrays_match_the_dict(monkeypatch: pytest.MonkeyPatch, overlay_min: int) -> None:
    monkeypatch.setattr(adjacency_module, "OVERLAY_MIN", overlay_min)
    rng = random.Random(7)
    ties = _random_ties(rng, authors=60, pairs=200)
    adjacency = _build(ties)
    _assert_same(adjacency, _as_rows(ties), 60)
    for _ in range(6):  # commits: new ties (some to brand-new authors), later years on old ones
        changed = {pair: rng.randrange(2000, 2030) for pair in rng.sample(sorted(ties), 5)}
        for _ in range(5):
            a, b = sorted(rng.sample(range(1, 70), 2))
            changed[(a, b)] = rng.choice([None, 2027])
        ties.update(changed)
        touched = {author for pair in changed for author in pair}
        rows = [(a, b, year) for (a, b), year in ties.items() if a in touched or b in touched]
        adjacency.replace_rows(ties_by_node(rows, touched))
        _assert_same(adjacency, _as_rows(ties), 70)
