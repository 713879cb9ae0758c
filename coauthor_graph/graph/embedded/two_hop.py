"""Everyone two co-authorship hops from an author, scored on structure, with array operations.

This is the hot path of a recommendation: at 1M papers an author's friends of friends number
tens of thousands, and a Python loop over every u-w-c tie took most of the 40 ms a
recommendation cost. Here the ties of all of u's co-authors are gathered at once and summed
per candidate (Adamic-Adar) and maxed (the newest introduction path), as `graph.scoring`
defines them; `graph.scoring` still computes the exact score parts of every candidate
that is scored in full.
"""

from __future__ import annotations

import numpy as np

from coauthor_graph.graph import scoring

from .adjacency import NO_YEAR, Adjacency


class TwoHop:
    """Authors two hops from `u` (not u, not u's co-authors): `candidates` in key order, with their
    `structural` scores (`scoring.structural_score`) and the ties that introduce them."""

    def __init__(self, adjacency: Adjacency, u: int, own_ties: dict[int, int | None], reference: int | None) -> None:
        ties = np.fromiter(own_ties, dtype=np.int64, count=len(own_ties))
        degrees = adjacency.degrees(ties) if len(ties) else np.zeros(0, dtype=np.int32)
        introducers = np.flatnonzero(degrees >= 2)
        self._introducers = ties[introducers]
        owner, candidate, their_year = adjacency.gather(self._introducers)
        outside = ~np.isin(candidate, np.append(ties, u))
        owner, candidate, their_year = owner[outside], candidate[outside], their_year[outside].astype(np.int64)
        own_year = np.array([NO_YEAR if y is None else y for y in own_ties.values()], dtype=np.int64)[introducers]
        path_year = np.where(
            (own_year[owner] == NO_YEAR) | (their_year == NO_YEAR), NO_YEAR, np.minimum(own_year[owner], their_year)
        )
        by_candidate = np.argsort(candidate, kind="stable")
        grouped = candidate[by_candidate]
        self._starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]]) if len(grouped) else grouped
        self._ends = np.append(self._starts[1:], len(grouped))
        self.candidates = grouped[self._starts]
        self._owner = owner[by_candidate]
        self._their_year = their_year[by_candidate]
        if not len(grouped):
            self.structural = np.zeros(0)
            return
        weights = 1.0 / np.log(degrees[introducers].astype(np.float64))
        adamic_adar = np.add.reduceat(weights[self._owner], self._starts)
        newest = np.maximum.reduceat(path_year[by_candidate], self._starts)
        self.structural = scoring.structural_score(adamic_adar, _freshness(newest, reference))

    def reaches(self, authors: np.ndarray) -> np.ndarray:
        """Which of these authors are among the candidates."""
        if not len(self.candidates):
            return np.zeros(len(authors), dtype=bool)
        at = np.minimum(np.searchsorted(self.candidates, authors), len(self.candidates) - 1)
        return self.candidates[at] == authors

    def introductions(self, i: int) -> tuple[list[int], list[int | None]]:
        """Through whom candidate `i` (a position in `candidates`; past its end, none) is reached,
        and the last years of their ties to it."""
        if i >= len(self.candidates):
            return [], []
        entries = slice(self._starts[i], self._ends[i])
        via = self._introducers[self._owner[entries]].tolist()
        years = [None if y == NO_YEAR else y for y in self._their_year[entries].tolist()]
        return via, years


def _freshness(newest: np.ndarray, reference: int | None) -> np.ndarray:
    """`scoring.path_freshness` of each candidate's newest path year (none: 0), computed once per year."""
    known = newest != NO_YEAR
    if reference is None or not known.any():
        return np.zeros(len(newest))
    oldest = int(newest[known].min())
    by_age = np.array([scoring.path_freshness(year, year, reference) for year in range(oldest, reference + 1)])
    return np.where(known, by_age[np.clip(newest - oldest, 0, len(by_age) - 1)], 0.0)
