"""What each author writes about, where, and how much: the embedded store's recommendation index.

Held as sparse matrices indexed by author key, derived from the SQLite tables on the first
recommendation after open or after a commit (a commit drops it):
- `term_counts`: author x title term, how many of the author's papers use the term in their
  title (`graph.title_terms`), with its transpose by term (`postings`) for matching a query;
- `venues`: author x venue, the `author_venue` tally;
- per author: papers and newest paper year.
At 1M papers this is one pass over the titles and the AUTHORED rows (see the store benchmark).
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable

import numpy as np
from scipy import sparse

from coauthor_graph.graph import title_terms


class AuthorProfiles:
    def __init__(self, db: sqlite3.Connection) -> None:
        (authors,) = db.execute("SELECT coalesce(max(n), 0) + 1 FROM author").fetchone()
        (papers, self.total_papers) = db.execute("SELECT coalesce(max(n), 0) + 1, count(*) FROM paper").fetchone()
        vocabulary: dict[str, int] = {}
        paper_keys: list[int] = []
        term_keys: list[int] = []
        years = np.zeros(papers, dtype=np.int32)
        for n, title, year in db.execute("SELECT n, title, year FROM paper"):
            years[n] = year or 0
            for term in title_terms.title_terms(title):
                paper_keys.append(n)
                term_keys.append(vocabulary.setdefault(term, len(vocabulary)))
        self.terms = list(vocabulary)
        self.papers_with_term = np.bincount(term_keys, minlength=len(self.terms))
        paper_terms = _ones(paper_keys, term_keys, (papers, len(self.terms)))
        (rows,) = db.execute("SELECT count(*) FROM authored").fetchone()
        authored = _pairs(db.execute("SELECT author, paper FROM authored"), rows)
        authorship = _ones(authored[:, 0], authored[:, 1], (authors, papers))
        self.term_counts = (authorship @ paper_terms).tocsr()
        self.postings = self.term_counts.tocsc()
        self.papers = np.bincount(authored[:, 0], minlength=authors)
        self.last_year = np.zeros(authors, dtype=np.int32)
        np.maximum.at(self.last_year, authored[:, 0], years[authored[:, 1]])
        (rows,) = db.execute("SELECT count(*) FROM author_venue").fetchone()
        tally = _pairs(db.execute("SELECT author, venue, papers FROM author_venue"), rows, width=3)
        (venues,) = db.execute("SELECT coalesce(max(n), 0) + 1 FROM venue").fetchone()
        self.venues = sparse.csr_matrix(
            (tally[:, 2].astype(np.float64), (tally[:, 0], tally[:, 1])), shape=(authors, venues)
        )
        self.by_venue = self.venues.tocsc()
        norms = np.sqrt(np.asarray(self.venues.multiply(self.venues).sum(axis=1)).ravel())
        self.venue_norms = np.where(norms > 0, norms, 1.0)

    @property
    def size(self) -> int:
        return len(self.papers)

    def query(self, authors: np.ndarray) -> dict[int, float]:
        """The match weights (`title_terms.query_weights`) of these authors' terms taken together, by term key."""
        rows = [_row(self.term_counts, author) for author in authors.tolist()]
        counts = np.bincount(
            np.concatenate([terms for terms, _ in rows] or [np.zeros(0, dtype=np.int64)]),
            weights=np.concatenate([tf for _, tf in rows] or [np.zeros(0)]),
            minlength=len(self.terms),
        )
        used = np.flatnonzero(counts)
        names = [self.terms[t] for t in used.tolist()]
        weights = title_terms.query_weights(names, counts[used], self.papers_with_term[used], self.total_papers)
        key = dict(zip(names, used.tolist(), strict=True))
        return {key[term]: weight for term, weight in weights.items()}

    def match(self, weights: dict[int, float]) -> np.ndarray:
        """Every author's match score against a query (0 for those using none of its terms)."""
        if not weights:
            return np.zeros(self.size)
        postings = [_row(self.postings, term) for term in weights]
        authors = np.concatenate([authors for authors, _ in postings])
        shares = np.concatenate(
            [title_terms.match(weight, tf) for weight, (_, tf) in zip(weights.values(), postings, strict=True)]
        )
        return np.bincount(authors, weights=shares, minlength=self.size)

    def venue_similarity(self, u: int, candidates: np.ndarray) -> np.ndarray:
        """Cosine of u's venue counts with each candidate's, summed over u's venues' columns."""
        dots = np.zeros(self.size)
        for venue, papers in zip(*_row(self.venues, u), strict=True):
            authors, theirs = _row(self.by_venue, venue)
            dots[authors] += papers * theirs
        return dots[candidates] / (self.venue_norms[u] * self.venue_norms[candidates])


def _row(matrix: sparse.csr_matrix | sparse.csc_matrix, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The stored keys and values of one row (CSR) or column (CSC)."""
    start, end = matrix.indptr[n], matrix.indptr[n + 1]
    return matrix.indices[start:end], matrix.data[start:end]


def _pairs(rows: Iterable[tuple[int, ...]], count: int, width: int = 2) -> np.ndarray:
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=width * count)
    return flat.reshape(-1, width)


def _ones(
    rows: Iterable[int] | np.ndarray, columns: Iterable[int] | np.ndarray, shape: tuple[int, int]
) -> sparse.csr_matrix:
    rows, columns = np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64)
    return sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=shape)
