"""A corpus's history as arrays: authorships, co-authorship ties, author profiles and the window's new
collaborations, built with a handful of array operations per step.

What `link_prediction.train_graph` and `cases` compute with a Python loop per tie (25 s of a fit at 1M
papers), for the fitting (`training.fit_weights`); numbering authors as `train_graph` does, in order of
first appearance among the papers sorted by year, so both give the same answers
(`tests/recommend/test_served_recommendations.py`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coauthor_graph.compute.adjacency import Adjacency
from coauthor_graph.compute.profiles import AuthorProfiles
from coauthor_graph.domain.hyperauthorship import pairs_authors
from coauthor_graph.fitting.history import Case, HistoricPaper


@dataclass(frozen=True)
class ArrayHistory:
    numbers: dict[str, int]
    """Author key -> number, in number order."""
    adjacency: Adjacency
    profiles: AuthorProfiles
    reference_year: int | None


def array_history(papers: Sequence[HistoricPaper], split: int) -> ArrayHistory:
    """The history of the papers up to `split`."""
    history = sorted((p for p in papers if p.year <= split), key=lambda p: p.year)
    numbers: dict[str, int] = {}
    owner, paper, lengths = mentions(history, numbers, assign=True)
    years = np.array([p.year for p in history], dtype=np.int64)
    first, second, where = pairs(owner, paper, lengths, history)
    ties = _latest_ties(first, second, years[where], len(numbers))
    venue_key: dict[str, int] = {}
    venue_of = np.array([venue_key.setdefault(p.venue, len(venue_key)) if p.venue else -1 for p in history])
    placed = venue_of[paper] if len(paper) else paper
    at_venue = placed >= 0
    width = max(1, len(venue_key))
    codes, counts = np.unique(owner[at_venue] * width + placed[at_venue], return_counts=True)
    profiles = AuthorProfiles(
        ((n, p.title, p.year) for n, p in enumerate(history)),
        (len(numbers), len(history), len(venue_key)),
        np.column_stack([owner, paper]),
        np.column_stack([codes // width, codes % width, counts]).astype(np.int64),
    )
    return ArrayHistory(
        numbers,
        Adjacency.from_ties(ties),
        profiles,
        int(years.max()) if len(years) else None,
    )


def new_collaborations(history: ArrayHistory, papers: Sequence[HistoricPaper], split: int, end: int) -> list[Case]:
    """`link_prediction.cases` over the array history: authors with 3 history papers and, in the papers of
    split < year <= end, co-authors with a history paper they had not written with."""
    window = [p for p in papers if split < p.year <= end]
    owner, paper, lengths = mentions(window, history.numbers, assign=False)
    first, second, _ = pairs(owner, paper, lengths, window)
    size = len(history.numbers)
    ties = history.adjacency
    source, target, _ = ties.gather(np.arange(size))
    tied = np.sort(source * size + target)
    codes = first * size + second
    at = np.minimum(np.searchsorted(tied, codes), max(len(tied) - 1, 0))
    known = tied[at] == codes if len(tied) else np.zeros(len(codes), dtype=bool)
    experienced = history.profiles.papers[first] >= 3
    keep = ~known & experienced
    codes = np.unique(codes[keep])
    if not len(codes):
        return []
    authors, found = np.unique(codes // size, return_index=True)
    groups = np.split(codes % size, found[1:])
    return [Case(int(a), frozenset(g.tolist())) for a, g in zip(authors.tolist(), groups, strict=True)]


def mentions(
    papers: Sequence[HistoricPaper], numbers: dict[str, int], *, assign: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(author number, paper index) of every authorship in paper order, and each paper's count of them. With
    `assign`, an unknown key takes the next number; without, it is left out."""
    people = []
    for paper in papers:
        found = []
        for key in dict.fromkeys(paper.authors):
            n = numbers.get(key)
            if n is None:
                if not assign:
                    continue
                n = numbers[key] = len(numbers)
            found.append(n)
        people.append(found)
    lengths = np.fromiter(map(len, people), dtype=np.int64, count=len(people))
    owner = np.fromiter(itertools.chain.from_iterable(people), dtype=np.int64, count=int(lengths.sum()))
    return owner, np.repeat(np.arange(len(people), dtype=np.int64), lengths), lengths


def pairs(
    owner: np.ndarray, paper: np.ndarray, lengths: np.ndarray, papers: Sequence[HistoricPaper]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every ordered pair (a, b), a != b, of authors of one paper that pairs its authors
    (`domain.hyperauthorship`), with that paper's index."""
    paired = np.fromiter((pairs_authors(len(set(p.authors))) for p in papers), dtype=bool, count=len(papers))
    kept = paired[paper]
    owner, paper, lengths = owner[kept], paper[kept], np.where(paired, lengths, 0)
    per_mention = lengths[paper]
    first = np.repeat(np.arange(len(owner)), per_mention)
    start = np.repeat((np.cumsum(lengths) - lengths)[paper], per_mention)
    second = start + np.arange(len(first)) - np.repeat(np.cumsum(per_mention) - per_mention, per_mention)
    keep = first != second
    return owner[first[keep]], owner[second[keep]], paper[first[keep]]


def _latest_ties(first: np.ndarray, second: np.ndarray, years: np.ndarray, size: int) -> np.ndarray:
    """(a, b, year of their latest joint paper) per pair, a < b."""
    below = first < second
    codes, years = first[below] * size + second[below], years[below]
    order = np.lexsort((years, codes))
    codes, years = codes[order], years[order]
    last = np.r_[codes[1:] != codes[:-1], True] if len(codes) else np.zeros(0, dtype=bool)
    return np.column_stack([codes[last] // size, codes[last] % size, years[last]]).astype(np.int64)
