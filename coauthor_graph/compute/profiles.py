"""What each author writes about, where, and how much: the recommendation index of every store.

Held as sparse matrices indexed by author key, built from a store's rows on the first
recommendation after open:
- `term_counts`: author x title term, how many of the author's papers use the term in their
  title (`recommend.title_terms`), with its transpose by term (`postings`) for matching a query;
- `venues`: author x venue, the `author_venue` tally (with its transpose by venue);
- per author: papers and newest paper year; per term, how many papers use it.
At 1M papers the build is one pass over the titles and the AUTHORED rows (see the store benchmark).

A commit patches them (`patch`): the papers it touched get their terms again, and the authors of
those papers get their rows again, held in a small overlay that the queries read in place of
the stale base rows. Past OVERLAY_SHARE of the authors a rebuild is cheaper, and the store drops
the profiles to be built on the next recommendation.

Built from a store's rows (the embedded index's tables, the Neo4j projection's pages) or from a
corpus's history (`fitting.training`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from coauthor_graph.compute.interned import Interned
from coauthor_graph.identity.keys import title_terms as terms_of_title
from coauthor_graph.recommend import title_terms

OVERLAY_SHARE = 0.02
OVERLAY_MIN = 1_000
_NONE = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class ProfileChange:
    """What a commit did to the papers it touched, as the store reads it back after the commit."""

    papers: Iterable[tuple[int, str, int | None]]
    """Key, title and year of each touched paper."""
    authors_of_papers: Mapping[int, Sequence[int]]
    """The authors of each touched paper now."""
    sizes: tuple[int, int, int]
    """(authors, papers, venues): one more than each largest key."""
    total_papers: int
    last_years: Callable[[set[int]], Iterable[tuple[int, int | None]]]
    """The newest paper year of each of these authors."""
    venue_tallies: Callable[[list[int]], Iterable[tuple[int, int, int]]]
    """(author, venue, papers) of these authors, ordered by author and venue."""


class AuthorProfiles:
    def __init__(
        self,
        titles: Iterable[tuple[int, str, int | None]],
        sizes: tuple[int, int, int],
        authored: np.ndarray,
        tally: np.ndarray,
    ) -> None:
        """From each paper's key, title and year; (authors, papers, venues), one more than each largest key;
        (author, paper) rows; and (author, venue, papers) rows."""
        authors, papers, venues = sizes
        self._terms = Interned()
        paper_keys: list[int] = []
        term_keys: list[int] = []
        self._years = np.zeros(papers, dtype=np.int32)
        self.total_papers = 0
        for n, title, year in titles:
            self.total_papers += 1
            self._years[n] = year or 0
            for term in terms_of_title(title):
                paper_keys.append(n)
                term_keys.append(self._terms.key(term))
        self.terms = self._terms.ids
        self.papers_with_term = np.bincount(term_keys, minlength=len(self.terms))
        self._paper_terms = _ones(paper_keys, term_keys, (papers, len(self.terms)))
        authorship = _ones(authored[:, 0], authored[:, 1], (authors, papers))
        self.term_counts = (authorship @ self._paper_terms).tocsr()
        self.postings = self.term_counts.tocsc()
        self.papers = np.bincount(authored[:, 0], minlength=authors)
        self.last_year = np.zeros(authors, dtype=np.int32)
        np.maximum.at(self.last_year, authored[:, 0], self._years[authored[:, 1]])
        self.venues = sparse.csr_matrix(
            (tally[:, 2].astype(np.float64), (tally[:, 0], tally[:, 1])), shape=(authors, venues)
        )
        self.by_venue = self.venues.tocsc()
        self.venue_norms = _norms(self.venues)
        self._paper_authors = authorship.T.tocsr()
        self._changed_papers: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # paper -> its terms, authors now
        self._changed_terms: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # author -> terms, papers using each
        self._changed_venues: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # author -> venues, papers at each
        self._overlay = _Overlay.of(self._changed_terms, self._changed_venues, len(self.terms), venues)

    @property
    def size(self) -> int:
        return len(self.papers)

    # --- a commit ----------------------------------------------------------------------------------

    def patch(self, change: ProfileChange) -> bool:
        """Bring the profiles in step with a commit that touched some papers (new, changed, or with new
        authors or a venue). False when so much has changed that a rebuild is cheaper.

        Each touched paper takes its old terms away from its old authors' rows and gives its new terms
        to its authors now, so the cost follows the commit, not the authors' whole output."""
        authors = change.sizes[0]
        self.papers, self.last_year = _grown(self.papers, authors), _grown(self.last_year, authors)
        self.venue_norms = _grown(self.venue_norms, authors, fill=1.0)
        changes: dict[int, list[tuple[np.ndarray, int]]] = {}  # author -> (terms, +1 or -1) per paper
        recount_years: set[int] = set()
        for n, title, year in change.papers:
            before, after = self._terms_of_paper(n), self._new_terms(title)
            before_authors, after_authors = self._authors_of_paper(n), change.authors_of_papers.get(n, [])
            self.papers_with_term = _grown(self.papers_with_term, len(self.terms))
            np.subtract.at(self.papers_with_term, before, 1)
            np.add.at(self.papers_with_term, after, 1)
            self._years = _grown(self._years, n + 1)
            old_year, self._years[n] = int(self._years[n]), year or 0
            for author in before_authors.tolist():
                changes.setdefault(author, []).append((before, -1))
                self.papers[author] -= 1
                if old_year and old_year >= self.last_year[author]:
                    recount_years.add(author)
            for author in after_authors:
                changes.setdefault(author, []).append((after, 1))
                self.papers[author] += 1
                self.last_year[author] = max(self.last_year[author], year or 0)
            self._changed_papers[n] = (after, np.array(sorted(after_authors), dtype=np.int64))
        self.total_papers = change.total_papers
        for author, papers_changed in changes.items():
            terms, counts = self._changed_terms.get(author) or _row(self.term_counts, author)
            signs = [np.full(len(t), sign, dtype=np.int64) for t, sign in papers_changed]
            every = np.concatenate([terms.astype(np.int64), *(t for t, _ in papers_changed)])
            keys, where = np.unique(every, return_inverse=True)
            summed = np.bincount(where, weights=np.concatenate([counts, *signs]), minlength=len(keys))
            kept = summed > 0
            self._changed_terms[author] = (keys[kept], summed[kept])
        for author, last in change.last_years(recount_years):
            self.last_year[author] = last or 0
        tallies: dict[int, list[tuple[int, int]]] = {author: [] for author in changes}
        for author, venue, count in change.venue_tallies(sorted(changes)):
            tallies[author].append((venue, count))
        for author, pairs in tallies.items():
            counts = np.array([count for _, count in pairs], dtype=np.float64)
            self._changed_venues[author] = (np.array([venue for venue, _ in pairs], dtype=np.int64), counts)
            self.venue_norms[author] = float(np.sqrt((counts**2).sum())) or 1.0
        if len(self._changed_terms) > max(OVERLAY_MIN, OVERLAY_SHARE * self.size):
            return False
        self._overlay = _Overlay.of(self._changed_terms, self._changed_venues, len(self.terms), change.sizes[2])
        return True

    def _new_terms(self, title: str) -> np.ndarray:
        return np.array(sorted({self._terms.key(t) for t in terms_of_title(title)}), dtype=np.int64)

    def _terms_of_paper(self, n: int) -> np.ndarray:
        changed = self._changed_papers.get(n)
        return changed[0] if changed is not None else _row(self._paper_terms, n)[0].astype(np.int64)

    def _authors_of_paper(self, n: int) -> np.ndarray:
        changed = self._changed_papers.get(n)
        return changed[1] if changed is not None else _row(self._paper_authors, n)[0].astype(np.int64)

    # --- queries -----------------------------------------------------------------------------------

    def query(self, authors: np.ndarray) -> dict[int, float]:
        """The match weights (`title_terms.query_weights`) of these authors' terms taken together, by term key."""
        rows = [self._changed_terms.get(a) or _row(self.term_counts, a) for a in authors.tolist()]
        counts = np.bincount(
            np.concatenate([terms for terms, _ in rows] or [_NONE]),
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
        scores = _summed(self.postings, weights, self.size)
        overlay = self._overlay
        scores[overlay.authors] = _summed(overlay.postings, weights, len(overlay.authors))
        return scores

    def venue_counts(self, author: int) -> tuple[np.ndarray, np.ndarray]:
        """The author's venues (keys) and papers at each."""
        return self._changed_venues.get(author) or _row(self.venues, author)

    def venue_similarity(self, u: int, candidates: np.ndarray) -> np.ndarray:
        """Cosine of u's venue counts with each candidate's, summed over u's venues' columns."""
        own_venues, own_counts = self.venue_counts(u)
        dots = np.zeros(self.size)
        for venue, papers in zip(own_venues.tolist(), own_counts.tolist(), strict=True):
            authors, theirs = _row(self.by_venue, venue)
            dots[authors] += papers * theirs
        overlay = self._overlay
        mine = np.zeros(overlay.venues.shape[1])
        known = own_venues < len(mine)
        mine[own_venues[known]] = own_counts[known]
        dots[overlay.authors] = overlay.venues @ mine
        return dots[candidates] / (self.venue_norms[u] * self.venue_norms[candidates])


class _Overlay:
    """The changed authors' rows as matrices: their keys, their title terms by term, their venues."""

    def __init__(self, authors: np.ndarray, postings: sparse.csc_matrix, venues: sparse.csr_matrix) -> None:
        self.authors, self.postings, self.venues = authors, postings, venues

    @classmethod
    def of(
        cls,
        terms: dict[int, tuple[np.ndarray, np.ndarray]],
        venues: dict[int, tuple[np.ndarray, np.ndarray]],
        term_count: int,
        venue_count: int,
    ) -> _Overlay:
        authors = np.array(sorted(terms), dtype=np.int64)
        return cls(
            authors,
            _matrix([terms[a] for a in authors.tolist()], term_count).tocsc(),
            _matrix([venues[a] for a in authors.tolist()], venue_count),
        )


def _matrix(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> sparse.csr_matrix:
    lengths = [len(keys) for keys, _ in rows]
    return sparse.csr_matrix(
        (
            np.concatenate([values for _, values in rows] or [np.zeros(0)]).astype(np.float64),
            np.concatenate([keys for keys, _ in rows] or [_NONE]),
            np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]),
        ),
        shape=(len(rows), width),
    )


