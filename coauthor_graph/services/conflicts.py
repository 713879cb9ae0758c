"""Conflict-of-interest checks: which reviewers should not review which submission authors, and why.

What programme committees and funders run: a reviewer conflicts with an author who is the same
person under another name, who wrote a paper with them within the window (three years by default,
as many conference and funder policies say), whose papers in the window list the same institution
for both (where the data lists affiliations: OpenAlex, JSON rows), or, when asked, with whom they
share a co-author in that window (for pairs without a stronger reason: a joint paper says enough).
People are named by id, ORCID or name; a name several people share checks all of them and says so,
and a name nobody has is reported, never dropped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coauthor_graph.domain.errors import BadInputError
from coauthor_graph.domain.views import (
    Author,
    Conflict,
    ConflictKind,
    ConflictReport,
    JointPaper,
    ListedAffiliation,
    Paper,
)
from coauthor_graph.domain.years import checked_year
from coauthor_graph.identity.keys import normalize_orcid, normalize_text
from coauthor_graph.store.port import GraphStore, PaperKey, newest_first_key

DEFAULT_WITHIN_YEARS = 3
MAX_WITHIN_YEARS = 100
MAX_PEOPLE = 20_000
"""Per side: a large programme committee is a few thousand reviewers."""
MAX_PAIRS = 1_000_000
"""Authors times reviewers in one check: a conference's whole submission list against its committee is
split into checks per submission or per track; past this, one check's work and answer grow without use."""
MAX_VIAS = 20_000
"""People the authors wrote with in the window, when shared co-authors are asked for: each one's papers
with the reviewers are read, so a hub-heavy list costs what a whole graph would."""
MAX_CHAINS = 100_000
"""Author - co-author - reviewer chains one check may report as shared co-authors: counted before any is
built (50 authors against 2,000 reviewers of the 100k generated graph made 795,583 of them, 28 s of work
that held the server's event loop)."""
_KIND_ORDER: dict[ConflictKind, int] = {
    "SAME_PERSON": 0,
    "COAUTHORED": 1,
    "SHARED_AFFILIATION": 2,
    "SHARED_COAUTHOR": 3,
}


@dataclass(frozen=True, slots=True)
class _Person:
    as_given: str
    author: Author
    order: int
    """Where the input named them: conflicts are listed in the input's order."""


async def check_conflicts(
    store: GraphStore,
    authors: Sequence[str],
    reviewers: Sequence[str],
    *,
    within_years: int = DEFAULT_WITHIN_YEARS,
    through_coauthors: bool = False,
    as_of_year: int | None = None,
) -> ConflictReport:
    """Every conflicting (author, reviewer) pair with its evidence; papers from `as_of_year - within_years`
    on count (`as_of_year` defaults to this year). BadInputError for a window or a list out of bounds."""
    if not 0 <= within_years <= MAX_WITHIN_YEARS:
        raise BadInputError("withinYears", f"must be between 0 and {MAX_WITHIN_YEARS}, got {within_years}")
    for field, people in (("authors", authors), ("reviewers", reviewers)):
        if len(people) > MAX_PEOPLE:
            raise BadInputError(field, f"names {len(people):,} people; the limit is {MAX_PEOPLE:,}")
    if len(authors) * len(reviewers) > MAX_PAIRS:
        raise BadInputError(
            "reviewers",
            f"{len(authors):,} authors times {len(reviewers):,} reviewers is {len(authors) * len(reviewers):,} pairs;"
            f" the limit is {MAX_PAIRS:,}: check per submission or per track",
        )
    since = (checked_year("asOf", as_of_year) or dt.date.today().year) - within_years
    unknown: dict[str, None] = {}
    ambiguous: dict[str, tuple[Author, ...]] = {}
    submission, committee = [await _resolve(store, side, unknown, ambiguous) for side in (authors, reviewers)]
    by_author, by_reviewer = _by_id(submission), _by_id(committee)
    # The authors' joint papers with reviewers; with shared co-authors asked for, with anyone (read once,
    # the reviewers' picked out of them).
    joint = await store.joint_papers(sorted(by_author), None if through_coauthors else sorted(by_reviewer), since)
    listed = await store.listed_affiliations(sorted(by_author.keys() | by_reviewer.keys()), since)
    second_leg: list[JointPaper] | None = None
    if through_coauthors:
        vias = sorted({paper.coauthor.id for paper in joint})
        if len(vias) > MAX_VIAS:
            raise BadInputError(
                "throughCoauthors",
                f"reaches {len(vias):,} people the authors wrote with in the window; the limit is {MAX_VIAS:,}:"
                " name fewer authors or a shorter window",
            )
        second_leg = await store.joint_papers(vias, sorted(by_reviewer), since) if vias else []
    found = _Found(by_author, by_reviewer, joint, listed, second_leg)
    conflicts = await asyncio.to_thread(found.conflicts, _in_input_order(submission, committee))
    return ConflictReport(
        conflicts=tuple(conflicts),
        unknown=tuple(unknown),
        ambiguous=tuple(ambiguous.items()),
        since_year=since,
    )


