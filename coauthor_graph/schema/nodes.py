"""The graph's four kinds of node as GraphQL types, with their lists as cursor connections.

Each type wraps the store's view (`of`) and resolves its neighbourhood through the request's
DataLoaders, so sibling objects share one batched store call per kind of neighbour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

import strawberry

from coauthor_graph.domain import views
from coauthor_graph.domain.views import Coauthorship
from coauthor_graph.schema.context import Context
from coauthor_graph.schema.pagination import (
    AUTHORSHIPS,
    BY_ID,
    COAUTHORS,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    NEWEST_FIRST,
    TOPIC_COUNTS,
    VENUE_COUNTS,
    Page,
    check_first,
    decode_cursor,
    encode_cursor,
    paginate,
)

Info = strawberry.Info[Context, None]
First = Annotated[int, strawberry.argument(description=f"Page size: 0 to {MAX_PAGE_SIZE}.")]
After = Annotated[
    str | None, strawberry.argument(description="Return the items after this cursor (an edge's `cursor`).")
]
TopK = Annotated[int, strawberry.argument(description=f"How many to return: 0 to {MAX_PAGE_SIZE}.")]

E = TypeVar("E")


@strawberry.type(description="Where a page sits in its list (Relay `PageInfo`).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(description="The cursor of the page's first edge.")
    end_cursor: str | None = strawberry.field(description="The cursor of the page's last edge: pass it as `after`.")


@strawberry.type(description="A page of a list.")
class Connection(Generic[E]):
    edges: list[E] = strawberry.field(description="The items of this page, in the list's order.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")
    total_count: int = strawberry.field(description="How many items the whole list has.")


N = TypeVar("N")


@strawberry.type(description="An item in a list, with its cursor.")
class Edge(Generic[N]):
    cursor: str = strawberry.field(description="Pass as `after` to page on from here.")
    node: N = strawberry.field(description="The item.")


def connection(cls: type[Any], page: Page[Any], edge: Callable[[str, Any], Any]) -> Any:
    """Build a connection of type `cls` from a page, making each edge with `edge(cursor, item)`."""
    cursors = [cursor for cursor, _ in page.items]
    return cls(
        edges=[edge(cursor, item) for cursor, item in page.items],
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        total_count=page.total_count,
    )


async def paper_page(info: Info, owner_id: str, first: int, after: str | None) -> PaperConnection:
    """A page of an author's, topic's or venue's papers, cut by the store (keyset from the cursor)."""
    check_first(first)
    key = decode_cursor(after, NEWEST_FIRST) if after is not None else None
    found = await info.context.loaders.paper_pages(first, key).load(owner_id)
    page = Page(
        items=[(encode_cursor(NEWEST_FIRST.values(p)), p) for p in found.papers],
        has_next_page=found.has_more,
        has_previous_page=after is not None,
        total_count=found.total,
    )
    return connection(PaperConnection, page, lambda c, p: PaperEdge(cursor=c, node=Paper.of(p)))


def papers_connection(papers: list[views.Paper], first: int, after: str | None) -> PaperConnection:
    return connection(
        PaperConnection,
        paginate(papers, NEWEST_FIRST, first, after),
        lambda c, p: PaperEdge(cursor=c, node=Paper.of(p)),
    )


@strawberry.interface(description="Anything with a stable id; `node(id:)` fetches it again.")
class Node:
    id: strawberry.ID = strawberry.field(
        description="Stable across reloads, prefixed by kind: `author:`, `paper:`, `topic:`, `venue:`."
    )


@strawberry.type(description="An identifier of an author in another system.")
class ExternalId:
    kind: str = strawberry.field(description="The system: openalex, dblp, scopus, semantic_scholar.")
    value: str = strawberry.field(description="The author's id there.")


@strawberry.type(description="A number from an author's profile page, as captured on `capturedOn`.")
class ProfileMetric:
    name: str = strawberry.field(description="The metric, e.g. `h_index`, `citations`, `papers`, `captured_on`.")
    value: str = strawberry.field(description="Its value as text.")
    number: float | None = strawberry.field(description="Its value as a number, when it is one.")


