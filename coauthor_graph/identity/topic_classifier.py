"""A paper's place in the taxonomy, from its own words: BM25 over the topics' names, keywords and
descriptions.

Why BM25 over the taxonomy's own text and not a trained model: it is deterministic, offline, needs
no training data the project does not have (OpenAlex's own classifier is a neural model over
citations and text), and every assignment is explainable by the words it matched. Each topic is
one document: its name (weight 3), its ten keywords (weight 2), its subfield's name and its
description (weight 1), as folded, singularized words and adjacent word pairs ("plate tectonic").
A paper's title, abstract and the names of the topics its source gave it are the query. A topic's
score is its BM25 score plus its subfield's (the sum of that subfield's best SUBFIELD_VOTES topic
scores), so a subject several topics of one subfield agree on beats a single rare word matching a
far-off topic (on the fixtures this moved 2-11 points of papers into the field one would expect).
The paper's topic is the best one, when some topic's own BM25 score reaches MIN_SCORE (the first in
id order on a tie). Terms in
more than MAX_DOCUMENT_SHARE of the topics ("model", "analysis") are left out: they tell topics
apart from nothing. Papers are classified in batches as one sparse product (scipy), so a load
pays microseconds per paper. How often it agrees with OpenAlex: `benchmarks/topic_classifier.py`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cache, lru_cache

import numpy as np
from scipy import sparse

from coauthor_graph.domain.records import PaperRecord, Record
from coauthor_graph.identity.keys import normalize_text
from coauthor_graph.identity.taxonomy import TaxonomyTopic, is_taxonomy_topic, taxonomy, topic_ref
from coauthor_graph.identity.topics import singular

K1 = 1.2
B = 0.75
MIN_SCORE = 7.0
MAX_DOCUMENT_SHARE = 0.05
SUBFIELD_VOTES = 3
CONTENDER_SHARE = 0.3
_WEIGHTS = {"name": 3, "keywords": 2, "subfield": 1, "description": 1}
_STOP_WORDS = frozenset(
    "a an and are as at be based between by can for from has have how in into is it its of on or over such"
    " that the their these this those through to towards under use used using via what when which with"
    " within without new novel approach method methods study studies analysis paper papers cluster focus"
    " focuses focusing covers cover including include includes topic topics research related various"
    " aspects particular emphasis also well role toward"
    # Front matter names no subject.
    " introduction preface foreword editorial erratum corrigendum index contents acknowledgment".split()
)


def terms(text: str | None) -> list[str]:
    """Folded, singularized words (stop words, numbers and single letters out) and adjacent pairs."""
    if not text:
        return []
    words = [w for w in map(_content_word, normalize_text(text).split()) if w]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@lru_cache(maxsize=1 << 16)
def _content_word(word: str) -> str:
    """The word singularized, or '' for a stop word, a number or a single letter."""
    return "" if len(word) < 2 or word in _STOP_WORDS or word.isdigit() else singular(word)


class TopicClassifier:
    """The taxonomy as a term-by-topic matrix of BM25 weights."""

    def __init__(self, topics: Sequence[TaxonomyTopic]) -> None:
        self.topics = tuple(topics)
        documents = [self._document(topic) for topic in self.topics]
        frequency = Counter(term for document in documents for term in document)
        limit = MAX_DOCUMENT_SHARE * len(documents)
        self.columns = {term: i for i, term in enumerate(sorted(t for t, n in frequency.items() if n <= limit))}
        idf = {
            term: math.log(1 + (len(documents) - frequency[term] + 0.5) / (frequency[term] + 0.5))
            for term in self.columns
        }
        lengths = [sum(document.values()) for document in documents]
        average = sum(lengths) / len(lengths)
        rows, cols, weights = [], [], []
        for topic, (document, length) in enumerate(zip(documents, lengths, strict=True)):
            norm = K1 * (1 - B + B * length / average)
            for term, count in document.items():
                column = self.columns.get(term)
                if column is not None:
                    rows.append(column)
                    cols.append(topic)
                    weights.append(idf[term] * count * (K1 + 1) / (count + norm))
        self.weights = sparse.csr_matrix((weights, (rows, cols)), shape=(len(self.columns), len(self.topics)))
        subfields = np.array([topic.subfield[0] for topic in self.topics])
        self._subfield_of = np.searchsorted(np.unique(subfields), subfields)
        self._subfields = int(self._subfield_of.max()) + 1

    @staticmethod
    def _document(topic: TaxonomyTopic) -> Counter[str]:
        document: Counter[str] = Counter()
        for field, texts in (
            ("name", [topic.name]),
            ("keywords", list(topic.keywords)),
            ("subfield", [topic.subfield[1]]),
            ("description", [topic.description]),
        ):
            for text in texts:
                for term in terms(text):
                    document[term] += _WEIGHTS[field]
        return document

    def scores(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Each text's score for each topic (texts × topics)."""
        rows: list[int] = []
        cols: list[int] = []
        column = self.columns.get
        for row, text in enumerate(texts):
            found = {n for n in map(column, terms(text)) if n is not None}
            rows += [row] * len(found)
            cols += found
        query = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(self.columns)), dtype=np.float64
        )
        return (query @ self.weights).tocsr()

    def classify(self, texts: Sequence[str]) -> list[TaxonomyTopic | None]:
        """Each text's topic: the best by its score and its subfield's, when some topic scores MIN_SCORE alone.

        Worked on the nonzero scores only (a couple of hundred per paper, of 4,516 topics), all at once."""
        if not texts:
            return []
        scores = self.scores(texts)
        # Topics far below a paper's best cannot win, nor sway a vote much: only the rest are ranked.
        best_alone = scores.max(axis=1).toarray().ravel()
        scores.data[scores.data < CONTENDER_SHARE * np.repeat(best_alone, np.diff(scores.indptr))] = 0
        scores.eliminate_zeros()
        if not scores.nnz:
            return [None] * len(texts)
        scores.sort_indices()  # within a paper, topics in id order: the first best is the tie-break
        counts = np.diff(scores.indptr)
        topics, values = scores.indices, scores.data
        groups = np.repeat(np.arange(len(texts), dtype=np.int64), counts) * self._subfields + self._subfield_of[topics]
        # Each (paper, subfield)'s best SUBFIELD_VOTES scores, summed: its vote.
        order = np.lexsort((-values, groups))
        starts = np.r_[True, groups[order][1:] != groups[order][:-1]]
        group = np.cumsum(starts) - 1
        position = np.arange(len(order))
        rank = position - np.maximum.accumulate(np.where(starts, position, 0))
        votes = np.bincount(group, weights=np.where(rank < SUBFIELD_VOTES, values[order], 0.0))
        vote_of = np.empty(len(order), dtype=np.int64)
        vote_of[order] = group
        combined = values + votes[vote_of]
        # Per paper: the first topic with the best combined score.
        scored = counts > 0
        segments = scores.indptr[:-1][scored]
        best = np.maximum.reduceat(combined, segments)
        top = np.maximum.reduceat(values, segments)
        at_best = np.where(combined == np.repeat(best, counts[scored]), position, len(position))
        chosen = topics[np.minimum.reduceat(at_best, segments)]
        found: list[TaxonomyTopic | None] = [None] * len(texts)
        for paper, topic, score in zip(np.flatnonzero(scored).tolist(), chosen.tolist(), top.tolist(), strict=True):
            if score >= MIN_SCORE:
                found[paper] = self.topics[topic]
        return found


