"""Collaborator recommendations as plain JSON, for callers that do not speak GraphQL.

The answer is the GraphQL `recommendCollaborators` answer, field for field (camelCase), so a
client can move between the two without remapping.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from coauthor_graph.domain.errors import NotFoundError
from coauthor_graph.domain.views import Author, Recommendation, Topic
from coauthor_graph.schema.pagination import MAX_PAGE_SIZE
from coauthor_graph.schema.results import explanation
from coauthor_graph.services.lookup import find_author_by_name_or_id, find_topic_by_name_or_id
from coauthor_graph.services.recommendations import recommend_collaborators
from coauthor_graph.store.port import GraphStore

router = APIRouter(prefix="/api", tags=["recommendations"])


class PersonOut(BaseModel):
    id: str = Field(description="Stable author id.")
    name: str = Field(description="Display name.")


class TopicOut(BaseModel):
    id: str = Field(description="Stable topic id.")
    name: str = Field(description="Topic name.")


class VenueOut(BaseModel):
    id: str = Field(description="Stable venue id.")
    name: str = Field(description="Venue name.")


class ScorePartsOut(BaseModel):
    structure: float = Field(description="Shared co-authors and walks of length 3 in the co-author graph.")
    recency: float = Field(description="How fresh the freshest shared link is; how recently the person published.")
    topics: float = Field(description="How well title words match the author's and their co-authors'.")
    venues: float = Field(description="How alike the venues they publish in are.")
    activity: float = Field(description="How many papers and co-authors the person has.")


class RecommendationOut(BaseModel):
    author: PersonOut = Field(description="The person recommended.")
    score: float = Field(description="The recommender's logit: higher is likelier; intercept plus scoreParts.")
    intercept: float = Field(description="The model's intercept: score = intercept + the five scoreParts.")
    scoreParts: ScorePartsOut = Field(description="The score's parts.")
    sharedCoauthors: list[PersonOut] = Field(description="People both have written with, by name.")
    sharedTopics: list[TopicOut] = Field(description="Topics both work on, rarest first.")
    sharedVenues: list[VenueOut] = Field(description="Venues both publish in, most papers between them first.")
    explanation: str = Field(description="The reasons in one sentence.")
    weights: str = Field(description="Where the weights that scored it come from: fitted on this graph, or shipped.")


class RecommendationsOut(BaseModel):
    author: PersonOut = Field(description="Whom the recommendations are for.")
    recommendations: list[RecommendationOut] = Field(description="Best first: score desc, then name, then id.")


def _person(author: Author) -> PersonOut:
    return PersonOut(id=author.id, name=author.name)


def _topic(topic: Topic) -> TopicOut:
    return TopicOut(id=topic.id, name=topic.name)


def _recommendation(r: Recommendation) -> RecommendationOut:
    return RecommendationOut(
        author=_person(r.author),
        score=r.score,
        intercept=r.intercept,
        scoreParts=ScorePartsOut(**asdict(r.parts)),
        sharedCoauthors=[_person(a) for a in r.shared_coauthors],
        sharedTopics=[_topic(t) for t in r.shared_topics],
        sharedVenues=[VenueOut(id=v.id, name=v.name) for v in r.shared_venues],
        explanation=explanation(r),
        weights=r.weights,
    )


@router.get(
    "/authors/{author_id}/collaborator-recommendations",
    summary="Collaborator recommendations for an author",
    description="People the author has not written with yet, best first, scored by a logistic regression over"
    " five kinds of evidence (scoreParts: the co-author graph, recency, title words, venues, activity; the"
    " score is the intercept plus the parts), each with the reasons: shared co-authors, topics and venues.",
    response_model=RecommendationsOut,
    responses={404: {"description": "No author with this id or name, or no topic with this name or id."}},
)
async def collaborator_recommendations(
    request: Request,
    author_id: Annotated[
        str, Path(description="The author's id, e.g. `author:chengkai-huang`, or exact name, e.g. `Chengkai Huang`.")
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many recommendations.")] = 10,
    topic: Annotated[str | None, Query(description="Only people who have worked on this topic (id or name).")] = None,
) -> RecommendationsOut:
    store: GraphStore = request.app.state.store
    try:
        author = await find_author_by_name_or_id(store, author_id)
        topic_id = (await find_topic_by_name_or_id(store, topic)).id if topic else None
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    found = await recommend_collaborators(store, author.id, limit, topic_id)
    return RecommendationsOut(author=_person(author), recommendations=[_recommendation(r) for r in found])
