"""Turning a pool of candidates into ranked, explained recommendations: the same for every store.

A store gathers the facts (`recommend.features.CandidateFacts`) of everyone in an author's pool;
these functions score them with the weights the store serves, decide which make the list, and say why.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

import numpy as np

from coauthor_graph.domain.views import Author, Recommendation, ScoreParts, Topic, VenueCount
from coauthor_graph.recommend.features import CandidateFacts, feature_columns
from coauthor_graph.recommend.model import CollaboratorModel, ServedWeights
from coauthor_graph.recommend.top_k import reaching_top

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Candidate(Generic[K]):
    key: K
    score: float
    parts: ScoreParts
    via: Sequence[K] = ()
    """Shared co-authors."""
    shared_topics: Sequence[K] = ()


def shortlist(
    keys: Sequence[K] | np.ndarray, facts: CandidateFacts, limit: int, model: CollaboratorModel
) -> list[Candidate[K]]:
    """The best `limit` of the pool by the model's score, plus any that tie the last one: names decide
    among those (`explain`)."""
    if limit <= 0 or not len(keys):
        return []
    columns = feature_columns(facts)
    scores = model.scores(columns)
    order = reaching_top(scores, limit)
    order = order[np.argsort(-scores[order], kind="stable")]
    rows = np.column_stack([column[order] for column in columns])
    return [
        Candidate(key, float(score), ScoreParts(**model.parts(row)))
        for key, score, row in zip(np.asarray(keys)[order].tolist(), scores[order].tolist(), rows, strict=True)
    ]


def explain(
    chosen: list[Candidate[K]],
    authors: Mapping[K, Author],
    topics: Mapping[K, Topic],
    rarity: Mapping[K, float],
    limit: int,
    weights: ServedWeights,
) -> list[Recommendation]:
    """Score desc, then name, then id; shared co-authors by name, shared topics rarest first."""
    ordered = sorted(chosen, key=lambda c: (-c.score, authors[c.key].name, authors[c.key].id))
    return [
        Recommendation(
            author=authors[c.key],
            score=c.score,
            intercept=weights.model.intercept,
            weights=weights.basis,
            fitted=weights.fitted,
            parts=c.parts,
            shared_coauthors=tuple(sorted((authors[w] for w in c.via), key=lambda a: (a.name, a.id))),
            shared_topics=tuple(topics[t] for t in sorted(c.shared_topics, key=lambda t: (-rarity[t], topics[t].id))),
        )
        for c in ordered[:limit]
    ]


async def with_shared_venues(
    venues_of: Callable[[Sequence[str]], Awaitable[list[list[VenueCount]]]],
    author_id: str,
    recommendations: list[Recommendation],
) -> list[Recommendation]:
    """Each recommendation with the venues both people publish in (a store's `venues_of`, one call),
    most papers between them first, then by id."""
    if not recommendations:
        return recommendations
    own, *theirs = await venues_of([author_id, *(r.author.id for r in recommendations)])
    own_papers = papers_by_venue(own)
    return [
        replace(
            r,
            shared_venues=tuple(
                v.venue
                for v in sorted(
                    (v for v in their_venues if v.venue.id in own_papers),
                    key=lambda v: (-(own_papers[v.venue.id] + v.papers), v.venue.id),
                )
            ),
        )
        for r, their_venues in zip(recommendations, theirs, strict=True)
    ]


def papers_by_venue(venues: Sequence[VenueCount]) -> dict[str, int]:
    """An author's paper count per venue id (what `venues_of` lists)."""
    return {v.venue.id: v.papers for v in venues}
