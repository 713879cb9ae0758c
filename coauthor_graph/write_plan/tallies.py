"""The derived tallies a batch of papers adds (COAUTHORED, author-topic, author-venue, topic pairs),
counted in bulk.

The writer notes, per paper, who and what it is about and where it appeared after the record,
and which of those edges the record added. A pair counts once per paper when at least one of its
two edges is new, so loading the same paper again adds nothing. Pairs are formed and summed with NumPy over
the whole batch at flush time: forming them in a Python loop per paper took a sixth of a load.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from coauthor_graph.domain.hyperauthorship import MAX_PAIRED_AUTHORS, pairs_authors

_SECOND_BITS = 32
"""A pair's key holds its second member in the low bits, its first above them."""
_SECOND_MASK = (1 << _SECOND_BITS) - 1
_NO_YEAR_LOW = np.iinfo(np.int64).max
_NO_YEAR_HIGH = np.iinfo(np.int64).min


class TallyBatch:
    """Papers noted since the last flush, as flat member lists with each paper's sizes."""

    def __init__(self) -> None:
        self._authors: list[int] = []
        self._author_is_new: list[bool] = []
        self._author_counts: list[int] = []
        self._author_starts: list[int] = []
        self._topics: list[int] = []
        self._topic_is_new: list[bool] = []
        self._topic_counts: list[int] = []
        self._years: list[int | None] = []
        self._venues: list[int] = []
        """Per paper, its venue (-1: none)."""
        self._venue_is_new: list[bool] = []
        self._papers_of: dict[int, list[int]] = {}
        """Per author, the noted papers (by position) that gave them new co-authors."""

    def note(
        self,
        authors: list[int],
        new_authors: set[int],
        topics: list[int],
        new_topics: set[int],
        venue: int | None,
        new_venue: bool,
        year: int | None,
    ) -> None:
        """One paper's authors and topics (each sorted) and venue after the record, and which of those
        edges are new."""
        slot = len(self._years)
        self._author_starts.append(len(self._authors))
        self._authors += authors
        self._author_is_new += [a in new_authors for a in authors]
        self._author_counts.append(len(authors))
        self._topics += topics
        self._topic_is_new += [t in new_topics for t in topics]
        self._topic_counts.append(len(topics))
        self._years.append(year)
        self._venues.append(-1 if venue is None else venue)
        self._venue_is_new.append(new_venue)
        if new_authors and pairs_authors(len(authors)):
            for author in authors:
                self._papers_of.setdefault(author, []).append(slot)

    def pending_coauthors(self, author: int) -> set[int]:
        """Whom the noted papers make `author` a new co-author of (not yet in the coauthored table)."""
        found: set[int] = set()
        for slot in self._papers_of.get(author, ()):
            start = self._author_starts[slot]
            found.update(self._authors[start : start + self._author_counts[slot]])
        found.discard(author)
        return found

    def coauthored(self) -> Iterator[tuple[int, int, int, int | None, int | None]]:
        """(a, b, papers, first year, last year) with a < b, in key order."""
        authors, is_new, counts = _arrays(self._authors, self._author_is_new, self._author_counts)
        first, second, paper = _pairs_within(authors, is_new, counts, most=MAX_PAIRED_AUTHORS)
        keys, inverse, papers = _summed(first, second)
        # A paper without a year leaves a pair's first and last year as they were: None if no paper has one.
        first_year = np.full(len(keys), _NO_YEAR_LOW)
        np.minimum.at(first_year, inverse, _years(self._years, _NO_YEAR_LOW)[paper])
        last_year = np.full(len(keys), _NO_YEAR_HIGH)
        np.maximum.at(last_year, inverse, _years(self._years, _NO_YEAR_HIGH)[paper])
        for (a, b, count), start, end in zip(
            _counted_pairs(keys, papers), first_year.tolist(), last_year.tolist(), strict=True
        ):
            yield a, b, count, _year(start), _year(end)

    def topic_pairs(self) -> Iterator[tuple[int, int, int]]:
        """(a, b, papers) with a < b, in key order."""
        topics, is_new, counts = _arrays(self._topics, self._topic_is_new, self._topic_counts)
        first, second, _ = _pairs_within(topics, is_new, counts)
        keys, _, papers = _summed(first, second)
        return _counted_pairs(keys, papers)

    def author_topics(self) -> Iterator[tuple[int, int, int]]:
        """(author, topic, papers), in key order: an author counts a topic when either edge is new."""
        authors, author_is_new, author_counts = _arrays(self._authors, self._author_is_new, self._author_counts)
        topics, topic_is_new, topic_counts = _arrays(self._topics, self._topic_is_new, self._topic_counts)
        rows_per_paper = author_counts * topic_counts
        paper = np.repeat(np.arange(len(rows_per_paper)), rows_per_paper)
        within = np.arange(len(paper)) - np.repeat(np.cumsum(rows_per_paper) - rows_per_paper, rows_per_paper)
        author = _starts(author_counts)[paper] + within // topic_counts[paper]
        topic = _starts(topic_counts)[paper] + within % topic_counts[paper]
        keep = author_is_new[author] | topic_is_new[topic]
        keys, _, papers = _summed(authors[author[keep]], topics[topic[keep]])
        return _counted_pairs(keys, papers)

    def author_venues(self) -> Iterator[tuple[int, int, int]]:
        """(author, venue, papers), in key order: an author counts a venue when either edge is new."""
        authors, author_is_new, author_counts = _arrays(self._authors, self._author_is_new, self._author_counts)
        paper = np.repeat(np.arange(len(author_counts)), author_counts)
        venues, venue_is_new = np.array(self._venues, dtype=np.int64), np.array(self._venue_is_new, dtype=bool)
        keep = (venues[paper] >= 0) & (author_is_new | venue_is_new[paper])
        keys, _, papers = _summed(authors[keep], venues[paper[keep]])
        return _counted_pairs(keys, papers)


