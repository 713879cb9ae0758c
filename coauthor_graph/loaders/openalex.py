"""OpenAlex: a single work, a list response (`results`, or a bare list), snapshot JSON Lines,
and author entities (their metrics become the author's profile).

Both work formats are read: the current one (`primary_location`, `topics` with their
domain > field > subfield hierarchy, `keywords`) and the pre-2023 one (`host_venue`,
`concepts`). OpenAlex author ids and ORCIDs are the authors' identities; the topic
hierarchy becomes BROADER edges; the abstract is rebuilt from its inverted index.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.domain.records import (
    AuthorProfileRecord,
    AuthorRef,
    Metric,
    PaperRecord,
    Record,
    TopicRef,
    VenueRef,
)
from coauthor_graph.identity.keys import (
    institution_names,
    normalize_arxiv_id,
    normalize_doi,
    normalize_issn,
    normalize_orcid,
)
from coauthor_graph.identity.taxonomy import LEVELS, hierarchy
from coauthor_graph.identity.topics import canonical_topic, extract_topics
from coauthor_graph.loaders.skipping import Skipped, not_coauthorship
from coauthor_graph.loaders.source import TOO_DEEP, json_lines, read_text

FORMAT = "openalex"
SCHEME = "openalex"
_PREFIX = "https://openalex.org/"
_VENUE_KINDS = {"repository": "preprint server", "conference": "conference", "journal": "journal"}


def looks_like_openalex(head: str) -> bool:
    return f'"{_PREFIX}' in head and any(key in head for key in ('"authorships"', '"works_count"', '"results"'))


def load(path: Path, captured_on: dt.date) -> Iterator[Record | Skipped]:
    """Records of every work (and author entity) in the file, in file order."""
    text = read_text(path)
    try:
        documents: Iterable[tuple[int, Any] | Skipped] = [(1, json.loads(text))]
    except json.JSONDecodeError as error:
        if error.msg != "Extra data":
            raise LoadError(str(path), error.lineno, f"invalid JSON: {error.msg}") from None
        documents = json_lines(path)  # one document per line: the snapshot's layout
    except RecursionError:
        raise LoadError(str(path), 1, TOO_DEEP) from None
    for document in documents:
        if isinstance(document, Skipped):
            yield document
            continue
        line, value = document
        for item in _items(value):
            yield _record(str(path), line, item, captured_on)


def _work_problem(work: dict[str, Any]) -> str | None:
    """Why a work is no co-authorship record. An untitled work with authors is one (OpenAlex has BERT,
    W2963341956, untitled): kept by its id and DOI, its title left for another source to give."""
    untitled = not " ".join(str(work.get("title") or work.get("display_name") or "").split())
    if untitled and not _short_id(work.get("id")) and not normalize_doi(work.get("doi")):
        return "has no title, no id and no DOI"
    if not any(
        ((a or {}).get("author") or {}).get("display_name") or (a or {}).get("raw_author_name")
        for a in work.get("authorships") or []
    ):
        return "has no authors"
    return None


def _items(document: Any) -> list[Any]:
    if isinstance(document, dict) and isinstance(document.get("results"), list):
        return document["results"]
    return document if isinstance(document, list) else [document]


def _short_id(value: Any) -> str | None:
    return value.removeprefix(_PREFIX) if isinstance(value, str) and value else None


_ENTITY_KINDS = {
    "I": "institution",
    "S": "source (journal or repository)",
    "C": "concept",
    "T": "topic",
    "P": "publisher",
    "F": "funder",
    "K": "keyword",
}
"""OpenAlex entities that are neither works nor authors, by the letter their id starts with."""


def _record(path: str, line: int, item: Any, captured_on: dt.date) -> Record | Skipped:
    if not isinstance(item, dict):
        return Skipped(path, line, "an OpenAlex work or author must be a JSON object")
    if "authorships" not in item:
        kind = _ENTITY_KINDS.get((_short_id(item.get("id")) or "?")[:1])
        if kind is not None:
            raise LoadError(
                path, line, f"this is an OpenAlex {kind} entity ({_short_id(item.get('id'))}), not a work or an author"
            )
    if "works_count" in item and "authorships" not in item:
        return _author_profile(item, captured_on)
    problem = _work_problem(item)
    if problem:
        return not_coauthorship(path, line, f"work {_short_id(item.get('id')) or '?'} {problem}")
    return _work(path, line, item)


def _work(path: str, line: int, work: dict[str, Any]) -> PaperRecord:
    title = " ".join(str(work.get("title") or work.get("display_name") or "").split())
    authors = tuple(_authors(work.get("authorships") or []))
    abstract = _abstract(work.get("abstract_inverted_index"))
    date = _date(work.get("publication_date"))
    location = work.get("primary_location") or {}
    return PaperRecord(
        title=title,
        authors=authors,
        source=FORMAT,
        authors_complete=not work.get("is_authors_truncated", False),
        year=work.get("publication_year") if isinstance(work.get("publication_year"), int) else None,
        date=date,
        doi=normalize_doi(work.get("doi")),
        arxiv_id=_arxiv_id(work),
        abstract=abstract,
        url=location.get("landing_page_url") or work.get("doi"),
        venue=_venue(work),
        topics=tuple(dict.fromkeys((*_topics(work), *extract_topics(title, abstract)))),
        line=line,
        record_id=_short_id(work.get("id")),
    )


def _authors(authorships: list[Any]) -> Iterator[AuthorRef]:
    for position, authorship in enumerate(authorships, start=1):
        author = authorship.get("author") or {}
        name = author.get("display_name") or authorship.get("raw_author_name")
        if not name:
            continue
        openalex_id = _short_id(author.get("id"))
        yield AuthorRef(
            name=name,
            position=position,
            orcid=normalize_orcid(author.get("orcid")),
            source_ids=(("openalex", openalex_id),) if openalex_id else (),
            affiliations=institution_names(
                i.get("display_name") for i in authorship.get("institutions") or () if isinstance(i, dict)
            ),
        )


def _abstract(inverted: Any) -> str | None:
    """OpenAlex ships abstracts as {word: [positions]}; put the words back in order."""
    if not isinstance(inverted, dict) or not inverted:
        return None
    placed = sorted((position, word) for word, positions in inverted.items() for position in positions)
    return " ".join(word for _, word in placed)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _arxiv_id(work: dict[str, Any]) -> str | None:
    for location in work.get("locations") or []:
        url = (location or {}).get("landing_page_url") or ""
        if "arxiv.org" in url:
            return normalize_arxiv_id(url)
    return None


def _venue(work: dict[str, Any]) -> VenueRef | None:
    source = ((work.get("primary_location") or {}).get("source")) or work.get("host_venue") or {}
    name = source.get("display_name")
    if not name:
        return None
    issns = source.get("issn") or []
    issn = normalize_issn(source.get("issn_l") or (issns[0] if isinstance(issns, list) and issns else None))
    return VenueRef(
        name=name, kind=_VENUE_KINDS.get(source.get("type") or "", source.get("type") or "unknown"), issn=issn
    )


def _topics(work: dict[str, Any]) -> list[TopicRef]:
    """OpenAlex topics with their hierarchy (or, in pre-2023 records, concepts), then keywords."""
    topics = [_topic(topic) for topic in work.get("topics") or [] if topic.get("display_name")]
    if not topics:
        topics = [
            TopicRef(name=concept["display_name"], scheme=f"{SCHEME}-concept", code=_short_id(concept.get("id")))
            for concept in work.get("concepts") or []
            if concept.get("display_name") and concept.get("level", 0) >= 1
        ]
    keywords = [
        canonical_topic(keyword["display_name"])
        for keyword in work.get("keywords") or []
        if keyword.get("display_name")
    ]
    return topics + keywords


def _topic(topic: dict[str, Any]) -> TopicRef:
    levels = {
        level: (_short_id(node.get("id")) or node["display_name"], node["display_name"])
        for level in LEVELS
        if (node := topic.get(level) or {}).get("display_name")
    }
    return hierarchy(topic["display_name"], _short_id(topic.get("id")), levels)


def _author_profile(author: dict[str, Any], captured_on: dt.date) -> AuthorProfileRecord:
    stats = author.get("summary_stats") or {}
    metrics: dict[str, Metric] = {
        key: value
        for key, value in (
            ("works_count", author.get("works_count")),
            ("cited_by_count", author.get("cited_by_count")),
            ("h_index", stats.get("h_index")),
            ("i10_index", stats.get("i10_index")),
        )
        if isinstance(value, int | float)
    }
    openalex_id = _short_id(author.get("id"))
    updated = _date(str(author.get("updated_date") or "")[:10])
    return AuthorProfileRecord(
        author=AuthorRef(
            name=author.get("display_name") or "",
            orcid=normalize_orcid(author.get("orcid")),
            source_ids=(("openalex", openalex_id),) if openalex_id else (),
        ),
        metrics=metrics,
        captured_on=updated or captured_on,
        source=FORMAT,
    )
