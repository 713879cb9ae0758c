"""Papers with more than `MAX_PAIRED_AUTHORS` authors keep their authorships but pair no one
(`domain.hyperauthorship`), whether they arrive whole or grow past the limit when another source
lists more of their authors."""

from __future__ import annotations

import json
from pathlib import Path

from coauthor_graph.domain.hyperauthorship import MAX_PAIRED_AUTHORS
from coauthor_graph.loaders.jsonl import load as load_jsonl

CORE = ["Ada Lovelace", "Ben Okafor", "Cy Tanaka"]


def _members(count: int) -> list[str]:
    return [f"Member{n:04d} Collaboration" for n in range(count)]


def _write(path: Path, *papers: dict) -> Path:
    path.write_text("".join(json.dumps(paper) + "\n" for paper in papers), encoding="utf-8")
    return path


def _paper(title: str, doi: str, authors: list[str], year: int = 2020) -> dict:
    return {"title": title, "year": year, "doi": doi, "authors": authors}


async def _coauthors(store, name: str) -> dict[str, int]:
    (author,) = await store.find_author(name)
    return {tie.coauthor.name: tie.papers for tie in await store.coauthors(author.id)}


async def test_a_paper_over_the_limit_keeps_its_authorships_and_pairs_no_one(store, tmp_path):
    big = CORE[:1] + _members(MAX_PAIRED_AUTHORS)
    await store.upsert(
        load_jsonl(
            _write(
                tmp_path / "papers.jsonl",
                _paper("Observation of a large collaboration", "10.5555/big", big),
                _paper("A small paper", "10.5555/small", CORE),
            )
        )
    )
    assert await _coauthors(store, "Ada Lovelace") == {"Ben Okafor": 1, "Cy Tanaka": 1}
    assert await _coauthors(store, "Member0007 Collaboration") == {}
    (ada,) = await store.find_author("Ada Lovelace")
    titles = sorted(p.title for p in await store.papers_of_author(ada.id))
    assert titles == ["A small paper", "Observation of a large collaboration"]
    (member,) = await store.find_author("Member0007 Collaboration")
    assert await store.collaboration_path(ada.id, member.id) is None
    stats = await store.stats()
    assert stats.relationships["COAUTHORED"] == 3
    assert stats.relationships["AUTHORED"] == len(big) + len(CORE)


async def test_a_paper_at_the_limit_pairs_its_authors(store, tmp_path):
    await store.upsert(
        load_jsonl(_write(tmp_path / "at.jsonl", _paper("At the limit", "10.5555/at", _members(MAX_PAIRED_AUTHORS))))
    )
    assert len(await _coauthors(store, "Member0007 Collaboration")) == MAX_PAIRED_AUTHORS - 1


async def test_a_paper_that_grows_past_the_limit_unpairs_its_authors(store, tmp_path):
    await store.upsert(
        load_jsonl(
            _write(
                tmp_path / "first.jsonl",
                _paper("Early results of a collaboration", "10.5555/grows", CORE, year=2019),
                _paper("A joint note", "10.5555/note", CORE[:2], year=2021),
            )
        )
    )
    assert await _coauthors(store, "Ada Lovelace") == {"Ben Okafor": 2, "Cy Tanaka": 1}
    everyone = CORE + _members(MAX_PAIRED_AUTHORS - len(CORE) + 1)
    await store.upsert(
        load_jsonl(
            _write(tmp_path / "full.jsonl", _paper("Early results of a collaboration", "10.5555/grows", everyone))
        )
    )
    assert await _coauthors(store, "Ada Lovelace") == {"Ben Okafor": 1}
    assert await _coauthors(store, "Cy Tanaka") == {}
    (ada,) = await store.find_author("Ada Lovelace")
    (ben,) = await store.find_author("Ben Okafor")
    (tie,) = await store.coauthors(ben.id)
    assert (tie.coauthor.id, tie.first_year, tie.last_year) == (ada.id, 2021, 2021)
    assert (await store.stats()).relationships["COAUTHORED"] == 1