def _arrays(members: list[int], is_new: list[bool], counts: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.array(members, dtype=np.int64), np.array(is_new, dtype=bool), np.array(counts, dtype=np.int64)


def _starts(counts: np.ndarray) -> np.ndarray:
    return np.cumsum(counts) - counts


def _pairs_within(
    members: np.ndarray, is_new: np.ndarray, counts: np.ndarray, most: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of members of one paper with at least one new edge: (first, second, paper), first < second;
    papers with more than `most` members make none.

    Papers of one size are taken together, as a matrix with a row per paper.
    """
    starts = _starts(counts)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    sizes = counts[counts >= 2]
    if most is not None:
        sizes = sizes[sizes <= most]
    for size in np.unique(sizes).tolist():
        papers = np.flatnonzero(counts == size)
        at = starts[papers][:, None] + np.arange(size)
        left, right = np.triu_indices(size, 1)
        keep = (is_new[at[:, left]] | is_new[at[:, right]]).ravel()
        found.append(
            (
                members[at[:, left]].ravel()[keep],
                members[at[:, right]].ravel()[keep],
                np.repeat(papers, len(left))[keep],
            )
        )
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return tuple(np.concatenate(parts) for parts in zip(*found, strict=True))  # type: ignore[return-value]


def _summed(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (first, second) pairs as keys first << _SECOND_BITS | second, where each row went,
    and their counts."""
    keys, inverse, counts = np.unique((first << _SECOND_BITS) | second, return_inverse=True, return_counts=True)
    return keys, inverse, counts


def _counted_pairs(keys: np.ndarray, counts: np.ndarray) -> Iterator[tuple[int, int, int]]:
    """(first, second, count) per key of `_summed`, in key order."""
    for key, count in zip(keys.tolist(), counts.tolist(), strict=True):
        yield key >> _SECOND_BITS, key & _SECOND_MASK, count


def _years(years: list[int | None], missing: int) -> np.ndarray:
    return np.array([missing if year is None else year for year in years], dtype=np.int64)


def _year(value: int) -> int | None:
    return None if value in (_NO_YEAR_LOW, _NO_YEAR_HIGH) else value
