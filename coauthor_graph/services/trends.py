"""Topic trends: papers and authors per topic per year, and the years a topic burst.

Bursts are Kleinberg's ("Bursty and hierarchical structure in streams", KDD 2002, section 4: the
enumerating model for batched arrivals) with two states: each year's papers are a batch of d_t, of
which r_t are about the topic; the base state expects the topic's overall share p0, the burst state
`BURST_RATIO` times it; a year costs the binomial log-likelihood of r_t under its state's share, and
entering the burst state costs `GAMMA * ln(years)`. The cheapest state sequence (Viterbi) marks the
bursts; a burst's weight is how much cheaper its years are in the burst state (Kleinberg's measure).
Hand-written (30 lines): the PyPI packages for it are unmaintained or take one topic at a time.

So "which topics rose in this group after 2020" is: the group's topic trends, bursts starting after 2020.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from coauthor_graph.domain.views import PaperLinks, Topic
from coauthor_graph.services.networks import check_scope_size, read_limit
from coauthor_graph.store.port import GraphStore

BURST_RATIO = 2.0
GAMMA = 1.0


@dataclass(frozen=True, slots=True)
class TopicYearCount:
    year: int
    papers: int
    authors: int


@dataclass(frozen=True, slots=True)
class Burst:
    first_year: int
    last_year: int
    weight: float


@dataclass(frozen=True, slots=True)
class TopicTrend:
    topic: Topic
    papers: int
    years: tuple[TopicYearCount, ...]
    """Every year from the first to the last in scope, zeros included, oldest first."""
    bursts: tuple[Burst, ...]


def bursts(relevant: Sequence[int], total: Sequence[int]) -> list[tuple[int, int, float]]:
    """Kleinberg's two-state bursts over batches: (first index, last index, weight) of each burst.

    Shares 22/70 and 44/70; year 3 costs 10.02 low and 5.70 high, year 4 10.80 and 5.17: weight 9.94.

    >>> bursts([1, 1, 1, 8, 9, 1, 1], [10, 10, 10, 10, 10, 10, 10])
    [(3, 4, 9.94)]
    >>> bursts([2, 2, 2], [10, 10, 10])
    []
    """
    papers, batches = sum(relevant), sum(total)
    if not papers or papers == batches or len(total) < 2:
        return []
    shares = (papers / batches, min(BURST_RATIO * papers / batches, 0.9999))

    def cost(state: int, t: int) -> float:
        p = shares[state]
        return -(relevant[t] * math.log(p) + (total[t] - relevant[t]) * math.log(1 - p))

    rise = GAMMA * math.log(len(total))
    best = [cost(0, 0), cost(1, 0) + rise]
    came_from: list[tuple[int, int]] = []
    for t in range(1, len(total)):
        stay_low = (best[0], 0) if best[0] <= best[1] else (best[1], 1)
        go_high = (best[0] + rise, 0) if best[0] + rise <= best[1] else (best[1], 1)  # ties: rise later
        came_from.append((stay_low[1], go_high[1]))
        best = [stay_low[0] + cost(0, t), go_high[0] + cost(1, t)]
    state = 0 if best[0] <= best[1] else 1
    states = [state]
    for links in reversed(came_from):
        state = links[state]
        states.append(state)
    states.reverse()
    found, t = [], 0
    while t < len(states):
        if states[t] == 1:
            start = t
            while t + 1 < len(states) and states[t + 1] == 1:
                t += 1
            weight = sum(cost(0, i) - cost(1, i) for i in range(start, t + 1))
            found.append((start, t, round(weight, 2)))
        t += 1
    return found


Counted = tuple[str, int, list[TopicYearCount], list[Burst]]
"""A topic id, its papers, its years and its bursts."""


def trends_of(papers: Sequence[PaperLinks], limit: int = 10) -> list[Counted]:
    """The `limit` topics with most papers among `papers` (ties by id): yearly counts and bursts."""
    dated = [(p.year, p) for p in papers if p.year is not None]
    if not dated:
        return []
    span = range(min(y for y, _ in dated), max(y for y, _ in dated) + 1)
    per_year = Counter(year for year, _ in dated)
    topic_papers: dict[str, Counter[int]] = defaultdict(Counter)
    topic_authors: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for year, paper in dated:
        for topic in paper.topics:
            topic_papers[topic][year] += 1
            topic_authors[topic][year].update(paper.authors)
    totals = {topic: sum(years.values()) for topic, years in topic_papers.items()}
    found = []
    for topic in sorted(totals, key=lambda t: (-totals[t], t))[:limit]:
        counts = [topic_papers[topic][year] for year in span]
        years = [TopicYearCount(year, counts[i], len(topic_authors[topic][year])) for i, year in enumerate(span)]
        rises = bursts(counts, [per_year[year] for year in span])
        found.append((topic, totals[topic], years, [Burst(span[a], span[b], w) for a, b, w in rises]))
    return found


async def topic_trends(
    store: GraphStore,
    author_ids: Sequence[str] | None = None,
    topic_id: str | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
    limit: int = 10,
    max_papers: int | None = None,
) -> list[TopicTrend]:
    """The trends of the topics of these people's papers (every paper when None), within a topic and years;
    with `max_papers`, more papers than that are refused (BadInputError)."""
    papers = await store.paper_links(author_ids, topic_id, first_year, last_year, read_limit(max_papers))
    check_scope_size(len(papers), max_papers)
    found = await asyncio.to_thread(trends_of, papers, limit)  # 100k papers: off the event loop
    topics = {n.id: n for n in await store.get_many([t for t, *_ in found]) if isinstance(n, Topic)}
    return [
        TopicTrend(topics[t], total, tuple(years), tuple(found_bursts))
        for t, total, years, found_bursts in found
        if t in topics
    ]
