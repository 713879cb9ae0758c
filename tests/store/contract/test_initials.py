"""The initials rule: `C. Huang` joins a fuller name only when exactly one of the paper's
co-authors' known collaborators fits it.

    one   Chengkai Huang, Zhiqiang Liu
    two   C. Huang, Zhiqiang Liu      -> Chengkai: the only Huang Zhiqiang has written with
    three Chen Huang, Yanxia Liu
    four  Chengkai Huang, Yanxia Liu
    five  C. Huang, Yanxia Liu        -> refused: Yanxia knows Chen Huang and Chengkai Huang
    six   C. Huang (alone)            -> the "C. Huang" of paper five, by exact name
"""

from __future__ import annotations

import pytest

from coauthor_graph.loaders.jsonl import load as load_jsonl
from tests.conftest import DATA

LINES = (DATA / "initials.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.fixture(params=["one load", "a load per paper"])
async def loaded(request, store, tmp_path):
    if request.param == "one load":
        await store.upsert(load_jsonl(DATA / "initials.jsonl"))
    else:
        for number, line in enumerate(LINES):
            path = tmp_path / f"paper-{number}.jsonl"
            path.write_text(line, encoding="utf-8")
            await store.upsert(load_jsonl(path))
    return store


async def titles_of(store, author):
    return sorted(p.title for p in await store.papers_of_author(author.id))


async def test_an_unambiguous_abbreviation_joins_the_full_name(loaded):
    (chengkai,) = await loaded.find_author("Chengkai Huang")
    assert await titles_of(loaded, chengkai) == ["Paper four", "Paper one", "Paper two"]
    assert "C. Huang" in chengkai.aliases


async def test_an_ambiguous_abbreviation_stays_its_own_person(loaded):
    (c_huang,) = await loaded.find_author("C. Huang")
    assert c_huang.id == "author:c-huang"
    assert await titles_of(loaded, c_huang) == ["Paper five", "Paper six"]
    (chen,) = await loaded.find_author("Chen Huang")
    assert await titles_of(loaded, chen) == ["Paper three"]
    assert (await loaded.stats()).nodes["Author"] == 5
