"""OpenAlex's topic taxonomy: 4 domains › 26 fields › 252 subfields › 4,516 topics (CC0), shipped as
package data (`data/openalex_topics.jsonl.gz`, built by `scripts/build_taxonomy.py`; provenance in
`data/README.md`).

It is the one backbone every source's topics hang from: OpenAlex works carry these topics already,
and papers from other sources get one by `identity.topic_classifier`. Node ids are the ones the
OpenAlex loader gives (`topic:openalex:T10181`, `…:subfields-1702`, `…:fields-17`, `…:domains-3`), so a
classified paper and an OpenAlex work on the same topic meet at the same node.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from coauthor_graph.domain.records import TopicRef

SCHEME = "openalex"
LEVELS = ("domain", "field", "subfield")
"""From the top down: each level is BROADER than the next, the topic itself last."""


@dataclass(frozen=True, slots=True)
class TaxonomyTopic:
    id: str
    """OpenAlex's short id, `T10181`."""
    name: str
    subfield: tuple[int, str]
    field: tuple[int, str]
    domain: tuple[int, str]
    keywords: tuple[str, ...]
    description: str


@cache
def taxonomy() -> tuple[TaxonomyTopic, ...]:
    """Every topic, in id order."""
    data = resources.files("coauthor_graph.identity").joinpath("data/openalex_topics.jsonl.gz").read_bytes()
    return tuple(
        TaxonomyTopic(
            id=row["id"],
            name=row["name"],
            subfield=tuple(row["subfield"]),  # type: ignore[arg-type]
            field=tuple(row["field"]),  # type: ignore[arg-type]
            domain=tuple(row["domain"]),  # type: ignore[arg-type]
            keywords=tuple(row["keywords"]),
            description=row["description"],
        )
        for row in map(json.loads, gzip.decompress(data).decode("utf-8").splitlines())
    )


def hierarchy(name: str, code: str | None, levels: dict[str, tuple[str, str]]) -> TopicRef:
    """A topic with its BROADER chain; `levels` maps each level present to (OpenAlex path id such as
    `subfields/1702`, display name), the form OpenAlex's own records give them in."""
    broader = None
    for level in LEVELS:
        if level in levels:
            path_id, level_name = levels[level]
            broader = TopicRef(name=level_name, scheme=SCHEME, code=path_id.replace("/", "-"), broader=broader)
    return TopicRef(name=name, scheme=SCHEME, code=code, broader=broader)


@cache
def topic_ref(topic: TaxonomyTopic) -> TopicRef:
    return hierarchy(
        topic.name,
        topic.id,
        {
            "domain": (f"domains/{topic.domain[0]}", topic.domain[1]),
            "field": (f"fields/{topic.field[0]}", topic.field[1]),
            "subfield": (f"subfields/{topic.subfield[0]}", topic.subfield[1]),
        },
    )


def is_taxonomy_topic(topic: TopicRef) -> bool:
    return topic.scheme == SCHEME and bool(topic.code) and topic.code.startswith("T")  # type: ignore[union-attr]