@strawberry.type(description="A person who wrote papers.")
class Author(Node):
    name: str = strawberry.field(description="Display name, diacritics kept.")
    aliases: list[str] = strawberry.field(description="Other spellings seen in the sources.")
    orcid: str | None = strawberry.field(description="ORCID iD, when a source gave one.")
    external_ids: list[ExternalId] = strawberry.field(description="Ids in other systems.")
    metrics: list[ProfileMetric] = strawberry.field(description="Profile-page metrics, when a profile was loaded.")

    @classmethod
    def of(cls, view: views.Author) -> Author:
        return cls(
            id=strawberry.ID(view.id),
            name=view.name,
            aliases=list(view.aliases),
            orcid=view.orcid,
            external_ids=[ExternalId(kind=k, value=v) for k, v in view.external_ids],
            metrics=[
                ProfileMetric(name=name, value=str(value), number=value if isinstance(value, int | float) else None)
                for name, value in sorted(view.metrics.items())
            ],
        )

    @strawberry.field(description="Their papers, newest first.")
    async def papers(self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None) -> PaperConnection:
        return await paper_page(info, self.id, first, after)

    @strawberry.field(description="People they wrote with: most joint papers first, then latest, name, id.")
    async def coauthors(self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None) -> CoauthorConnection:
        ties = await info.context.loaders.coauthors.load(self.id)
        return connection(
            CoauthorConnection,
            paginate(ties, COAUTHORS, first, after),
            lambda cursor, tie: CoauthorEdge.of(cursor, self.id, tie),
        )

    @strawberry.field(description="What they work on, weighted by how many of their papers are about it.")
    async def topics(
        self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None
    ) -> WeightedTopicConnection:
        topics = await info.context.loaders.topics.load(self.id)
        return connection(
            WeightedTopicConnection,
            paginate(topics, TOPIC_COUNTS, first, after),
            lambda c, t: WeightedTopicEdge(cursor=c, node=Topic.of(t.topic), papers=t.papers),
        )

    @strawberry.field(description="Per year (ascending), the topics of that year's papers, most papers first.")
    async def topic_trajectory(self, info: Info) -> list[TopicYear]:
        years: dict[int, list[WeightedTopic]] = {}
        for row in await info.context.loaders.trajectories.load(self.id):
            years.setdefault(row.year, []).append(WeightedTopic(topic=Topic.of(row.topic), papers=row.papers))
        return [TopicYear(year=year, topics=topics) for year, topics in years.items()]

    @strawberry.field(description="Where they publish, by how many of their papers appeared there.")
    async def venues(
        self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None
    ) -> WeightedVenueConnection:
        venues = await info.context.loaders.venues.load(self.id)
        return connection(
            WeightedVenueConnection,
            paginate(venues, VENUE_COUNTS, first, after),
            lambda c, v: WeightedVenueEdge(cursor=c, node=Venue.of(v.venue), papers=v.papers),
        )


