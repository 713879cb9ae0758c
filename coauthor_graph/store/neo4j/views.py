"""Neo4j nodes (their property maps) as the domain's views, shaped exactly as the embedded store's."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from coauthor_graph.domain.views import Author, Node, Paper, Topic, Venue
from coauthor_graph.identity.keys import STRONG_ID_KINDS


def _property(kind: str) -> str:
    return "orcid" if kind == "orcid" else f"{kind}_id"


PROFILE_PREFIX = "profile_"
"""Author properties holding what a profile page said (`profile_h_index`, `profile_captured_on`)."""

STRONG_ID_PROPERTIES = {kind: _property(kind) for kind in STRONG_ID_KINDS}


def author(properties: Mapping[str, Any]) -> Author:
    external = tuple(
        sorted(
            (kind, properties[name])
            for kind, name in STRONG_ID_PROPERTIES.items()
            if kind != "orcid" and properties.get(name) is not None
        )
    )
    return Author(
        id=properties["id"],
        name=properties["name"],
        aliases=tuple(sorted(properties.get("aliases") or ())),
        orcid=properties.get("orcid"),
        external_ids=external,
        metrics=profile_metrics(dict(properties)),
        sources=tuple(sorted(properties.get("sources") or ())),
    )


def paper(properties: Mapping[str, Any]) -> Paper:
    return Paper(
        id=properties["id"],
        title=properties["title"],
        year=properties.get("year"),
        date=properties.get("date"),
        doi=properties.get("doi"),
        arxiv_id=properties.get("arxiv_id"),
        url=properties.get("url"),
        abstract=properties.get("abstract"),
        authors_complete=bool(properties.get("authors_complete")),
        tags=tuple(sorted(properties.get("tags") or ())),
        sources=tuple(sorted(properties.get("sources") or ())),
    )


def topic(properties: Mapping[str, Any]) -> Topic:
    return Topic(id=properties["id"], name=properties["name"], scheme=properties["scheme"], code=properties.get("code"))


def venue(properties: Mapping[str, Any]) -> Venue:
    return Venue(id=properties["id"], name=properties["name"], kind=properties["kind"], issn=properties.get("issn"))


BY_LABEL: dict[str, Callable[[Mapping[str, Any]], Node]] = {
    "Author": author,
    "Paper": paper,
    "Topic": topic,
    "Venue": venue,
}


def node(value: Any) -> Node:
    """A driver Node of any of the four labels as its view."""
    (label,) = [label for label in value.labels if label in BY_LABEL]
    return BY_LABEL[label](dict(value))


def profile_metrics(properties: dict[str, Any]) -> dict[str, Any]:
    """The metrics a profile page gave, from an Author node's `profile_*` properties."""
    return {key[len(PROFILE_PREFIX) :]: value for key, value in properties.items() if key.startswith(PROFILE_PREFIX)}
