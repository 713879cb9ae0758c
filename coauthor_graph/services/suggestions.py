"""The names a user probably meant when a name matched nothing ("Chengkai Haung", "C. Huang",
"knowlege distilation").

Candidates come from the store's own search, the whole text and then word by word (a misspelt word
finds nothing, the others still find their people), and for topics also from the curated
vocabulary with its synonyms; `rapidfuzz` ranks them by how close each is to what was typed, and
only close ones are offered. Each search is an index look-up, so a wrong name never scans the graph.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from rapidfuzz import fuzz, process, utils

from coauthor_graph.domain.views import Author, SearchHit, Topic
from coauthor_graph.identity.topics import VOCABULARY
from coauthor_graph.store.port import GraphStore

CLOSE_ENOUGH = 75.0
"""rapidfuzz's WRatio, 0-100: 'Chengkai Haung' scores 93 against 'Chengkai Huang', 'C. Huang' 86,
'Jane Doe' under 40 against anyone in the sample."""
PER_WORD = 20


async def closest_author_names(store: GraphStore, typed: str, limit: int = 3) -> list[str]:
    """Names (and the spellings stored as aliases) of authors close to `typed`, closest first."""
    found = await _candidates(store.search_authors, typed)
    names = {name for node in found if isinstance(node, Author) for name in (node.name, *node.aliases)}
    return _closest(typed, names, limit)


async def closest_topic_names(store: GraphStore, typed: str, limit: int = 3) -> list[str]:
    """Names of topics close to `typed` (curated synonyms included), closest first; each one the store holds."""
    found = await _candidates(store.search_topics, typed)
    names = {node.name for node in found if isinstance(node, Topic)}
    curated = _closest(typed, (form for entry in VOCABULARY for form in (entry.name, *entry.aliases)), limit)
    for name in curated:
        names.update(topic.name for topic in await store.find_topic(name))
    return _closest(typed, names, limit)


async def _candidates(search: Callable[[str, int], Awaitable[list[SearchHit]]], typed: str) -> list[object]:
    words = [word for word in typed.replace(".", " ").split() if len(word) > 1]
    found: list[object] = [hit.node for hit in await search(typed, PER_WORD)]
    for word in dict.fromkeys(words):
        found += [hit.node for hit in await search(word, PER_WORD)]
    return found


def _closest(typed: str, names: Iterable[str], limit: int) -> list[str]:
    ranked = process.extract(
        typed,
        sorted(set(names)),
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=CLOSE_ENOUGH,
    )
    return [name for name, _, _ in ranked]