@strawberry.type(description="A publication.")
class Paper(Node):
    title: str = strawberry.field(description="Title as published.")
    abstract: str | None = strawberry.field(description="Abstract, verbatim (LaTeX included).")
    year: int | None = strawberry.field(description="Publication year.")
    date: str | None = strawberry.field(description="Publication date (ISO 8601), when known.")
    doi: str | None = strawberry.field(description="DOI, normalized to lower case without a resolver prefix.")
    arxiv_id: str | None = strawberry.field(description="arXiv identifier, without version.")
    url: str | None = strawberry.field(description="A link to the paper.")
    authors_complete: bool = strawberry.field(
        description="False when the source cut the author list (`et al.`): `authors` is then partial."
    )

    @classmethod
    def of(cls, view: views.Paper) -> Paper:
        return cls(
            id=strawberry.ID(view.id),
            title=view.title,
            abstract=view.abstract,
            year=view.year,
            date=view.date,
            doi=view.doi,
            arxiv_id=view.arxiv_id,
            url=view.url,
            authors_complete=view.authors_complete,
        )

    @strawberry.field(description="Authors in byline order; those of unknown position last, by name.")
    async def authors(self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None) -> AuthorshipConnection:
        authorships = await info.context.loaders.authors.load(self.id)
        return connection(
            AuthorshipConnection,
            paginate(authorships, AUTHORSHIPS, first, after),
            lambda c, a: AuthorshipEdge(cursor=c, node=Author.of(a.author), position=a.position),
        )

    @strawberry.field(description="What the paper is about: subject codes and fine-grained topics, by id.")
    async def topics(self, info: Info) -> list[Topic]:
        return [Topic.of(t.topic) for t in sorted(await info.context.loaders.topics.load(self.id), key=_topic_id)]

    @strawberry.field(description="Where it was published.")
    async def venue(self, info: Info) -> Venue | None:
        venues = await info.context.loaders.venues.load(self.id)
        return Venue.of(venues[0].venue) if venues else None


def _topic_id(count: views.TopicCount) -> str:
    return count.topic.id


@strawberry.type(description="A subject: an arXiv category or a fine-grained topic found in titles and abstracts.")
class Topic(Node):
    name: str = strawberry.field(description="Its name, e.g. `Information Retrieval`, `knowledge distillation`.")
    scheme: str = strawberry.field(
        description="Its vocabulary, e.g. `arxiv` for arXiv subject codes, `openalex` for OpenAlex topics."
    )
    code: str | None = strawberry.field(description="The scheme's code, e.g. `cs.IR`.")

    @classmethod
    def of(cls, view: views.Topic) -> Topic:
        return cls(id=strawberry.ID(view.id), name=view.name, scheme=view.scheme, code=view.code)

    @strawberry.field(description="The broader topics it belongs to, by id.")
    async def broader(self, info: Info) -> list[Topic]:
        return [Topic.of(t) for t in await info.context.loaders.broader.load(self.id)]

    @strawberry.field(description="The narrower topics that belong to it, by id.")
    async def narrower(self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None) -> TopicConnection:
        topics = await info.context.loaders.narrower.load(self.id)
        return connection(
            TopicConnection, paginate(topics, BY_ID, first, after), lambda c, t: TopicEdge(cursor=c, node=Topic.of(t))
        )

    @strawberry.field(description="Papers about it, newest first.")
    async def papers(self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None) -> PaperConnection:
        return await paper_page(info, self.id, first, after)

    @strawberry.field(description="The authors with the most papers about it (then name, id).")
    async def top_authors(self, info: Info, first: TopK = DEFAULT_PAGE_SIZE) -> list[TopicAuthor]:
        found = await info.context.loaders.top_authors(check_first(first)).load(self.id)
        return [TopicAuthor(author=Author.of(t.author), papers=t.papers) for t in found]

    @strawberry.field(description="Topics that share papers with it, most shared papers first (then id).")
    async def related_topics(self, info: Info, first: TopK = DEFAULT_PAGE_SIZE) -> list[RelatedTopic]:
        found = await info.context.loaders.related_topics(check_first(first)).load(self.id)
        return [RelatedTopic(topic=Topic.of(t.topic), shared_papers=t.shared_papers) for t in found]


@strawberry.type(description="Where papers appear: a journal, a conference, a preprint server.")
class Venue(Node):
    name: str = strawberry.field(description="Its canonical name.")
    kind: str = strawberry.field(
        description="What it is, e.g. `journal`, `conference`, `preprint server`, or `unknown`."
    )
    issn: str | None = strawberry.field(description="The journal's ISSN, when known.")

    @classmethod
    def of(cls, view: views.Venue) -> Venue:
        return cls(id=strawberry.ID(view.id), name=view.name, kind=view.kind, issn=view.issn)

    @strawberry.field(description="Papers published there, newest first.")
    async def papers(self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None) -> PaperConnection:
        return await paper_page(info, self.id, first, after)


