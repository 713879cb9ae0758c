"""Who may be recommended to an author, and the facts the served model scores them by.

The pool (`recommend.features`): everyone within three hops, plus the best title matches on the
author's own terms and on their co-authors' together; never the author or a co-author. Every
fact is an array over author keys, read at the pool's keys.
"""

from __future__ import annotations

import numpy as np

from coauthor_graph.compute.adjacency import Adjacency
from coauthor_graph.compute.profiles import AuthorProfiles
from coauthor_graph.compute.two_hop import Neighbourhood
from coauthor_graph.recommend.features import CandidateFacts, best_matches


def gather(
    adjacency: Adjacency, reference_year: int | None, profiles: AuthorProfiles, u: int, allowed: list[int] | None
) -> tuple[np.ndarray, CandidateFacts, Neighbourhood]:
    """u's pool (kept to `allowed` when given), its facts, and u's neighbourhood (for the explanations):
    over the store's index, or over a corpus's history when the recommender is fitted (`fitting.training`)."""
    own_ties = adjacency.ties(u)
    near = Neighbourhood(adjacency, u, own_ties, profiles.size, reference_year)
    ties = near.ties
    title = profiles.match(profiles.query(np.array([u])))
    group_title = profiles.match(profiles.query(ties))
    everyone = np.arange(profiles.size)
    in_pool = near.within_three_hops()
    in_pool[best_matches(everyone, title)] = True
    in_pool[best_matches(everyone, group_title)] = True
    in_pool[ties] = in_pool[u] = False
    pool = np.flatnonzero(in_pool)
    if allowed is not None:
        pool = pool[np.isin(pool, allowed)]
    facts = CandidateFacts(
        adamic_adar=near.adamic_adar[pool],
        resource_allocation=near.resource_allocation[pool],
        common_neighbours=near.common_neighbours[pool],
        walks_3=near.walks_3[pool],
        path_freshness=near.path_freshness(pool),
        last_year=profiles.last_year[pool],
        papers=profiles.papers[pool],
        coauthors=adjacency.degrees(pool),
        title_match=title[pool],
        group_title_match=group_title[pool],
        venue_similarity=profiles.venue_similarity(u, pool),
        reference_year=reference_year,
    )
    return pool, facts, near
