"""A corpus's history as the recommender is fitted on it and evaluated against: its papers, and the
authors whose new co-authors a window holds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HistoricPaper:
    """What link prediction needs of a paper: when, by whom, about what, where."""

    year: int
    authors: tuple[str, ...]
    """Author keys (normalized names)."""
    title: str = ""
    venue: str | None = None
    topics: tuple[str, ...] = ()
    """Topic names, as the loaders found them."""


@dataclass(frozen=True, slots=True)
class Case:
    """One evaluated author: whom they will newly write with, and whom they could."""

    author: int
    true_new: frozenset[int]
