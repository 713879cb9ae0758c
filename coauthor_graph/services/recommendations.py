"""Collaborator recommendations, orchestrated once for every store: pool → shortlist → explain → venues.

A store only answers for the facts (`store.port.CandidateFacts`), inside one read of the graph, so
every answer comes from one state of it; ranking and explaining are `recommend.ranking`'s rules.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from coauthor_graph.domain.views import Recommendation
from coauthor_graph.recommend.model import ServedWeights
from coauthor_graph.recommend.ranking import explain, shortlist, with_shared_venues
from coauthor_graph.store.port import CandidateFactsReads, RecommenderWeights

NOT_FITTED = "this graph has not been fitted yet (coauthor-graph fit-recommender)"


class RecommendingStore(CandidateFactsReads, RecommenderWeights, Protocol):
    pass


async def served_weights(store: RecommenderWeights) -> ServedWeights:
    """The weights the store serves: those it was fitted with, or the shipped ones until it is."""
    return await store.served_weights() or ServedWeights.shipped(NOT_FITTED)


def why_no_one(author_name: str, topic_name: str | None = None) -> str:
    """Why an answer is empty: the pool (`recommend.features`: everyone within three co-author hops, and
    the best title matches, less the author's co-authors) held no one."""
    if topic_name:
        return (
            f"no one new for {author_name} on {topic_name}: everyone on it within three co-author hops or"
            " writing titles like theirs has written with them already"
        )
    return (
        f"no one new for {author_name}: everyone within three co-author hops has written with them already,"
        " and no one else writes titles like theirs"
    )


async def recommend_collaborators(
    store: RecommendingStore, author_id: str, limit: int = 10, topic_id: str | None = None
) -> list[Recommendation]:
    """Up to `limit` people the author has not written with, best first (score desc, then name, then id),
    each with the parts of their score and what the two share; only people on `topic_id` when given.

    Raises NotFoundError for an unknown author or topic."""
    weights = await served_weights(store)
    async with store.candidates(author_id) as source:
        keys, facts = await source.pool(topic_id)
        chosen = shortlist(keys, facts, limit, weights.model)
        if len(chosen) > limit:  # many may tie the last score: names decide, as `explain` will
            names = await source.names([c.key for c in chosen])
            chosen = sorted(chosen, key=lambda c: (-c.score, *names[c.key]))[:limit]
        shared = await source.shared([c.key for c in chosen])
        chosen = [replace(c, via=shared.coauthors[c.key], shared_topics=shared.topics[c.key]) for c in chosen]
        authors = await source.authors({k for c in chosen for k in (c.key, *c.via)})
        topics = await source.topics({t for c in chosen for t in c.shared_topics})
        recommendations = explain(chosen, authors, topics, shared.rarity, limit, weights)
        return await with_shared_venues(source.venues_of, author_id, recommendations)