async def _resolve(
    store: GraphStore, given: Sequence[str], unknown: dict[str, None], ambiguous: dict[str, tuple[Author, ...]]
) -> list[_Person]:
    """Each person as given, resolved: ids, ORCIDs and names, each kind in one batched look-up."""
    wanted = list(dict.fromkeys(text.strip() for text in given if text.strip()))
    ids = [text for text in wanted if text.startswith("author:")]
    orcids = {text: orcid for text in wanted if not text.startswith("author:") and (orcid := normalize_orcid(text))}
    names = [text for text in wanted if not text.startswith("author:") and text not in orcids]
    found_by: dict[str, list[Author]] = {
        **{text: [n] for text, n in zip(ids, await store.get_many(ids), strict=True) if isinstance(n, Author)},
        **{
            text: [a]
            for text, a in zip(orcids, await store.find_authors_by_orcid(list(orcids.values())), strict=True)
            if a is not None
        },
        **dict(zip(names, await store.find_authors(names), strict=True)),
    }
    people = []
    for order, text in enumerate(wanted):
        found = found_by.get(text, [])
        if not found:
            unknown[text] = None
        elif len(found) > 1:
            ambiguous[text] = tuple(found)
        people += [_Person(text, author, order) for author in found]
    return people


def _by_id(people: Sequence[_Person]) -> dict[str, list[_Person]]:
    grouped: dict[str, list[_Person]] = defaultdict(list)
    for person in people:
        grouped[person.author.id].append(person)
    return grouped


def _conflict(
    author: _Person,
    reviewer: _Person,
    kind: ConflictKind,
    papers: tuple[Paper, ...] = (),
    via: Author | None = None,
    institution: str | None = None,
) -> Conflict:
    return Conflict(author.author, reviewer.author, kind, author.as_given, reviewer.as_given, papers, via, institution)


def _same_person(authors: dict[str, list[_Person]], reviewers: dict[str, list[_Person]]) -> list[Conflict]:
    return [
        _conflict(a, r, "SAME_PERSON")
        for author_id in authors.keys() & reviewers.keys()
        for a in authors[author_id]
        for r in reviewers[author_id]
    ]


def _papers_by_pair(joint: Sequence[JointPaper]) -> dict[tuple[str, str], list[JointPaper]]:
    """The store's rows per (author, co-author), newest paper first as the store orders them."""
    pairs: dict[tuple[str, str], list[JointPaper]] = defaultdict(list)
    for row in joint:
        pairs[row.author_id, row.coauthor.id].append(row)
    return pairs


def _coauthored(
    authors: dict[str, list[_Person]], reviewers: dict[str, list[_Person]], joint: Sequence[JointPaper]
) -> list[Conflict]:
    return [
        _conflict(a, r, "COAUTHORED", tuple(row.paper for row in rows))
        for (author_id, reviewer_id), rows in _papers_by_pair(joint).items()
        for a in authors[author_id]
        for r in reviewers[reviewer_id]
    ]


def _shared_affiliations(
    authors: dict[str, list[_Person]], reviewers: dict[str, list[_Person]], listed: Sequence[ListedAffiliation]
) -> list[Conflict]:
    """One conflict per institution (compared folded: case, accents, punctuation) that papers in the window list
    for both people, with the newest such paper of each; never between a person and themself."""
    newest: dict[str, dict[str, ListedAffiliation]] = defaultdict(dict)  # person -> institution -> newest listing
    for row in listed:
        key = normalize_text(row.institution)
        known = newest[row.author_id].get(key)
        if known is None or _newest_first(row) < _newest_first(known):
            newest[row.author_id][key] = row
    listing: dict[str, list[str]] = defaultdict(list)  # institution -> reviewers whose papers list it
    for reviewer_id in sorted(reviewers):
        for key in newest.get(reviewer_id, {}):
            listing[key].append(reviewer_id)
    found = []
    for author_id in sorted(authors):
        for key, mine in sorted(newest.get(author_id, {}).items()):
            for reviewer_id in listing.get(key, ()):
                if reviewer_id == author_id:
                    continue
                papers = (mine.paper, newest[reviewer_id][key].paper)
                found += [
                    _conflict(a, r, "SHARED_AFFILIATION", papers, institution=mine.institution)
                    for a in authors[author_id]
                    for r in reviewers[reviewer_id]
                ]
    return found


def _newest_first(listed: ListedAffiliation) -> PaperKey:
    return newest_first_key(listed.paper.year, listed.paper.date, listed.paper.id)


