"""The dict-based reference for the candidate facts: plain loops over a train graph, as
`recommend.features` defines the facts. The stores and the fitting compute them with array operations
(`store.embedded.candidates.gather`); the tests hold those to this.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np

from coauthor_graph.evaluation.link_prediction import TrainGraph
from coauthor_graph.recommend import scoring, title_terms
from coauthor_graph.recommend.features import WALK_DEGREE, CandidateFacts, best_matches, feature_rows, venue_cosine


class ReferenceFacts:
    """The candidate facts of a train graph's authors, as `CandidateFacts` defines them for the stores."""

    def __init__(self, graph: TrainGraph) -> None:
        self.graph = graph
        self.total_papers = graph.total_papers
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for author, words in enumerate(graph.words):
            for word, count in words.items():
                self.postings[word].append((author, count))

    def match(self, counts: Counter[str]) -> dict[int, float]:
        """BM25 match (`title_terms`) of everyone using one of the query's informative terms."""
        scores: dict[int, float] = defaultdict(float)
        terms = list(counts)
        papers_with = [self.graph.papers_per_word[t] for t in terms]
        weights = title_terms.query_weights(terms, [counts[t] for t in terms], papers_with, self.total_papers)
        for term, weight in weights.items():
            people = self.postings[term]
            shares = title_terms.match(weight, np.array([tf for _, tf in people]))
            for (author, _), share in zip(people, shares.tolist(), strict=True):
                scores[author] += share
        return scores

    def candidate_features(self, u: int) -> tuple[list[int], np.ndarray]:
        """u's pool (as the stores gather it) and its feature rows."""
        graph = self.graph
        common: dict[int, float] = defaultdict(float)
        adamic: dict[int, float] = defaultdict(float)
        allocation: dict[int, float] = defaultdict(float)
        freshest: dict[int, float] = defaultdict(float)
        for w, (_, own_year) in graph.ties[u].items():
            degree = len(graph.ties[w])
            for c, (_, their_year) in graph.ties[w].items():
                common[c] += 1.0
                allocation[c] += 1.0 / degree
                if degree > 1:
                    adamic[c] += 1.0 / math.log(degree)
                freshest[c] = max(freshest[c], scoring.path_freshness(own_year, their_year, graph.reference_year))
        walks_3: dict[int, float] = defaultdict(float)
        for w in graph.ties[u]:
            if len(graph.ties[w]) > WALK_DEGREE:
                continue
            for x in graph.ties[w]:
                if len(graph.ties[x]) > WALK_DEGREE:
                    continue
                for c in graph.ties[x]:
                    walks_3[c] += 1.0
        group: Counter[str] = Counter()
        for w in graph.ties[u]:
            group.update(graph.words[w])
        title, group_title = self.match(graph.words[u]), self.match(group)
        pool = set(common) | set(walks_3)
        for matched in (title, group_title):
            keys = np.fromiter(matched, dtype=np.int64, count=len(matched))
            pool.update(best_matches(keys, np.array([matched[k] for k in keys.tolist()])).tolist())
        candidates = sorted(pool - {u, *graph.ties[u]})
        column = lambda values: np.array([values.get(c, 0.0) for c in candidates], dtype=np.float64)  # noqa: E731
        facts = CandidateFacts(
            adamic_adar=column(adamic),
            resource_allocation=column(allocation),
            common_neighbours=column(common),
            walks_3=column(walks_3),
            path_freshness=column(freshest),
            last_year=np.array([graph.last_year[c] for c in candidates]),
            papers=np.array([graph.papers[c] for c in candidates]),
            coauthors=np.array([len(graph.ties[c]) for c in candidates]),
            title_match=column(title),
            group_title_match=column(group_title),
            venue_similarity=np.array([venue_cosine(graph.venues[u], graph.venues[c]) for c in candidates]),
            reference_year=graph.reference_year,
        )
        return candidates, feature_rows(facts)
