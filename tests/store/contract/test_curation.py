"""Curating identity in every store: duplicates worth a look, merges people decide, a ledger that
survives reloads and moves to a fresh store."""

from __future__ import annotations

import pytest

from coauthor_graph.domain.errors import NotFoundError
from coauthor_graph.domain.records import AuthorRef, PaperRecord
from coauthor_graph.identity.curation import Decision
from coauthor_graph.identity.keys import title_fingerprint as _fingerprint
from coauthor_graph.services import curation


def _paper(title: str, year: int, *names: str) -> PaperRecord:
    authors = tuple(AuthorRef(name, i) for i, name in enumerate(names, start=1))
    return PaperRecord(title=title, authors=authors, source="jsonl", year=year)


PAPERS = [
    _paper("Tidal flats", 2010, "Alexander Seitz", "Mara Lind"),
    _paper("Salt marshes", 2012, "A. Seitz", "Olaf Berg"),  # no shared co-author: not merged by the stage
    _paper("Dunes", 2014, "A.W. Wall", "Olaf Berg"),
    _paper("Reefs", 2015, "Wolfgang A. Wall", "Mara Lind"),
]


async def test_duplicates_list_the_pairs_the_stage_left_and_a_merge_joins_them_for_good(store):
    await store.upsert(PAPERS)
    pairs = [(d.first.name, d.second.name) for d in await curation.possible_duplicates(store)]
    assert pairs == [("A. Seitz", "Alexander Seitz")]  # 'A.W. Wall' is another block: only a person can tell
    report = await curation.merge_authors(store, ["A. Seitz", "Alexander Seitz"], note="same lab")
    assert report.identities_merged == 1
    (seitz,) = await store.find_author("A. Seitz")
    assert seitz.name == "Alexander Seitz" and seitz.aliases == ("A. Seitz",)
    assert {(c.coauthor.name, c.papers) for c in await store.coauthors(seitz.id)} == {
        ("Mara Lind", 1),
        ("Olaf Berg", 1),
    }
    assert await curation.possible_duplicates(store) == []
    await curation.merge_authors(store, ["A.W. Wall", "Wolfgang A. Wall"])  # across blocks
    history = await curation.history(store, "Wolfgang A. Wall")
    assert history.merged_ids == ("author:a-w-wall",)
    assert [d.authors for d in history.decisions] == [("author:a-w-wall", "author:wolfgang-a-wall")]
    again = await store.upsert(PAPERS)  # a reload keeps every decision
    assert not again.changed
    assert len(await store.find_author("A. Seitz")) == 1 and len(await store.find_author("A.W. Wall")) == 1


async def test_the_ledger_moves_to_a_fresh_store_and_is_applied_by_the_next_load(store, tmp_path):
    decisions = [
        Decision.merge(["author:a-seitz", "author:alexander-seitz"], "same lab"),
        Decision.merge(["author:a-w-wall", "author:wolfgang-a-wall"]),
    ]
    early = await store.curate(decisions)  # nobody is loaded yet: recorded, applied later
    assert early.identities_merged == 0 and await store.curation_ledger() == decisions
    report = await store.upsert(PAPERS)
    assert report.created["Author"] == 4  # Seitz, Wall, Lind, Berg
    (wall,) = await store.find_author("A.W. Wall")
    assert wall.name == "Wolfgang A. Wall"
    assert await store.curate(decisions) == await store.curate([])  # the same decisions again add nothing
    assert len(await store.curation_ledger()) == 2


HOMONYMS = [
    _paper("Glacier flow", 2001, "J. Smith", "Ina Frost"),
    _paper("Ice cores", 2003, "J. Smith", "Ina Frost"),
    _paper("Protein folding", 2019, "J. Smith", "Ina Frost"),  # another J. Smith, who also wrote with Ina
]


async def test_a_split_gives_papers_to_another_person_and_survives_reloads_and_fresh_stores(store):
    await store.upsert(HOMONYMS)
    (smith,) = await store.find_author("J. Smith")
    folding = next(p.id for p in await store.papers_of_author(smith.id) if p.title == "Protein folding")
    report = await curation.split_author(store, smith.id, [folding], note="the biochemist")
    assert report.created["Author"] == 1
    both = await store.find_author("J. Smith")
    assert len(both) == 2  # two people of one name: a look-up by name asks for an id
    glaciologist = next(a for a in both if a.id == smith.id)
    assert sorted(p.title for p in await store.papers_of_author(glaciologist.id)) == ["Glacier flow", "Ice cores"]
    (ina,) = await store.find_author("Ina Frost")
    assert sorted(c.papers for c in await store.coauthors(ina.id)) == [1, 2]
    again = await store.upsert(HOMONYMS)  # the name resolves to the first J. Smith again: the ledger undoes it
    assert len(await store.find_author("J. Smith")) == 2
    assert sorted(p.title for p in await store.papers_of_author(glaciologist.id)) == ["Glacier flow", "Ice cores"]
    assert again.identities_merged == 0
    decisions = await store.curation_ledger()
    assert [d.action for d in decisions] == ["split"]
    with pytest.raises(NotFoundError, match="did not write"):
        await curation.split_author(store, smith.id, ["paper:title:nothing"])


async def test_a_split_replayed_in_a_fresh_store(store):
    (split,) = [Decision.split("author:j-smith", ["paper:title:" + _fingerprint("Protein folding", 2019)])]
    await store.curate([split])
    await store.upsert(HOMONYMS)
    people = await store.find_author("J. Smith")
    assert sorted(a.id for a in people) == ["author:j-smith", split.split_into]
