"""The query roots: look-ups, search, paths, recommendations and counts.

A look-up of something that does not exist answers null, as does a path that does not exist
within `maxHops`; arguments that cannot be right (a page size of a billion, a path end that
names nobody) are errors that name the argument.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

import strawberry

from coauthor_graph.domain import views
from coauthor_graph.domain.errors import BadInputError, NotFoundError
from coauthor_graph.schema.errors import BadArgument, ClientError
from coauthor_graph.schema.groups import GroupWindow, TopicTrend, trend_limit
from coauthor_graph.schema.nodes import (
    DEFAULT_PAGE_SIZE,
    After,
    Author,
    First,
    Info,
    Node,
    Paper,
    Topic,
    TopK,
    Venue,
    connection,
    node_of,
)
from coauthor_graph.schema.pagination import RELEVANCE, check_first, paginate
from coauthor_graph.schema.results import (
    AuthorHit,
    AuthorSearchConnection,
    CollaborationPath,
    CollaboratorRecommendation,
    ConflictReport,
    GraphStats,
    PaperHit,
    PaperSearchConnection,
    PossibleDuplicate,
    RecommenderWeights,
    TopicHit,
    TopicPath,
    TopicSearchConnection,
)
from coauthor_graph.services import curation
from coauthor_graph.services.conflicts import DEFAULT_WITHIN_YEARS, check_conflicts
from coauthor_graph.services.groups import groups_in_windows
from coauthor_graph.services.lookup import (
    find_author_by_name_or_id,
    find_topic_by_name_or_id,
    find_topic_path_end,
    one_topic,
    search_topics,
    topics_named,
)
from coauthor_graph.services.networks import (
    REQUEST_MAX_PAPERS,
    NetworkOptions,
    NetworkScope,
    check_options,
    parse_years,
)
from coauthor_graph.services.recommendations import recommend_collaborators, served_weights
from coauthor_graph.services.suggestions import closest_author_names
from coauthor_graph.services.trends import topic_trends
from coauthor_graph.store.port import DEFAULT_COLLABORATION_HOPS, DEFAULT_TOPIC_HOPS, MAX_HOPS, GraphStore

SEARCH_WINDOW = 500
"""A search ranks at most this many hits; its connection pages through them."""
MAX_SEARCH_TEXT = 200

Id = Annotated[
    strawberry.ID, strawberry.argument(description="The node's id, prefixed by its kind, e.g. `author:chengkai-huang`.")
]
OptionalId = Annotated[strawberry.ID | None, strawberry.argument(description="The node's id (give this or `name`).")]
ExactName = Annotated[
    str | None, strawberry.argument(description="The exact name, case and accents ignored (give this or `id`).")
]
SearchText = Annotated[
    str,
    strawberry.argument(description=f"Words to find (at most {MAX_SEARCH_TEXT} characters); the last may be a prefix."),
]
_AUTHOR_REF = "An author id, or an author's exact name."
AuthorRef = Annotated[strawberry.ID, strawberry.argument(description=_AUTHOR_REF)]
FromAuthor = Annotated[strawberry.ID, strawberry.argument(name="from", description=_AUTHOR_REF)]
_PATH_END = "A topic or author: its id, or its exact name (topic synonyms such as RAG work)."
PathEnd = Annotated[strawberry.ID, strawberry.argument(description=_PATH_END)]
FromPathEnd = Annotated[strawberry.ID, strawberry.argument(name="from", description=_PATH_END)]
Hops = Annotated[int, strawberry.argument(description=f"The longest path to look for: 1 to {MAX_HOPS} hops.")]
TopicFilter = Annotated[
    strawberry.ID | None, strawberry.argument(description="Only people who have worked on this topic (id or name).")
]


async def _typed(info: Info, node_id: str, kind: type[views.Node]) -> Any:
    view = await info.context.loaders.nodes.load(node_id)
    return node_of(view) if isinstance(view, kind) else None


def _at_most_one(name: str, kind: str, found: list[views.Author]) -> views.Author | None:
    """The node a name look-up found; several (homonyms) are an error that lists their ids."""
    if len(found) > 1:
        raise ClientError(f"{name!r} names {len(found)} {kind}; ask by id", ids=[n.id for n in found], argument="name")
    return found[0] if found else None


async def _one_topic_named(store: GraphStore, name: str) -> views.Topic | None:
    return one_topic(name, await topics_named(store, name))


def _exactly_one(argument_id: str | None, name: str | None) -> None:
    if (argument_id is None) == (name is None):
        raise BadArgument("id", "or name: give exactly one of them")


async def _argument(argument: str, find: Callable[[], Awaitable[Any]]) -> Any:
    """Resolve a name-or-id argument; a miss is the client's error, named after the argument."""
    try:
        return await find()
    except NotFoundError as error:
        raise BadArgument(argument, str(error)) from None


