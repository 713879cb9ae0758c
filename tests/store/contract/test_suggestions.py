"""A name that matches nothing gets the closest names, in every store: misspelt, shortened to
initials, or a topic typed with typos; a name close to nobody gets no guess."""

from __future__ import annotations

import pytest

from coauthor_graph.domain.errors import NotFoundError
from coauthor_graph.services.lookup import find_author_by_name_or_id, find_topic_by_name_or_id, find_topic_path_end


@pytest.mark.parametrize(
    ("typed", "first_hint"),
    [("Chengkai Haung", "Chengkai Huang"), ("Chenkai Huang", "Chengkai Huang"), ("C. Huang", "Chengkai Huang")],
)
async def test_a_misspelt_author_gets_the_closest_names(store, seed_records, typed, first_hint):
    await store.upsert(seed_records)
    with pytest.raises(NotFoundError) as missing:
        await find_author_by_name_or_id(store, typed)
    assert str(missing.value).startswith(f"no author named {typed!r}; did you mean: {first_hint}")


async def test_misspelt_topics_and_path_ends_get_the_closest_names(store, seed_records):
    await store.upsert(seed_records)
    with pytest.raises(NotFoundError) as missing:
        await find_topic_by_name_or_id(store, "larg langage modls")
    assert "; did you mean: large language models" in str(missing.value)
    with pytest.raises(NotFoundError) as missing:
        await find_topic_path_end(store, "knowlege distilation")
    expected = "no author or topic named 'knowlege distilation'; did you mean: knowledge distillation?"
    assert str(missing.value) == expected


async def test_a_name_close_to_nobody_gets_no_guess(store, seed_records):
    await store.upsert(seed_records)
    with pytest.raises(NotFoundError) as missing:
        await find_author_by_name_or_id(store, "Jane Doe")
    assert str(missing.value) == "no author named 'Jane Doe'"