@cache
def classifier() -> TopicClassifier:
    """Built once per process from the shipped taxonomy (about a second)."""
    return TopicClassifier(taxonomy())


BATCH = 1_000


def with_taxonomy_topics(records: Iterable[Record], batch: int = BATCH) -> Iterator[Record]:
    """The records, in order, each paper without a taxonomy topic given its classified one (when it
    scores high enough). Papers are classified `batch` at a time: one sparse product per batch."""
    pending: list[Record] = []
    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            break
        except Exception:
            yield from _classified(pending)  # what came before a bad record still arrives before its error
            raise
        pending.append(record)
        if len(pending) >= batch:
            yield from _classified(pending)
            pending = []
    yield from _classified(pending)


def _classified(records: list[Record]) -> list[Record]:
    wanted = [
        i
        for i, r in enumerate(records)
        if isinstance(r, PaperRecord) and not any(is_taxonomy_topic(t) for t in r.topics)
    ]
    if not wanted:
        return records
    texts = [_text(records[i]) for i in wanted]  # type: ignore[arg-type]
    for i, found in zip(wanted, classifier().classify(texts), strict=True):
        if found is not None:
            paper: PaperRecord = records[i]  # type: ignore[assignment]
            records[i] = replace(paper, topics=(*paper.topics, topic_ref(found)))
    return records


def _text(paper: PaperRecord) -> str:
    """What the paper says about its subject: title, abstract, and the names of the topics its source
    gave it (keywords, arXiv categories)."""
    return " \n ".join([paper.title, paper.abstract or "", *(topic.name for topic in paper.topics)])