async def _scope(
    store: GraphStore, authors: Sequence[str], radius: int, topic: str | None, years: str | None
) -> NetworkScope:
    """A network scope from GraphQL arguments; a miss or a bad value names its argument."""
    people = [await _argument("authors", functools.partial(find_author_by_name_or_id, store, a)) for a in authors]
    found_topic = await _argument("topic", lambda: find_topic_by_name_or_id(store, topic)) if topic else None
    try:
        first, last = parse_years(years)
        scope = NetworkScope(tuple(sorted({p.id for p in people})), radius, found_topic and found_topic.id, first, last)
        check_options(NetworkOptions(), scope)
    except BadInputError as error:
        raise BadArgument(error.argument, error.reason) from None
    return scope


def _camel(argument: str) -> str:
    head, *rest = argument.split("_")
    return head + "".join(part.title() for part in rest)


def _hops(max_hops: int) -> int:
    if not 1 <= max_hops <= MAX_HOPS:
        raise BadArgument("maxHops", f"must be between 1 and {MAX_HOPS}, got {max_hops}")
    return max_hops


def _check_search_text(text: str) -> None:
    if len(text) > MAX_SEARCH_TEXT:
        raise BadArgument("text", f"is longer than {MAX_SEARCH_TEXT} characters")


async def _search(
    search: Callable[[str, int], Awaitable[list[views.SearchHit]]],
    text: str,
    first: int,
    after: str | None,
    cls: type[Any],
    edge: Callable[..., Any],
) -> Any:
    _check_search_text(text)
    check_first(first)
    hits = await search(text, SEARCH_WINDOW)
    return connection(
        cls,
        paginate(hits, RELEVANCE, first, after),
        lambda cursor, hit: edge(cursor=cursor, node=node_of(hit.node), score=hit.score),
    )


