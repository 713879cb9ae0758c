"""Everyone within three co-authorship hops of an author, with the structural facts of each, as
array operations.

This is the hot path of a recommendation: at 1M papers an author's friends of friends number
tens of thousands, and a Python loop over every u-w-c tie took most of the 40 ms a
recommendation once cost. Here the ties of all of u's co-authors are gathered at once and
summed per author into arrays indexed by author key (common neighbours, resource allocation,
Adamic-Adar), maxed (the newest introduction path), and gathered twice more, through people
with at most WALK_DEGREE co-authors, for the walks of length 3, as
`fitting.training.HistoryFacts` defines them.
"""

from __future__ import annotations

import numpy as np

from coauthor_graph.compute.adjacency import NO_YEAR, Adjacency
from coauthor_graph.recommend import scoring
from coauthor_graph.recommend.features import WALK_DEGREE


class Neighbourhood:
    """Per author key (arrays of length `size`): the structural facts relative to `u`."""

    def __init__(self, adjacency: Adjacency, u: int, own_ties: dict[int, int | None], size: int, reference: int | None):
        self.ties = ties = np.fromiter(own_ties, dtype=np.int64, count=len(own_ties))  # u's co-authors
        own_year = np.array([NO_YEAR if y is None else y for y in own_ties.values()], dtype=np.int64)
        degrees = adjacency.degrees(ties).astype(np.float64) if len(ties) else np.zeros(0)
        owner, reached, their_year = adjacency.gather(ties)
        self._introducer, self._reached = ties[owner], reached
        self.common_neighbours = np.bincount(reached, minlength=size).astype(np.float64)
        self.resource_allocation = np.bincount(reached, weights=1.0 / degrees[owner], minlength=size)
        adamic_adar = np.where(degrees > 1, 1.0 / np.log(np.maximum(degrees, 2.0)), 0.0)
        self.adamic_adar = np.bincount(reached, weights=adamic_adar[owner], minlength=size)
        their_year = their_year.astype(np.int64)
        path_year = np.where(
            (own_year[owner] == NO_YEAR) | (their_year == NO_YEAR), NO_YEAR, np.minimum(own_year[owner], their_year)
        )
        self._newest = np.full(size, NO_YEAR, dtype=np.int64)
        np.maximum.at(self._newest, reached, path_year)
        self._reference = reference
        _, middle, _ = adjacency.gather(ties[degrees <= WALK_DEGREE])
        _, reached_3, _ = adjacency.gather(middle[adjacency.degrees(middle) <= WALK_DEGREE])
        self.walks_3 = np.bincount(reached_3, minlength=size).astype(np.float64)

    def path_freshness(self, keys: np.ndarray) -> np.ndarray:
        """`scoring.path_freshness` of these authors' newest introduction paths (none: 0)."""
        return _freshness(self._newest[keys], self._reference)

    def shared_coauthors(self, c: int) -> list[int]:
        """u's co-authors who have written with c, by key."""
        return sorted(self._introducer[self._reached == c].tolist())

    def within_three_hops(self) -> np.ndarray:
        """Per author key, whether two or three hops lead there (to u and u's co-authors too)."""
        return (self.common_neighbours > 0) | (self.walks_3 > 0)


def _freshness(newest: np.ndarray, reference: int | None) -> np.ndarray:
    """`scoring.path_freshness` of each author's newest path year (none: 0), computed once per year."""
    known = newest != NO_YEAR
    if reference is None or not known.any():
        return np.zeros(len(newest))
    oldest = int(newest[known].min())
    by_age = np.array([scoring.path_freshness(year, year, reference) for year in range(oldest, reference + 1)])
    return np.where(known, by_age[np.clip(newest - oldest, 0, len(by_age) - 1)], 0.0)
