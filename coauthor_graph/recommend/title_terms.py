"""What people work on, read from the words of their paper titles, and how well two people match.

Vocabulary topics (`identity.topics`) are few and curated: most fields' papers get
none of them (ACL titles rarely say "large language models"). The words of titles are the
finest topics there are, so recommendations also match people by them:

- an author's terms: per title word (`identity.keys.title_terms`), how many of their papers' titles
  use it;
- a term is *common* when more than COMMON_TERM_SHARE of all papers use it (at least
  COMMON_TERM_MIN_PAPERS): it says nothing about anyone's topics and is never matched on;
- a query (an author's terms, or their co-authors' taken together) weighs each informative
  term by (1 + ln count) * idf, keeping the QUERY_TERMS heaviest;
- a candidate matches a query by BM25 without length normalization (b = 0): per query term,
  weight * tf (k1 + 1) / (tf + k1), with tf the candidate's papers using the term. Saturation
  keeps one prolific author's repeated word from outweighing a second shared word; length
  normalization was left out because it did no better on CGM's validation splits and would
  need a corpus-wide average every store must keep.

Every quantity but a term's paper count is local to the two people, so each store computes
it from what it holds; the formulas live here once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coauthor_graph.recommend.top_k import reaching_top

COMMON_TERM_SHARE = 0.05
COMMON_TERM_MIN_PAPERS = 50
QUERY_TERMS = 50
K1 = 1.2


def common_threshold(total_papers: int) -> float:
    """A term used by more papers than this is common."""
    return max(COMMON_TERM_MIN_PAPERS, COMMON_TERM_SHARE * total_papers)


def query_weights(
    terms: Sequence[str], counts: np.ndarray, papers_with: np.ndarray, total_papers: int
) -> dict[str, float]:
    """The QUERY_TERMS heaviest informative terms of a query, by (1 + ln count) * idf (ties: term).

    `counts[i]` is how often the query uses `terms[i]`, `papers_with[i]` how many papers do."""
    counts = np.asarray(counts, dtype=np.float64)
    papers_with = np.asarray(papers_with, dtype=np.float64)
    kept = np.flatnonzero((counts > 0) & (papers_with <= common_threshold(total_papers)))
    weights = (1.0 + np.log(counts[kept])) * np.log(max(1, total_papers) / (1.0 + papers_with[kept]))
    heavy = reaching_top(weights, QUERY_TERMS)
    kept, weights = kept[heavy], weights[heavy]
    ranked = sorted(zip((-weights).tolist(), (terms[i] for i in kept.tolist()), strict=True))[:QUERY_TERMS]
    return {term: -negative for negative, term in ranked}


def match(weight: float, tf: np.ndarray) -> np.ndarray:
    """One query term's share of the match score of candidates using it `tf` times."""
    tf = np.asarray(tf, dtype=np.float64)
    return weight * tf * (K1 + 1.0) / (tf + K1)
