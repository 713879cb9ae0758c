"""One subject, one topic node: the names several schemes give one subject lead to one canonical topic.

arXiv's cs.CV and OpenAlex's subfield "Computer Vision and Pattern Recognition", or arXiv's cs.IR, the
keyword "information retrieval" and OpenAlex's concept "Information retrieval", are one subject; as
separate nodes they split the papers on it, and shared topics, trends and group labels list it twice.
Every topic a load stores passes through `same_subject` (both stores' writers), which is static, so the
outcome does not depend on which source came first.

The canonical topic of a subject is, by SCHEME_PRECEDENCE, the OpenAlex taxonomy's node (a domain, field
or subfield: the backbone every paper hangs from), else arXiv's category or archive. A topic of another
scheme, or the same subject under another name in CURATED, maps to it when its folded name is the
canonical topic's; its BROADER chain is mapped too. Which names meet was read off the shipped tables
(`docs/topics.md` lists them).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache, lru_cache

from coauthor_graph.domain.records import TopicRef
from coauthor_graph.identity import arxiv_taxonomy, taxonomy
from coauthor_graph.identity.keys import normalize_text

CURATED: dict[str, str] = {
    "natural language processing": "computation and language",
    "computational linguistics": "computation and language",
    "computer vision": "computer vision and pattern recognition",
}
"""Folded names of a subject that differ from its canonical topic's folded name."""


@cache
def _canonical() -> dict[str, TopicRef]:
    """Folded name -> the canonical topic of that subject (the first scheme to name it wins)."""
    found: dict[str, TopicRef] = {}
    for topic in taxonomy.taxonomy():
        for level in taxonomy.LEVELS:
            number, name = getattr(topic, level)
            levels = {
                above: (f"{above}s/{getattr(topic, above)[0]}", getattr(topic, above)[1])
                for above in taxonomy.LEVELS[: taxonomy.LEVELS.index(level)]
            }
            ref = taxonomy.hierarchy(name, f"{level}s-{number}", levels)
            found.setdefault(normalize_text(name), ref)
    for code in arxiv_taxonomy.ARCHIVES:
        found.setdefault(normalize_text(arxiv_taxonomy.ARCHIVES[code]), arxiv_taxonomy.archive_topic(code))
    for code, name in arxiv_taxonomy.CATEGORIES.items():
        found.setdefault(normalize_text(name), arxiv_taxonomy.category_topic(code))
    for alias, name in CURATED.items():
        found[alias] = found[name]
    return found


@lru_cache(maxsize=1 << 14)
def same_subject(ref: TopicRef) -> TopicRef:
    """The topic to store for `ref`: its subject's canonical topic, or itself, with its BROADER chain mapped
    the same way. OpenAlex's own topics (T…) are never mapped: the taxonomy is the backbone."""
    if not taxonomy.is_taxonomy_topic(ref):
        ref = _canonical().get(normalize_text(ref.name), ref)
    if ref.broader is None:
        return ref
    return replace(ref, broader=same_subject(ref.broader))
