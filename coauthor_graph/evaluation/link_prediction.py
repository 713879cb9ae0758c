"""Evaluating collaborator recommendations as link prediction, by the literature's protocol.

The protocol, fixed so that figures compare across systems (Liben-Nowell & Kleinberg 2003):

- train = papers with year <= split; test = papers with split < year <= end.
- Evaluated authors: at least 3 train papers, and at least one *new* co-author in test
  (someone they had not written with in train) who also has a train paper.
- Candidates for an author: every train author except the author and their train co-authors.
  Every predictor sees the train period only.
- Metrics, macro-averaged over evaluated authors: hits@k (at least one true new co-author in
  the top k), recall@k (the share of their true new co-authors in the top k), and MRR (the
  reciprocal rank of the first true one in the full ranking).

A predictor scores candidates it has evidence for; every other candidate follows in one
fixed order (most train papers first, then name), which the ranking of every predictor
shares, so no predictor gains from how ties are broken.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from coauthor_graph.domain.hyperauthorship import pairs_authors
from coauthor_graph.domain.records import PaperRecord, Record
from coauthor_graph.fitting.history import Case, HistoricPaper
from coauthor_graph.identity.keys import display_name, normalize_name, title_terms

KATZ_BETA = 0.005
METRIC_KS = (10, 50)
DUMPED_RANKING_LENGTH = 100


@dataclass
class TrainGraph:
    """The co-authorship graph of the train period, with what each author wrote and where."""

    names: list[str]
    """Display names, indexed by author number."""
    numbers: dict[str, int]
    """Author key -> author number."""
    ties: list[dict[int, tuple[int, int]]]
    """Per author: co-author -> (joint papers, year of the latest one)."""
    papers: list[int]
    """Per author: train papers."""
    last_year: list[int]
    words: list[Counter[str]]
    """Per author: title words of their papers (stop words and short words left out)."""
    topics: list[Counter[str]]
    """Per author: topics of their papers."""
    venues: list[Counter[str]]
    reference_year: int
    papers_per_word: Counter[str] = field(default_factory=Counter)
    total_papers: int = 0
    history: list[HistoricPaper] = field(default_factory=list)
    """The train papers, oldest first."""

    @property
    def size(self) -> int:
        return len(self.names)


@dataclass(frozen=True, slots=True)
class Metrics:
    hits: dict[int, float]
    recall: dict[int, float]
    mrr: float
    authors: int


Predictor = Callable[[TrainGraph, int, set[int]], dict[int, float]]
"""Scores for the candidates a predictor has evidence for (others are not in the dict)."""


def train_graph(papers: Iterable[HistoricPaper], split: int, names: dict[str, str]) -> TrainGraph:
    """The graph of papers up to `split`; `names` maps author keys to display names."""
    number: dict[str, int] = {}
    ties: list[dict[int, tuple[int, int]]] = []
    counts: list[int] = []
    last: list[int] = []
    words: list[Counter[str]] = []
    topics: list[Counter[str]] = []
    venues: list[Counter[str]] = []
    per_word: Counter[str] = Counter()
    newest = 0
    total = 0
    history = sorted((p for p in papers if p.year <= split), key=lambda p: p.year)
    for paper in history:
        newest = max(newest, paper.year)
        total += 1
        people = []
        for key in dict.fromkeys(paper.authors):
            if key not in number:
                number[key] = len(number)
                ties.append({})
                words.append(Counter())
                topics.append(Counter())
                venues.append(Counter())
                counts.append(0)
                last.append(0)
            people.append(number[key])
        found = title_terms(paper.title)
        per_word.update(found)
        for a in people:
            counts[a] += 1
            last[a] = max(last[a], paper.year)
            words[a].update(found)
            topics[a].update(paper.topics)
            if paper.venue:
                venues[a][paper.venue] += 1
            for b in people if pairs_authors(len(people)) else ():
                if a != b:
                    joint, _ = ties[a].get(b, (0, 0))
                    ties[a][b] = (joint + 1, paper.year)
    display = [""] * len(number)
    for key, n in number.items():
        display[n] = names.get(key, key)
    return TrainGraph(display, number, ties, counts, last, words, topics, venues, newest, per_word, total, history)


def cases(papers: Sequence[HistoricPaper], graph: TrainGraph, split: int, end: int) -> list[Case]:
    """The evaluated authors of the protocol, with their true new co-authors."""
    future: dict[int, set[int]] = defaultdict(set)
    for paper in papers:
        if not split < paper.year <= end:
            continue
        if not pairs_authors(len(set(paper.authors))):
            continue
        people = [graph.numbers[k] for k in dict.fromkeys(paper.authors) if k in graph.numbers]  # with a train paper
        for a in people:
            future[a].update(b for b in people if b != a and b not in graph.ties[a])
    return [Case(author, frozenset(new)) for author, new in sorted(future.items()) if new and graph.papers[author] >= 3]


def fallback_order(graph: TrainGraph) -> list[int]:
    """The order every ranking ends with: most train papers first, then name, then number."""
    return sorted(range(graph.size), key=lambda a: (-graph.papers[a], graph.names[a], a))


def ranking(scored: Sequence[int], excluded: set[int], fallback: Sequence[int], length: int) -> list[int]:
    """The top `length` candidates: the scored ones (best first), then the fallback order."""
    ranked = list(scored[:length])
    if len(ranked) < length:
        chosen = set(ranked)
        ranked += [c for c in fallback if c not in chosen and c not in excluded][: length - len(ranked)]
    return ranked


def first_true_rank(
    scored: Sequence[int], true_new: frozenset[int], excluded: set[int], position: Sequence[int]
) -> int:
    """1-based rank of the best-ranked true candidate in the full ranking (`scored` best first, then fallback)."""
    for rank, c in enumerate(scored, start=1):
        if c in true_new:
            return rank
    first = min(true_new, key=lambda c: position[c])
    ahead = sum(1 for c in excluded.union(scored) if position[c] < position[first])
    return len(scored) + position[first] - ahead + 1


def evaluate(
    graph: TrainGraph, evaluated: Sequence[Case], predictor: Predictor, ks: Sequence[int] = METRIC_KS
) -> tuple[Metrics, list[list[int]]]:
    """The protocol's metrics (hits and recall at each k) for one predictor, and each evaluated author's top 100."""
    fallback = fallback_order(graph)
    position = [0] * graph.size
    for i, a in enumerate(fallback):
        position[a] = i
    hits = dict.fromkeys(ks, 0.0)
    recall = dict.fromkeys(ks, 0.0)
    reciprocal = 0.0
    rankings = []
    for case in evaluated:
        excluded = {case.author, *graph.ties[case.author]}
        raw = predictor(graph, case.author, excluded)
        scores = {c: raw[c] for c in sorted(raw, key=lambda c: position[c]) if c not in excluded and raw[c] > 0}
        scored = sorted(scores, key=lambda c: -scores[c])  # stable: ties stay in fallback order
        top = ranking(scored, excluded, fallback, max(DUMPED_RANKING_LENGTH, *ks))
        for k in ks:
            found = len(case.true_new.intersection(top[:k]))
            hits[k] += found > 0
            recall[k] += found / len(case.true_new)
        reciprocal += 1.0 / first_true_rank(scored, case.true_new, excluded, position)
        rankings.append(top[:DUMPED_RANKING_LENGTH])
    n = max(1, len(evaluated))
    metrics = Metrics(
        hits={k: v / n for k, v in hits.items()},
        recall={k: v / n for k, v in recall.items()},
        mrr=reciprocal / n,
        authors=len(evaluated),
    )
    return metrics, rankings


# --- the classic predictors -----------------------------------------------------------------------


def _two_hop(graph: TrainGraph, u: int, weight: Callable[[int], float]) -> dict[int, float]:
    scores: dict[int, float] = defaultdict(float)
    for w in graph.ties[u]:
        value = weight(w)
        for c in graph.ties[w]:
            scores[c] += value
    return scores


def common_neighbours(graph: TrainGraph, u: int, excluded: set[int]) -> dict[int, float]:
    return _two_hop(graph, u, lambda w: 1.0)


def adamic_adar(graph: TrainGraph, u: int, excluded: set[int]) -> dict[int, float]:
    return _two_hop(graph, u, lambda w: 1.0 / math.log(len(graph.ties[w])) if len(graph.ties[w]) > 1 else 0.0)


def resource_allocation(graph: TrainGraph, u: int, excluded: set[int]) -> dict[int, float]:
    return _two_hop(graph, u, lambda w: 1.0 / len(graph.ties[w]))


def jaccard(graph: TrainGraph, u: int, excluded: set[int]) -> dict[int, float]:
    shared = common_neighbours(graph, u, excluded)
    mine = set(graph.ties[u])
    return {c: n / len(mine | set(graph.ties[c])) for c, n in shared.items()}


def katz(graph: TrainGraph, u: int, excluded: set[int], beta: float = KATZ_BETA) -> dict[int, float]:
    """beta^2 * (walks of length 2) + beta^3 * (walks of length 3), on the unweighted graph."""
    two: dict[int, float] = defaultdict(float)
    for w in graph.ties[u]:
        for x in graph.ties[w]:
            two[x] += 1.0
    three: dict[int, float] = defaultdict(float)
    for x, walks in two.items():
        for c in graph.ties[x]:
            three[c] += walks
    return {c: beta**2 * two.get(c, 0.0) + beta**3 * three.get(c, 0.0) for c in two.keys() | three.keys()}


def preferential_attachment(graph: TrainGraph, u: int, excluded: set[int]) -> dict[int, float]:
    mine = len(graph.ties[u])
    return {c: float(mine * len(ties)) for c, ties in enumerate(graph.ties) if ties and c not in excluded}


def random_predictor(seed: int) -> Predictor:
    def predict(graph: TrainGraph, u: int, excluded: set[int]) -> dict[int, float]:
        rng = random.Random(seed * 1_000_003 + u)
        return {c: rng.random() + 1e-12 for c in range(graph.size) if c not in excluded}

    return predict


BASELINES: dict[str, Callable[[int], Predictor]] = {
    "common neighbours": lambda seed: common_neighbours,
    "Adamic-Adar": lambda seed: adamic_adar,
    "resource allocation": lambda seed: resource_allocation,
    "Jaccard": lambda seed: jaccard,
    "Katz (beta 0.005, walks 2-3)": lambda seed: katz,
    "preferential attachment": lambda seed: preferential_attachment,
    "random": random_predictor,
}


def history_from(records: Iterable[Record]) -> tuple[list[HistoricPaper], dict[str, str]]:
    """Papers with a year, authors keyed by normalized name (the stores' rule when there are no strong ids)."""
    papers: list[HistoricPaper] = []
    names: dict[str, str] = {}
    for record in records:
        if not isinstance(record, PaperRecord) or record.year is None:
            continue
        keys = []
        for author in record.authors:
            key = normalize_name(author.name)
            if key:
                names.setdefault(key, display_name(author.name))
                keys.append(key)
        if keys:
            venue = record.venue.name if record.venue else None
            topics = tuple(topic.name for topic in record.topics)
            papers.append(HistoricPaper(record.year, tuple(keys), record.title, venue, topics))
    return papers, names