def _through_coauthors(
    authors: dict[str, list[_Person]],
    reviewers: dict[str, list[_Person]],
    first_leg: Sequence[JointPaper],
    second_leg: Sequence[JointPaper],
) -> list[Conflict]:
    """(author, reviewer) pairs someone wrote with both in the window: one conflict per such person."""
    onward: dict[str, list[JointPaper]] = defaultdict(list)  # via id -> newest paper with each reviewer
    for (_, _), rows in _papers_by_pair(second_leg).items():
        onward[rows[0].author_id].append(rows[0])
    found = []
    for (author_id, via_id), rows in _papers_by_pair(first_leg).items():
        for reviewer_leg in onward.get(via_id, ()):
            reviewer_id = reviewer_leg.coauthor.id
            if reviewer_id in (author_id, via_id):
                continue
            papers = (rows[0].paper, reviewer_leg.paper)
            found += [
                _conflict(a, r, "SHARED_COAUTHOR", papers, rows[0].coauthor)
                for a in authors[author_id]
                for r in reviewers[reviewer_id]
            ]
    return found


@dataclass(frozen=True, slots=True)
class _Found:
    """What the store answered, made into conflicts off the event loop (a check may find thousands)."""

    authors: dict[str, list[_Person]]
    reviewers: dict[str, list[_Person]]
    joint: Sequence[JointPaper]
    """The authors' joint papers with the reviewers, or with anyone when `second_leg` is given."""
    listed: Sequence[ListedAffiliation]
    second_leg: Sequence[JointPaper] | None
    """The co-authors' joint papers with the reviewers, when shared co-authors count."""

    def conflicts(self, order: Callable[[Conflict], tuple]) -> list[Conflict]:
        authors, reviewers = self.authors, self.reviewers
        direct = [paper for paper in self.joint if paper.coauthor.id in reviewers]
        conflicts = _same_person(authors, reviewers) + _coauthored(authors, reviewers, direct)
        conflicts += _shared_affiliations(authors, reviewers, self.listed)
        if self.second_leg is not None:
            chains = _chains(authors, reviewers, self.joint, self.second_leg)
            if chains > MAX_CHAINS:
                raise BadInputError(
                    "throughCoauthors",
                    f"finds {chains:,} author - co-author - reviewer chains; the limit is {MAX_CHAINS:,}:"
                    " name fewer people or a shorter window",
                )
            already = {(c.author.id, c.reviewer.id) for c in conflicts}  # the stronger evidence suffices
            conflicts += [
                c
                for c in _through_coauthors(authors, reviewers, self.joint, self.second_leg)
                if (c.author.id, c.reviewer.id) not in already
            ]
        conflicts.sort(key=order)
        return conflicts


def _chains(
    authors: dict[str, list[_Person]],
    reviewers: dict[str, list[_Person]],
    first_leg: Sequence[JointPaper],
    second_leg: Sequence[JointPaper],
) -> int:
    """How many conflicts `_through_coauthors` would build (at most: it leaves out a person's own chains)."""
    onward: dict[str, int] = defaultdict(int)  # via -> its reviewers' mentions
    for via_id, reviewer_id in {(row.author_id, row.coauthor.id) for row in second_leg}:
        onward[via_id] += len(reviewers[reviewer_id])
    firsts = {(row.author_id, row.coauthor.id) for row in first_leg}
    return sum(len(authors[author_id]) * onward.get(via_id, 0) for author_id, via_id in firsts)


def _in_input_order(submission: Sequence[_Person], committee: Sequence[_Person]) -> Callable[[Conflict], tuple]:
    """Authors as the input listed them, then reviewers, then the kind (same person first), then ids."""
    author_order = {p.as_given: p.order for p in submission}
    reviewer_order = {p.as_given: p.order for p in committee}
    return lambda c: (
        author_order[c.author_as_given],
        c.author.id,
        reviewer_order[c.reviewer_as_given],
        c.reviewer.id,
        _KIND_ORDER[c.kind],
        c.via.id if c.via else "",
        c.institution or "",
    )


def described(conflict: Conflict) -> str:
    """The evidence in one sentence, the same in every answer (GraphQL, REST, the CLI's tables)."""
    papers = "; ".join(f"{p.title} ({p.year})" for p in conflict.papers)
    if conflict.kind == "SAME_PERSON":
        return f"{conflict.author_as_given!r} and {conflict.reviewer_as_given!r} are one person: {conflict.author.name}"
    if conflict.kind == "COAUTHORED":
        count = len(conflict.papers)
        return f"wrote {count} paper{'s' if count != 1 else ''} together in the window: {papers}"
    if conflict.kind == "SHARED_AFFILIATION":
        return f"papers of both list {conflict.institution} in the window: {papers}"
    via = conflict.via.name if conflict.via else "someone"
    return f"both wrote with {via} in the window: {papers}"
