"""Conflict-of-interest checks as plain JSON (or CSV), for the tools committees already script.

The answer is the GraphQL `conflicts` answer, field for field (camelCase).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from coauthor_graph.domain.errors import BadInputError
from coauthor_graph.domain.views import Author, Conflict, ConflictKind, ConflictReport, Paper
from coauthor_graph.services.conflict_tables import conflicts_csv
from coauthor_graph.services.conflicts import DEFAULT_WITHIN_YEARS, MAX_PEOPLE, check_conflicts, described

router = APIRouter(prefix="/api", tags=["conflicts of interest"])


class ConflictsIn(BaseModel):
    authors: list[str] = Field(
        description="The submission's authors: ids, ORCIDs or exact names.", max_length=MAX_PEOPLE
    )
    reviewers: list[str] = Field(description="The reviewers, named the same way.", max_length=MAX_PEOPLE)
    withinYears: int = Field(DEFAULT_WITHIN_YEARS, description="The window: papers from asOf - withinYears on count.")
    throughCoauthors: bool = Field(False, description="Also flag pairs who share a co-author in the window.")
    asOf: int | None = Field(None, description="The year the window ends (default: this year).")


class PersonOut(BaseModel):
    id: str
    name: str


class PaperOut(BaseModel):
    id: str
    title: str
    year: int | None


class ConflictOut(BaseModel):
    author: PersonOut = Field(description="The submission's author.")
    reviewer: PersonOut = Field(description="The reviewer.")
    kind: ConflictKind = Field(
        description="SAME_PERSON, COAUTHORED (a joint paper in the window), SHARED_AFFILIATION or SHARED_COAUTHOR."
    )
    authorAsGiven: str
    reviewerAsGiven: str
    papers: list[PaperOut] = Field(description="The papers that show it, newest first (see GraphQL `Conflict`).")
    via: PersonOut | None = Field(description="SHARED_COAUTHOR: who wrote with both.")
    institution: str | None = Field(description="SHARED_AFFILIATION: the institution both papers list.")
    explanation: str


class AmbiguousOut(BaseModel):
    name: str
    authors: list[PersonOut]


class ConflictReportOut(BaseModel):
    conflicts: list[ConflictOut]
    unknown: list[str] = Field(description="Names, ids and ORCIDs nobody in the graph has: not checked.")
    ambiguous: list[AmbiguousOut] = Field(description="Names several people share: every one was checked.")
    sinceYear: int


def _person(author: Author) -> PersonOut:
    return PersonOut(id=author.id, name=author.name)


def _paper(paper: Paper) -> PaperOut:
    return PaperOut(id=paper.id, title=paper.title, year=paper.year)


def _conflict(c: Conflict) -> ConflictOut:
    return ConflictOut(
        author=_person(c.author),
        reviewer=_person(c.reviewer),
        kind=c.kind,
        authorAsGiven=c.author_as_given,
        reviewerAsGiven=c.reviewer_as_given,
        papers=[_paper(p) for p in c.papers],
        via=_person(c.via) if c.via else None,
        institution=c.institution,
        explanation=described(c),
    )


def _report(report: ConflictReport) -> ConflictReportOut:
    return ConflictReportOut(
        conflicts=[_conflict(c) for c in report.conflicts],
        unknown=list(report.unknown),
        ambiguous=[AmbiguousOut(name=n, authors=[_person(a) for a in found]) for n, found in report.ambiguous],
        sinceYear=report.since_year,
    )


@router.post(
    "/conflicts",
    summary="Conflicts of interest between a submission's authors and reviewers",
    description="Every conflicting pair with its evidence: the same person under another name, a joint paper"
    " within withinYears (3 by default), and with throughCoauthors a shared co-author in that window."
    " `?format=csv` answers the CSV `coauthor-graph conflicts` writes.",
    response_model=ConflictReportOut,
    responses={
        200: {"content": {"text/csv": {}}},
        422: {"description": "A list too long, or a window out of bounds."},
    },
)
async def conflicts(
    request: Request,
    body: ConflictsIn,
    format: Annotated[Literal["json", "csv"], Query(description="json (default) or csv.")] = "json",
) -> ConflictReportOut | PlainTextResponse:
    try:
        report = await check_conflicts(
            request.app.state.store,
            body.authors,
            body.reviewers,
            within_years=body.withinYears,
            through_coauthors=body.throughCoauthors,
            as_of_year=body.asOf,
        )
    except BadInputError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    if format == "csv":
        return PlainTextResponse(conflicts_csv(report), media_type="text/csv")
    return _report(report)
