"""Research groups and topic trends in GraphQL: thin views of `services.groups` and `services.trends`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from coauthor_graph.domain import views
from coauthor_graph.schema.errors import BadArgument
from coauthor_graph.schema.nodes import Author, Topic
from coauthor_graph.services import groups, trends
from coauthor_graph.services.groups import YearWindow
from coauthor_graph.services.networks import REQUEST_MAX_PAPERS

MAX_TRENDS = 50


@strawberry.type(description="A topic's papers and authors in one year.")
class TopicYearCount:
    year: int = strawberry.field(description="The year.")
    papers: int = strawberry.field(description="Papers about the topic that year.")
    authors: int = strawberry.field(description="People who wrote them.")


@strawberry.type(description="Years in which a topic's share of papers rose well above its usual share (Kleinberg).")
class Burst:
    first_year: int = strawberry.field(description="The burst's first year.")
    last_year: int = strawberry.field(description="Its last year.")
    weight: float = strawberry.field(description="How strong it was: the log-likelihood the burst state gains.")


@strawberry.type(description="A topic over time: papers and authors per year, and its bursts.")
class TopicTrend:
    topic: Topic = strawberry.field(description="The topic.")
    papers: int = strawberry.field(description="Its papers in scope.")
    years: list[TopicYearCount] = strawberry.field(description="Every year in scope, oldest first, zeros included.")
    bursts: list[Burst] = strawberry.field(description="Its bursts, oldest first.")

    @classmethod
    def of(cls, trend: trends.TopicTrend) -> TopicTrend:
        return cls(
            topic=Topic.of(trend.topic),
            papers=trend.papers,
            years=[TopicYearCount(year=y.year, papers=y.papers, authors=y.authors) for y in trend.years],
            bursts=[Burst(first_year=b.first_year, last_year=b.last_year, weight=b.weight) for b in trend.bursts],
        )


def trend_limit(first: int) -> int:
    if not 1 <= first <= MAX_TRENDS:
        raise BadArgument("first", f"must be between 1 and {MAX_TRENDS}, got {first}")
    return first


@strawberry.type(description="A group of the window before that this group continues, and the people they share.")
class GroupLink:
    number: int = strawberry.field(description="The earlier group's number.")
    shared_people: int = strawberry.field(description="People in both.")


@strawberry.type(description="A research group: a community of the co-author network (Leiden).")
class ResearchGroup:
    number: int = strawberry.field(description="1 is the largest; numbers are per answer (per window).")
    size: int = strawberry.field(description="How many people.")
    papers: int = strawberry.field(description="Papers in scope with at least one member.")
    topics: list[Topic] = strawberry.field(description="Its most distinctive topics, most distinctive first.")
    previous: list[GroupLink] = strawberry.field(
        description="Over time: the groups of the window before that it continues (growth, splits, merges)."
    )
    member_ids: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="Its people, most papers first.")
    async def members(
        self, info: Info, first: Annotated[int, strawberry.argument(description="How many (at most 500).")] = 50
    ) -> list[Author]:
        wanted = self.member_ids[: max(0, min(first, 500))]
        found = await info.context.loaders.nodes.load_many(wanted)
        return [Author.of(a) for a in found if isinstance(a, views.Author)]

    @strawberry.field(description="The trends of the topics of its members' papers, with their bursts.")
    async def trends(
        self, info: Info, first: Annotated[int, strawberry.argument(description="How many topics (most papers).")] = 10
    ) -> list[TopicTrend]:
        store = info.context.store
        found = await trends.topic_trends(
            store, self.member_ids, limit=trend_limit(first), max_papers=REQUEST_MAX_PAPERS
        )
        return [TopicTrend.of(t) for t in found]

    @classmethod
    def of(cls, group: groups.Group) -> ResearchGroup:
        return cls(
            number=group.number,
            size=len(group.members),
            papers=group.papers,
            topics=[Topic.of(t) for t in group.topics],
            previous=[GroupLink(number=n, shared_people=k) for n, k in group.previous],
            member_ids=group.members,
        )


@strawberry.type(description="The research groups of a window of years (or of the whole scope).")
class GroupWindow:
    first_year: int | None = strawberry.field(description="The window's first year; null for an open scope.")
    last_year: int | None = strawberry.field(description="Its last year.")
    groups: list[ResearchGroup] = strawberry.field(description="Largest first.")

    @classmethod
    def of(cls, window: YearWindow) -> GroupWindow:
        return cls(
            first_year=window.first_year,
            last_year=window.last_year,
            groups=[ResearchGroup.of(g) for g in window.groups],
        )
