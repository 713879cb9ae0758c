"""The bulk tallies equal a per-paper count of every pair with at least one new edge."""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations

from coauthor_graph.write_plan.tallies import TallyBatch


def _random_papers(seed: int, count: int) -> list[tuple]:
    rng = random.Random(seed)
    papers = []
    for _ in range(count):
        authors = sorted(rng.sample(range(1, 40), rng.choice([1, 1, 2, 3, 4, 7, 12])))
        topics = sorted(rng.sample(range(1, 9), rng.randrange(0, 4)))
        # A merged paper: only some edges are new; a new paper: all of them.
        merged = rng.random() < 0.3
        new_authors = {a for a in authors if not merged or rng.random() < 0.4}
        new_topics = {t for t in topics if not merged or rng.random() < 0.4}
        venue = rng.choice([None, 1, 2, 3])
        new_venue = venue is not None and (not merged or rng.random() < 0.4)
        year = rng.choice([None, 1999, 2005, 2021])
        papers.append((authors, new_authors, topics, new_topics, venue, new_venue, year))
    return papers


def _expected(papers):
    coauthored: dict[tuple[int, int], list] = {}
    topic_pairs: Counter = Counter()
    author_topics: Counter = Counter()
    author_venues: Counter = Counter()
    for authors, new_authors, topics, new_topics, venue, new_venue, year in papers:
        for a, b in combinations(authors, 2):
            if a in new_authors or b in new_authors:
                count, first, last = coauthored.get((a, b), [0, None, None])
                if year is not None:
                    first, last = min(first or year, year), max(last or year, year)
                coauthored[(a, b)] = [count + 1, first, last]
        for pair in combinations(topics, 2):
            if pair[0] in new_topics or pair[1] in new_topics:
                topic_pairs[pair] += 1
        for a in authors:
            for t in topics:
                if a in new_authors or t in new_topics:
                    author_topics[(a, t)] += 1
            if venue is not None and (a in new_authors or new_venue):
                author_venues[(a, venue)] += 1
    return (
        sorted((a, b, *tally) for (a, b), tally in coauthored.items()),
        sorted((a, b, count) for (a, b), count in topic_pairs.items()),
        sorted((a, t, count) for (a, t), count in author_topics.items()),
        sorted((a, v, count) for (a, v), count in author_venues.items()),
    )


def test_bulk_tallies_equal_a_count_paper_by_paper():
    for seed in range(5):
        papers = _random_papers(seed, 300)
        batch = TallyBatch()
        for paper in papers:
            batch.note(*paper)
        coauthored, topic_pairs, author_topics, author_venues = _expected(papers)
        assert coauthored and topic_pairs and author_topics and author_venues
        assert list(batch.coauthored()) == coauthored
        assert list(batch.topic_pairs()) == topic_pairs
        assert list(batch.author_topics()) == author_topics
        assert list(batch.author_venues()) == author_venues


def test_pending_coauthors_come_from_papers_that_added_authors():
    batch = TallyBatch()
    batch.note([1, 2, 3], {3}, [], set(), None, False, 2020)  # 3 joined a stored paper of 1 and 2
    batch.note([1, 4], set(), [7], {7}, 5, False, 2021)  # only a topic is new: nobody gains a co-author
    assert batch.pending_coauthors(1) == {2, 3}
    assert batch.pending_coauthors(4) == set()
    assert list(TallyBatch().coauthored()) == []
