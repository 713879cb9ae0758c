"""Co-author lists assembled from two reads every store makes: the ties and the joint papers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from coauthor_graph.domain.views import Author, Coauthorship, Paper

Tie = tuple[Author, int, int | None, int | None]
"""(co-author, joint papers, first year, last year), in the order `coauthors` promises."""


def coauthorships(
    joint: Sequence[Sequence[tuple[str, Paper]]], ties: Sequence[Sequence[Tie]]
) -> list[list[Coauthorship]]:
    """Per author: their ties, each with its joint papers (given as (co-author id, paper), newest first)."""
    result = []
    for joint_papers, author_ties in zip(joint, ties, strict=True):
        by_coauthor: dict[str, list[Paper]] = defaultdict(list)
        for coauthor_id, paper in joint_papers:
            by_coauthor[coauthor_id].append(paper)
        result.append(
            [
                Coauthorship(
                    coauthor=coauthor,
                    papers=papers,
                    first_year=first_year,
                    last_year=last_year,
                    joint_papers=tuple(by_coauthor[coauthor.id]),
                )
                for coauthor, papers, first_year, last_year in author_ties
            ]
        )
    return result