def _summed(postings: sparse.csc_matrix, weights: dict[int, float], size: int) -> np.ndarray:
    """Per row of `postings`, the sum over the query's terms (columns) of their BM25 shares."""
    found = [(weight, *_row(postings, term)) for term, weight in weights.items()]
    if not found:
        return np.zeros(size)
    summed = np.bincount(
        np.concatenate([rows for _, rows, _ in found]),
        weights=np.concatenate([title_terms.match(weight, tf) for weight, _, tf in found]),
        minlength=size,
    )
    return summed.astype(np.float64, copy=False)  # bincount of nothing counts in integers


def _row(matrix: sparse.csr_matrix | sparse.csc_matrix, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The stored keys and values of one row (CSR) or column (CSC); none past the matrix's end."""
    if n + 1 >= len(matrix.indptr):
        return _NONE, np.zeros(0)
    start, end = matrix.indptr[n], matrix.indptr[n + 1]
    return matrix.indices[start:end], matrix.data[start:end]


def _norms(matrix: sparse.csr_matrix) -> np.ndarray:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return np.where(norms > 0, norms, 1.0)


def _grown(values: np.ndarray, size: int, fill: float = 0) -> np.ndarray:
    if len(values) >= size:
        return values
    return np.concatenate([values, np.full(size - len(values), fill, dtype=values.dtype)])


def _ones(rows: Iterable[int], columns: Iterable[int], shape: tuple[int, int]) -> sparse.csr_matrix:
    rows, columns = np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64)
    return sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=shape)
