"""Networks for pictures and for other tools: the explorer's network (JSON, laid out and grouped), the
research groups, and downloads in the export formats.

One set of query parameters names the scope and the counting everywhere, as the CLI's options do.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from coauthor_graph.domain.errors import BadInputError, NotFoundError
from coauthor_graph.domain.views import Topic
from coauthor_graph.services.exports import drawn_network, export_network
from coauthor_graph.services.groups import Group, groups_in_windows, labelled_groups
from coauthor_graph.services.network_files import Format
from coauthor_graph.services.networks import (
    REQUEST_MAX_PAPERS,
    Counting,
    NetworkOptions,
    NetworkScope,
    Unit,
    resolve_scope,
)

router = APIRouter(prefix="/api", tags=["networks"])

MAX_DRAWN_NODES = 2_000
"""The most nodes /api/network answers: a picture of more is unreadable (and its layout costs seconds)."""


@dataclass(frozen=True)
class ScopeParameters:
    author: list[str]
    radius: int
    topic: str | None
    years: str | None
    unit: Unit
    counting: Counting
    maxAuthors: int | None
    minPapers: int


def scope_parameters(
    author: Annotated[list[str] | None, Query(description="Only people within `radius` hops of these.")] = None,
    radius: Annotated[int, Query(ge=1, le=3, description="Co-authorship hops from `author`.")] = 1,
    topic: Annotated[str | None, Query(description="Only papers about this topic or a narrower one.")] = None,
    years: Annotated[str | None, Query(description="Only papers of these years: 2018-2022, 2018-, -2022.")] = None,
    unit: Annotated[Unit, Query(description="What the nodes are: author, topic or venue.")] = "author",
    counting: Annotated[Counting, Query(description="full: 1 per paper and pair; fractional: 1 per paper.")] = "full",
    maxAuthors: Annotated[int | None, Query(ge=2, description="Leave out papers with more authors.")] = None,
    minPapers: Annotated[int, Query(ge=1, description="Leave out items with fewer papers in scope.")] = 1,
) -> ScopeParameters:
    return ScopeParameters(author or [], radius, topic, years, unit, counting, maxAuthors, minPapers)


Scope = Annotated[ScopeParameters, Depends(scope_parameters)]


async def _resolved(request: Request, given: ScopeParameters, limit: int | None) -> tuple[NetworkScope, NetworkOptions]:
    try:
        scope = await resolve_scope(request.app.state.store, given.author, given.radius, given.topic, given.years)
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    except BadInputError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    options = NetworkOptions(given.unit, given.counting, given.maxAuthors, given.minPapers, limit)
    return scope, options


class NodeOut(BaseModel):
    id: str
    label: str
    papers: int = Field(description="Papers in scope.")
    group: int = Field(description="Its research group's number (1 is the largest).")
    x: float | None = Field(description="Position in [-1, 1]; null when the network is too large to lay out.")
    y: float | None
    firstYear: int | None
    meanYear: float | None = Field(description="Mean publication year of its papers in scope.")


class LinkOut(BaseModel):
    source: str
    target: str
    strength: float = Field(description="Joint papers (full counting) or their shares (fractional).")
    papers: int = Field(description="Papers behind the link (venue networks: authors).")
    firstYear: int | None


class GroupOut(BaseModel):
    number: int
    members: list[str] = Field(description="Member ids, most papers first.")
    papers: int
    topics: list[str] = Field(description="Its most distinctive topics' names.")
    previous: list[list[int]] = Field(
        default=[], description="Over time: [group number in the window before, people shared]."
    )


class TopicOut(BaseModel):
    id: str
    name: str


class NetworkOut(BaseModel):
    nodes: list[NodeOut]
    links: list[LinkOut]
    groups: list[GroupOut]
    topic: TopicOut | None = Field(default=None, description="The topic the papers are about, when one was asked.")


def _group(group: Group) -> GroupOut:
    return GroupOut(
        number=group.number,
        members=list(group.members),
        papers=group.papers,
        topics=[t.name for t in group.topics],
        previous=[list(p) for p in group.previous],
    )


@router.get(
    "/network",
    summary="A network to draw: nodes laid out and grouped, with their links",
    response_model=NetworkOut,
    responses={404: {"description": "An author or topic nobody has."}, 422: {"description": "A bad parameter."}},
)
async def network(
    request: Request,
    given: Scope,
    limit: Annotated[int, Query(ge=1, le=MAX_DRAWN_NODES, description="Keep the nodes with most papers.")] = 300,
) -> NetworkOut:
    scope, options = await _resolved(request, given, limit)
    try:
        drawn = await drawn_network(request.app.state.store, scope, options, REQUEST_MAX_PAPERS)
    except BadInputError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    groups = await labelled_groups(request.app.state.store, drawn.network, drawn.groups)
    topic = await request.app.state.store.get(scope.topic_id) if scope.topic_id else None
    return NetworkOut(
        topic=TopicOut(id=topic.id, name=topic.name) if isinstance(topic, Topic) else None,
        nodes=[
            NodeOut(
                id=n.id,
                label=n.label,
                papers=n.papers,
                group=drawn.groups[n.id],
                x=drawn.positions[n.id][0] if n.id in drawn.positions else None,
                y=drawn.positions[n.id][1] if n.id in drawn.positions else None,
                firstYear=n.first_year,
                meanYear=n.mean_year,
            )
            for n in drawn.network.nodes
        ],
        links=[
            LinkOut(source=k.source, target=k.target, strength=k.strength, papers=k.papers, firstYear=k.first_year)
            for k in drawn.network.links
        ],
        groups=[_group(g) for g in groups],
    )


class WindowOut(BaseModel):
    firstYear: int | None = Field(description="The window's first year (without windowYears: the scope's, if any).")
    lastYear: int | None
    groups: list[GroupOut]


@router.get(
    "/groups",
    summary="Research groups: communities of the co-author network (Leiden), labelled by their topics",
    description="With windowYears, the groups of each window of that many years, each listing the groups of"
    " the window before that it continues (`previous`), so growth, splits and merges can be followed.",
    response_model=list[WindowOut],
)
async def groups(
    request: Request,
    given: Scope,
    windowYears: Annotated[int | None, Query(ge=1, description="Groups per window of this many years.")] = None,
) -> list[WindowOut]:
    scope, options = await _resolved(request, given, None)
    store = request.app.state.store
    try:
        windows = await groups_in_windows(store, scope, windowYears, options, REQUEST_MAX_PAPERS)
    except BadInputError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    return [
        WindowOut(firstYear=w.first_year, lastYear=w.last_year, groups=[_group(g) for g in w.groups]) for w in windows
    ]


_MEDIA = {"gexf": "application/gexf+xml", "graphml": "application/graphml+xml", "pajek": "text/plain"}


@router.get(
    "/exports/{fmt}",
    summary="Download the network for VOSviewer, Gephi, Cytoscape or Pajek",
    description="gexf, graphml and pajek answer one file; vosviewer (map, network and JSON files) and csv"
    " (Gephi's node and edge tables) answer a zip of them.",
    responses={200: {"content": {"application/zip": {}, "application/gexf+xml": {}}}},
)
async def export(
    request: Request,
    fmt: Format,
    given: Scope,
    limit: Annotated[int | None, Query(ge=1, description="Keep the nodes with most papers.")] = None,
) -> Response:
    scope, options = await _resolved(request, given, limit)
    try:
        files = await export_network(request.app.state.store, scope, options, fmt, REQUEST_MAX_PAPERS)
    except BadInputError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    if len(files) == 1:
        ((name, content),) = files.items()
        media = _MEDIA.get(fmt, "application/octet-stream")
    else:
        name, media, content = f"network-{fmt}.zip", "application/zip", _zipped(files)
    return Response(content, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})


def _zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