@strawberry.type(description="Everything the graph answers.")
class Query:
    @strawberry.field(description="Any node by its id; null when there is none.")
    async def node(self, info: Info, id: Id) -> Node | None:
        view = await info.context.loaders.nodes.load(id)
        return node_of(view) if view else None

    @strawberry.field(description="An author by id or by exact name; null when there is none.")
    async def author(self, info: Info, id: OptionalId = None, name: ExactName = None) -> Author | None:
        _exactly_one(id, name)
        if id is not None:
            return await _typed(info, id, views.Author)
        found = _at_most_one(name or "", "authors", await info.context.store.find_author(name or ""))
        return Author.of(found) if found else None

    @strawberry.field(description="A paper by id; null when there is none.")
    async def paper(self, info: Info, id: Id) -> Paper | None:
        return await _typed(info, id, views.Paper)

    @strawberry.field(description="A topic by id or by exact name or code; null when there is none.")
    async def topic(self, info: Info, id: OptionalId = None, name: ExactName = None) -> Topic | None:
        _exactly_one(id, name)
        if id is not None:
            return await _typed(info, id, views.Topic)
        found = await _argument("name", lambda: _one_topic_named(info.context.store, name or ""))
        return Topic.of(found) if found else None

    @strawberry.field(description="A venue by id; null when there is none.")
    async def venue(self, info: Info, id: Id) -> Venue | None:
        return await _typed(info, id, views.Venue)

    @strawberry.field(description=f"Authors by name or alias, most relevant first (at most {SEARCH_WINDOW} hits).")
    async def search_authors(
        self, info: Info, text: SearchText, first: First = DEFAULT_PAGE_SIZE, after: After = None
    ) -> AuthorSearchConnection:
        return await _search(info.context.store.search_authors, text, first, after, AuthorSearchConnection, AuthorHit)

    @strawberry.field(description=f"Papers by title and abstract, most relevant first (at most {SEARCH_WINDOW} hits).")
    async def search_papers(
        self, info: Info, text: SearchText, first: First = DEFAULT_PAGE_SIZE, after: After = None
    ) -> PaperSearchConnection:
        return await _search(info.context.store.search_papers, text, first, after, PaperSearchConnection, PaperHit)

    @strawberry.field(description=f"Topics by name or code, most relevant first (at most {SEARCH_WINDOW} hits).")
    async def search_topics(
        self, info: Info, text: SearchText, first: First = DEFAULT_PAGE_SIZE, after: After = None
    ) -> TopicSearchConnection:
        store = info.context.store
        return await _search(
            lambda text, limit: search_topics(store, text, limit), text, first, after, TopicSearchConnection, TopicHit
        )

    @strawberry.field(
        description="Names of people (names and aliases) closest to a misspelt one, closest first: what to"
        " suggest when `author(name:)` finds no one."
    )
    async def closest_author_names(
        self,
        info: Info,
        text: SearchText,
        first: Annotated[int, strawberry.argument(description="How many names (1 to 10).")] = 3,
    ) -> list[str]:
        _check_search_text(text)
        if not 1 <= first <= 10:
            raise BadArgument("first", f"must be from 1 to 10, got {first}")
        return await closest_author_names(info.context.store, text, first)

    @strawberry.field(
        description="The shortest chain of co-authorships between two people (ties: smallest ids);"
        " null when none is at most `maxHops` long."
    )
    async def collaboration_path(
        self,
        info: Info,
        from_: FromAuthor,
        to: AuthorRef,
        max_hops: Hops = DEFAULT_COLLABORATION_HOPS,
    ) -> CollaborationPath | None:
        store: GraphStore = info.context.store
        source = await _argument("from", lambda: find_author_by_name_or_id(store, from_))
        target = await _argument("to", lambda: find_author_by_name_or_id(store, to))
        path = await store.collaboration_path(source.id, target.id, _hops(max_hops))
        return CollaborationPath.of(path) if path else None

    @strawberry.field(
        description="How two topics, or a person and a topic, connect through papers and authors;"
        " null when no path is at most `maxHops` long."
    )
    async def topic_path(
        self,
        info: Info,
        from_: FromPathEnd,
        to: PathEnd,
        max_hops: Hops = DEFAULT_TOPIC_HOPS,
    ) -> TopicPath | None:
        store: GraphStore = info.context.store
        source = await _argument("from", lambda: find_topic_path_end(store, from_))
        target = await _argument("to", lambda: find_topic_path_end(store, to))
        path = await store.topic_path(source.id, target.id, _hops(max_hops))
        return TopicPath.of(path) if path else None

    @strawberry.field(
        description="People the author has not written with, best first, scored by a logistic regression over"
        " five kinds of evidence (scoreParts: the co-author graph, recency, title words, venues, activity),"
        " each with the reasons: shared co-authors, shared topics, shared venues."
    )
    async def recommend_collaborators(
        self, info: Info, author: AuthorRef, first: TopK = DEFAULT_PAGE_SIZE, topic: TopicFilter = None
    ) -> list[CollaboratorRecommendation]:
        store: GraphStore = info.context.store
        who = await _argument("author", lambda: find_author_by_name_or_id(store, author))
        topic_id = None
        if topic is not None:
            topic_id = (await _argument("topic", lambda: find_topic_by_name_or_id(store, topic))).id
        found = await recommend_collaborators(store, who.id, check_first(first), topic_id)
        return [CollaboratorRecommendation.of(r) for r in found]

    @strawberry.field(
        description="Pairs of authors of one name block (family name and first initial) that could be one person"
        " and were not merged, best first, with the evidence: what a curator looks at before `mergeAuthors`."
    )
    async def possible_duplicates(
        self,
        info: Info,
        min_score: Annotated[float, strawberry.argument(description="Leave out pairs scoring less.")] = 0.0,
        first: TopK = DEFAULT_PAGE_SIZE,
    ) -> list[PossibleDuplicate]:
        found = await curation.possible_duplicates(info.context.store, min_score, check_first(first))
        return [PossibleDuplicate.of(d) for d in found]

    @strawberry.field(
        description="Conflicts of interest between a submission's authors and a pool of reviewers: the same"
        " person under another name, a joint paper within `withinYears`, and (with `throughCoauthors`) a shared"
        " co-author in that window, each with its papers. People are named by id, ORCID or exact name; pass"
        " long lists as variables."
    )
    async def conflicts(
        self,
        info: Info,
        authors: Annotated[list[str], strawberry.argument(description="The submission's authors.")],
        reviewers: Annotated[list[str], strawberry.argument(description="The reviewers to check.")],
        within_years: Annotated[
            int, strawberry.argument(description="The window: papers from `asOf - withinYears` on count.")
        ] = DEFAULT_WITHIN_YEARS,
        through_coauthors: Annotated[
            bool, strawberry.argument(description="Also flag pairs who share a co-author in the window.")
        ] = False,
        as_of: Annotated[
            int | None, strawberry.argument(description="The year the window ends (default: this year).")
        ] = None,
    ) -> ConflictReport:
        try:
            report = await check_conflicts(
                info.context.store,
                authors,
                reviewers,
                within_years=within_years,
                through_coauthors=through_coauthors,
                as_of_year=as_of,
            )
        except BadInputError as error:
            raise BadArgument(error.argument, error.reason) from None
        return ConflictReport.of(report)

    @strawberry.field(
        description="Research groups: communities of the co-author network (Leiden, deterministic), each labelled"
        " by its most distinctive topics. With `windowYears`, one answer per window of that many years, each"
        " group listing the groups of the window before that it continues."
    )
    async def groups(
        self,
        info: Info,
        authors: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(description="Only people within `radius` hops of these (ids or exact names)."),
        ] = None,
        radius: Annotated[int, strawberry.argument(description="Co-authorship hops from `authors` (1 to 3).")] = 1,
        topic: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only papers about this topic or a narrower one.")
        ] = None,
        years: Annotated[str | None, strawberry.argument(description="Only papers of these years: 2018-2022.")] = None,
        window_years: Annotated[int | None, strawberry.argument(description="Groups per window of years.")] = None,
        max_authors: Annotated[
            int | None, strawberry.argument(description="Leave out papers with more authors (consortium papers).")
        ] = None,
    ) -> list[GroupWindow]:
        store: GraphStore = info.context.store
        scope = await _scope(store, authors or [], radius, topic, years)
        options = NetworkOptions(max_authors=max_authors)
        try:
            windows = await groups_in_windows(store, scope, window_years, options, REQUEST_MAX_PAPERS)
        except BadInputError as error:
            raise BadArgument(_camel(error.argument), error.reason) from None
        return [GroupWindow.of(w) for w in windows]

    @strawberry.field(
        description="Topic trends: papers and authors per topic per year and the topics' bursts (Kleinberg), for"
        " the papers of some people (all papers when none are named), within a topic and years."
    )
    async def topic_trends(
        self,
        info: Info,
        authors: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Whose papers (ids or exact names).")
        ] = None,
        topic: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only papers about this topic or a narrower one.")
        ] = None,
        years: Annotated[str | None, strawberry.argument(description="Only papers of these years: 2018-2022.")] = None,
        first: Annotated[int, strawberry.argument(description="How many topics, most papers first.")] = 10,
    ) -> list[TopicTrend]:
        store: GraphStore = info.context.store
        scope = await _scope(store, authors or [], 1, topic, years)
        try:
            found = await topic_trends(
                store,
                scope.authors or None,
                scope.topic_id,
                scope.first_year,
                scope.last_year,
                trend_limit(first),
                REQUEST_MAX_PAPERS,
            )
        except BadInputError as error:
            raise BadArgument(error.argument, error.reason) from None
        return [TopicTrend.of(t) for t in found]

    @strawberry.field(description="How many nodes and relationships the graph holds.")
    async def stats(self, info: Info) -> GraphStats:
        return GraphStats.of(await info.context.store.stats())

    @strawberry.field(description="The weights collaborator recommendations are scored with, and how they scored.")
    async def recommender_weights(self, info: Info) -> RecommenderWeights:
        return RecommenderWeights.of(await served_weights(info.context.store))
