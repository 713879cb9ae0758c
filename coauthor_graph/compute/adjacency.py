"""Graphs of the embedded store's index as compact arrays a commit patches.

The co-author graph is one (each tie carries its last year); the topic graph of authors,
papers and topics is another (its ties carry no year: NO_YEAR throughout).

Held as compressed sparse rows: the neighbours of node n are `indices[indptr[n]:indptr[n+1]]`
and the last years of those ties `years[...]` (NO_YEAR when a tie has none). Two reasons: a whole
two-hop neighbourhood is gathered with a handful of array operations instead of a Python loop
per tie, and 1M papers' ties take ~40 MB instead of the ~500 MB a dict per author took.

A commit replaces the rows of the nodes whose ties changed (both ends of every new or
changed tie, so untouched rows stay exact). Replaced rows live in a small overlay; when it
outgrows OVERLAY_SHARE of the nodes, the arrays are rebuilt with it folded in.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

import numpy as np

NO_YEAR = -1
OVERLAY_SHARE = 0.02
OVERLAY_MIN = 1_000

_Row = tuple[np.ndarray, np.ndarray]


class Adjacency:
    def __init__(self, sources: np.ndarray, targets: np.ndarray, years: np.ndarray) -> None:
        """Build from directed ties (each undirected tie given both ways)."""
        self._overlay: dict[int, _Row] = {}
        self._set_ties(sources, targets, years)

    def _set_ties(self, sources: np.ndarray, targets: np.ndarray, years: np.ndarray) -> None:
        size = int(sources.max()) + 1 if len(sources) else 1
        order = np.argsort(sources, kind="stable")
        self._indptr = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(np.bincount(sources, minlength=size), out=self._indptr[1:])
        self._indices = targets[order].astype(np.int32)
        self._years = years[order].astype(np.int16)
        self._degrees = np.diff(self._indptr).astype(np.int32)
        self._overlaid = np.zeros(size, dtype=bool)

    @classmethod
    def from_ties(cls, ties: np.ndarray) -> Adjacency:
        """From an (n, 3) array of undirected ties `a, b, last year`."""
        a, b, years = ties[:, 0], ties[:, 1], ties[:, 2]
        return cls(np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([years, years]))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, int, int]], count: int) -> Adjacency:
        """From `count` undirected ties `a, b, last year` as rows (say, a query's), without a list of them."""
        return cls.from_ties(as_array(rows, count, width=3, dtype=np.int32))

    def replace_rows(self, rows: Mapping[int, Mapping[int, int | None]]) -> None:
        """Give these nodes exactly these ties (co-node -> last year)."""
        largest = max(rows, default=0)
        if largest >= len(self._degrees):
            self._degrees = np.concatenate([self._degrees, np.zeros(largest + 1 - len(self._degrees), np.int32)])
            self._overlaid = np.concatenate([self._overlaid, np.zeros(largest + 1 - len(self._overlaid), bool)])
        for node, ties in rows.items():
            self._overlay[node] = (
                np.fromiter(ties, dtype=np.int32, count=len(ties)),
                np.fromiter((NO_YEAR if y is None else y for y in ties.values()), dtype=np.int16, count=len(ties)),
            )
            self._degrees[node] = len(ties)
            self._overlaid[node] = True
        if len(self._overlay) > max(OVERLAY_MIN, OVERLAY_SHARE * len(self._degrees)):
            self._fold_overlay()

    def _fold_overlay(self) -> None:
        base_sources = np.repeat(np.arange(len(self._indptr) - 1), np.diff(self._indptr))
        kept = ~np.isin(base_sources, np.fromiter(self._overlay, dtype=np.int64))
        overlaid = list(self._overlay.items())
        sources = np.concatenate(
            [base_sources[kept]] + [np.full(len(targets), node) for node, (targets, _) in overlaid]
        )
        targets = np.concatenate([self._indices[kept]] + [targets for _, (targets, _) in overlaid])
        years = np.concatenate([self._years[kept]] + [years for _, (_, years) in overlaid])
        self._overlay = {}
        self._set_ties(sources, targets, years)

    def row(self, node: int) -> _Row:
        """Co-nodes of one node and the last years of those ties."""
        overlaid = self._overlay.get(node)
        if overlaid is not None:
            return overlaid
        if node + 1 >= len(self._indptr):
            return self._indices[:0], self._years[:0]
        start, end = self._indptr[node], self._indptr[node + 1]
        return self._indices[start:end], self._years[start:end]

    def ties(self, node: int) -> dict[int, int | None]:
        targets, years = self.row(node)
        return {c: (None if y == NO_YEAR else y) for c, y in zip(targets.tolist(), years.tolist(), strict=True)}

    @property
    def size(self) -> int:
        """One more than the largest node key: the length of an array indexed by node."""
        return len(self._degrees)

    def degrees(self, nodes: np.ndarray) -> np.ndarray:
        """Degrees of these nodes (0 for a node past the largest with ties)."""
        found = np.zeros(len(nodes), dtype=np.int32)
        known = nodes < self.size
        found[known] = self._degrees[nodes[known]]
        return found

    def gather(self, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All ties of these nodes at once: (position of the owner in `nodes`, co-node, last year)."""
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        known = nodes < self.size
        in_base = known & (nodes < len(self._indptr) - 1)
        in_base[known] &= ~self._overlaid[nodes[known]]
        positions = np.flatnonzero(in_base)
        if len(positions):
            starts = self._indptr[nodes[positions]]
            lengths = self._indptr[nodes[positions] + 1] - starts
            total = int(lengths.sum())
            offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
            entries = np.arange(total) + offsets
            parts.append((np.repeat(positions, lengths), self._indices[entries], self._years[entries]))
        for position in np.flatnonzero(known & ~in_base).tolist():
            targets, years = self.row(int(nodes[position]))
            parts.append((np.full(len(targets), position), targets, years))
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return tuple(np.concatenate(column) for column in zip(*parts, strict=True))  # type: ignore[return-value]


def ties_by_node(rows: Iterable[tuple[int, int, int | None]], nodes: set[int]) -> dict[int, dict[int, int | None]]:
    """The complete tie rows of `nodes`, from every tie that has one of them at an end."""
    found: dict[int, dict[int, int | None]] = {node: {} for node in nodes}
    for a, b, last_year in rows:
        if a in found:
            found[a][b] = last_year
        if b in found:
            found[b][a] = last_year
    return found


def as_array(rows: Iterable[tuple[int, ...]], count: int, width: int, dtype: type = np.int64) -> np.ndarray:
    """`count` rows of `width` integers (say, a query's) as a (count, width) array, without a list of them."""
    return np.fromiter(itertools.chain.from_iterable(rows), dtype=dtype, count=width * count).reshape(-1, width)