def node_of(view: views.Node) -> Author | Paper | Topic | Venue:
    """The GraphQL object for any store view."""
    return _BY_LABEL[view.label].of(view)  # type: ignore[attr-defined]


_BY_LABEL: dict[str, Any] = {"Author": Author, "Paper": Paper, "Topic": Topic, "Venue": Venue}


# --- edges and connections ------------------------------------------------------------------------


@strawberry.type(description="A paper in a list.")
class PaperEdge(Edge[Paper]):
    pass


@strawberry.type(description="A page of papers.")
class PaperConnection(Connection[PaperEdge]):
    pass


@strawberry.type(description="A co-author, with what they wrote together.")
class CoauthorEdge(Edge[Author]):
    papers: int = strawberry.field(description="How many papers they wrote together.")
    first_year: int | None = strawberry.field(description="The year of their first joint paper.")
    last_year: int | None = strawberry.field(description="The year of their latest joint paper.")
    owner: strawberry.Private[str]

    @classmethod
    def of(cls, cursor: str, owner: str, tie: Coauthorship) -> CoauthorEdge:
        return cls(
            cursor=cursor,
            node=Author.of(tie.coauthor),
            papers=tie.papers,
            first_year=tie.first_year,
            last_year=tie.last_year,
            owner=owner,
        )

    @strawberry.field(description="Their joint papers, newest first.")
    async def joint_papers(self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None) -> PaperConnection:
        # Fetched only when asked for: listing joint papers is most of the cost of a co-author list.
        ties = await info.context.loaders.coauthors_with_papers.load(self.owner)
        joint = next((list(t.joint_papers) for t in ties if t.coauthor.id == self.node.id), [])
        return papers_connection(joint, first, after)


@strawberry.type(description="A page of co-authors.")
class CoauthorConnection(Connection[CoauthorEdge]):
    pass


@strawberry.type(description="An author of a paper, with their place in the byline.")
class AuthorshipEdge(Edge[Author]):
    position: int | None = strawberry.field(description="1-based byline position; null when the source did not say.")


@strawberry.type(description="A page of a paper's authors.")
class AuthorshipConnection(Connection[AuthorshipEdge]):
    pass


@strawberry.type(description="A topic in a list.")
class TopicEdge(Edge[Topic]):
    pass


@strawberry.type(description="A page of topics.")
class TopicConnection(Connection[TopicEdge]):
    pass


@strawberry.type(description="One of an author's topics, with its weight.")
class WeightedTopicEdge(Edge[Topic]):
    papers: int = strawberry.field(description="How many of the author's papers are about it.")


@strawberry.type(description="A page of an author's topics.")
class WeightedTopicConnection(Connection[WeightedTopicEdge]):
    pass


@strawberry.type(description="One of an author's venues, with its weight.")
class WeightedVenueEdge(Edge[Venue]):
    papers: int = strawberry.field(description="How many of the author's papers appeared there.")


@strawberry.type(description="A page of an author's venues.")
class WeightedVenueConnection(Connection[WeightedVenueEdge]):
    pass


@strawberry.type(description="A topic with a paper count.")
class WeightedTopic:
    topic: Topic = strawberry.field(description="The topic.")
    papers: int = strawberry.field(description="How many papers.")


@strawberry.type(description="An author's topics in one year.")
class TopicYear:
    year: int = strawberry.field(description="The year.")
    topics: list[WeightedTopic] = strawberry.field(description="That year's topics, most papers first, then id.")


@strawberry.type(description="An author ranked on a topic.")
class TopicAuthor:
    author: Author = strawberry.field(description="The author.")
    papers: int = strawberry.field(description="How many of their papers are about the topic.")


@strawberry.type(description="A topic that co-occurs with another on papers.")
class RelatedTopic:
    topic: Topic = strawberry.field(description="The related topic.")
    shared_papers: int = strawberry.field(description="How many papers are about both.")
