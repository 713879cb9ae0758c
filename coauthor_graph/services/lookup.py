"""Finding the node a user means: by id, or by the exact name people type (topic synonyms included).

Shared by the CLI and the GraphQL API, so "RAG" or "Chengkai Huang" resolve the same way in both.
"""

from __future__ import annotations

from typing import TypeVar

from coauthor_graph.domain.errors import NotFoundError
from coauthor_graph.domain.records import TopicRef
from coauthor_graph.domain.views import Author, SearchHit, Topic
from coauthor_graph.identity.subjects import same_subject
from coauthor_graph.identity.topics import canonical_topic, preferred_topic
from coauthor_graph.services.suggestions import closest_author_names, closest_topic_names
from coauthor_graph.store.port import GraphStore

N = TypeVar("N", Author, Topic)


async def _by_id(store: GraphStore, node_id: str, kind: type[N]) -> N:
    node = await store.get(node_id)
    if isinstance(node, kind):
        return node
    raise NotFoundError(f"no {kind.__name__.lower()} with id {node_id!r}")


async def find_author_by_name_or_id(store: GraphStore, name_or_id: str) -> Author:
    """The author with this id, or the one author with this exact name; NotFoundError otherwise."""
    if name_or_id.startswith("author:"):
        return await _by_id(store, name_or_id, Author)
    found = await store.find_author(name_or_id)
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(author.id for author in found)
        raise NotFoundError(f"{name_or_id!r} names {len(found)} authors; pass one of their ids: {ids}")
    raise NotFoundError(
        f"no author named {name_or_id!r}" + _did_you_mean(await closest_author_names(store, name_or_id))
    )


async def topics_named(store: GraphStore, name: str) -> list[Topic]:
    """Topics with this name or code, else with the name it is a synonym of ('RAG': retrieval-augmented generation),
    or of the subject's one node ('computer vision', 'cs.CV': OpenAlex's "Computer Vision and Pattern Recognition")."""
    return await store.find_topic(name) or await store.find_topic(meant_topic(name).name)


def meant_topic(name: str) -> TopicRef:
    """The topic a typed name stands for: its synonym's or code's topic, as the stores keep it (one per subject)."""
    return same_subject(canonical_topic(name))


def one_topic(name: str, topics: list[Topic]) -> Topic | None:
    """The topic a name means: the only one, or the node that stands for one subject several schemes
    name alike (`identity.topics.preferred_topic`); names of different subjects are an error that lists
    them with their schemes."""
    if len(topics) <= 1:
        return topics[0] if topics else None
    preferred = preferred_topic(topics)
    if preferred is None:
        listed = ", ".join(f"{t.id} ({t.scheme}: {t.name})" for t in topics)
        raise NotFoundError(f"{name!r} names several topics; pass one of: {listed}")
    return preferred


async def find_topic_by_name_or_id(store: GraphStore, name_or_id: str) -> Topic:
    """The topic with this id, or the one topic with this name, code or synonym; NotFoundError otherwise."""
    if name_or_id.startswith("topic:"):
        return await _by_id(store, name_or_id, Topic)
    found = one_topic(name_or_id, await topics_named(store, name_or_id))
    if found is None:
        raise NotFoundError(
            f"no topic named {name_or_id!r}" + _did_you_mean(await closest_topic_names(store, name_or_id))
        )
    return found


async def find_topic_path_end(store: GraphStore, name_or_id: str) -> Author | Topic:
    """A topic-path end: a topic id or name (synonyms like 'RAG' included), else an author; a name that
    is neither says so, with the closest topic (else author) names."""
    if name_or_id.startswith("topic:"):
        return await find_topic_by_name_or_id(store, name_or_id)
    if name_or_id.startswith("author:"):
        return await find_author_by_name_or_id(store, name_or_id)
    found = one_topic(name_or_id, await topics_named(store, name_or_id))
    if found is not None:
        return found
    if await store.find_author(name_or_id):  # one person, or several the author look-up lists
        return await find_author_by_name_or_id(store, name_or_id)
    hints = await closest_topic_names(store, name_or_id) or await closest_author_names(store, name_or_id)
    raise NotFoundError(f"no author or topic named {name_or_id!r}{_did_you_mean(hints)}")


def _did_you_mean(hints: list[str]) -> str:
    """'; did you mean: A, B?', or nothing."""
    return f"; did you mean: {', '.join(hints)}?" if hints else ""


async def search_topics(store: GraphStore, text: str, limit: int = 10) -> list[SearchHit]:
    """The store's topic search, with the topics the text is a synonym or acronym of first (in any case:
    'rag' finds retrieval-augmented generation), ranked above every word match: they score one more
    than the best."""
    hits = await store.search_topics(text, limit)
    typed = " ".join(text.split()).lower()
    meant = {meant_topic(form).name for form in (text, text.upper())} - {typed}
    found = {hit.node.id for hit in hits}
    named = [t for name in sorted(meant) for t in await store.find_topic(name) if t.id not in found]
    best = max((hit.score for hit in hits), default=0.0) + 1.0
    return ([SearchHit(node=topic, score=best) for topic in named] + hits)[:limit]
