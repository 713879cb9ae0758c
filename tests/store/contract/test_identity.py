"""One person, one node, in every store: the disambiguation stage after each load, on real files.

The same clusters in both stores: each test runs on the embedded store and on Neo4j."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coauthor_graph.loaders.registry import LoadOptions, records_from
from coauthor_graph.services.recommendations import recommend_collaborators
from tests.fixture_files import fixture, needs

GROUP = fixture("bibtex/4C-multiphysics_papers.bib")
OPTIONS = LoadOptions(as_of=dt.date(2026, 11, 28))

BRANCO_FULL = (
    "@article{a, author = {Branco, Dario and Venticinque, Salvatore}, title = {Edge offloading}, year = {2019}}\n"
)
BRANCO_SHORT = "@article{b, author = {Branco, Dario and Venticinque, S.}, title = {Fog brokers}, year = {2020}}\n"


async def _named(store, family: str) -> list[str]:
    """The names of the people whose family name this is."""
    hits = await store.search_authors(family, limit=50)
    return sorted(hit.node.name for hit in hits if hit.node.name.split()[-1].casefold() == family.casefold())


def _bib(folder: Path, name: str, *entries: str) -> Path:
    path = folder / name
    path.write_text("".join(entries), encoding="utf-8")
    return path


@needs("bibtex/4C-multiphysics_papers.bib")
async def test_the_group_list_gives_one_wolfgang_a_wall_and_reloading_changes_nothing(store):
    report = await store.upsert(records_from(GROUP, OPTIONS))
    assert report.identities_merged > 0
    # 'Wolfgang A. Wall', 'W.A. Wall', 'WA Wall', 'Wolfgang Wall', 'Wolfang A. Wall', 'Wall W.A.' are one,
    # and so is 'Wall, A.W.', his initials swapped on one entry (`identity.swapped_initials`).
    assert await _named(store, "Wall") == ["Wolfgang A. Wall"]
    assert await _named(store, "Popp") == ["Alexander Popp"]
    assert await _named(store, "Gee") == ["Michael W. Gee"]
    (wall,) = await store.find_author("W.A. Wall")  # a merged spelling still finds him
    assert wall.name == "Wolfgang A. Wall" and {"W.A. Wall", "WA Wall"} <= set(wall.aliases)
    coauthors = await store.coauthors(wall.id)
    assert not {"A Popp", "MW Gee"} & {c.coauthor.name for c in coauthors}
    popp = next(c for c in coauthors if c.coauthor.name == "Alexander Popp")
    assert popp.papers == 34
    again = await store.upsert(records_from(GROUP, OPTIONS))
    assert not again.changed
    recommended = await recommend_collaborators(store, wall.id, limit=20)
    known = {c.coauthor.id for c in coauthors} | {wall.id}
    assert recommended and all(r.author.id not in known and not r.author.name.endswith(" Wall") for r in recommended)


@pytest.mark.parametrize("order", ["full first", "initial first"])
async def test_the_outcome_does_not_depend_on_record_order(store, tmp_path, order):
    entries = [BRANCO_FULL, BRANCO_SHORT] if order == "full first" else [BRANCO_SHORT, BRANCO_FULL]
    await store.upsert(records_from(_bib(tmp_path, "two.bib", *entries), OPTIONS))
    assert await _named(store, "Venticinque") == ["Salvatore Venticinque"]


@pytest.mark.parametrize("order", ["short file first", "full file first"])
async def test_files_loaded_one_by_one_in_either_order_give_the_same_people(store, tmp_path, order):
    short, full = _bib(tmp_path, "a.bib", BRANCO_SHORT), _bib(tmp_path, "b.bib", BRANCO_FULL)
    for path in (short, full) if order == "short file first" else (full, short):
        await store.upsert(records_from(path, OPTIONS))
    assert await _named(store, "Venticinque") == ["Salvatore Venticinque"]
    (person,) = await store.find_author("S. Venticinque")  # the merged spelling leads to him
    assert person.name == "Salvatore Venticinque"
    (dario,) = await store.find_author("Dario Branco")
    assert [(c.coauthor.name, c.papers) for c in await store.coauthors(dario.id)] == [("Salvatore Venticinque", 2)]
    await store.upsert(records_from(short, OPTIONS))  # the short spelling again: still him
    assert await _named(store, "Venticinque") == ["Salvatore Venticinque"]


async def test_umlauts_written_out_and_family_name_particles_keep_one_person(store, tmp_path):
    """'Hoermann' is 'Hörmann' written out; 'de' in 'M.H. de Vaal' is no middle name. Xu and Xue share
    a block key but are two family names."""
    entries = [
        '@article{a, author = {H{\\"o}rmann, Julia M. and de Vaal, M.H. and Xu, Wei}, title = {Lung}, year = {2017}}\n',
        "@article{b, author = {Hoermann, Julia M. and de Vaal, M. and Xue, Wei}, title = {Alveoli}, year = {2018}}\n",
    ]
    await store.upsert(records_from(_bib(tmp_path, "umlauts.bib", *entries), OPTIONS))
    assert await _named(store, "Hörmann") == ["Julia M. Hörmann"]
    assert await _named(store, "Hoermann") == []
    assert await _named(store, "Vaal") == ["M.H. de Vaal"]
    assert await _named(store, "Xu") == ["Wei Xu"] and await _named(store, "Xue") == ["Wei Xue"]


async def test_people_with_different_orcids_stay_apart(store):
    from coauthor_graph.domain.records import AuthorRef, PaperRecord

    def paper(title: str, name: str, orcid: str) -> PaperRecord:
        authors = (AuthorRef(name, 1, orcid=orcid), AuthorRef("Jane Doe", 2))
        return PaperRecord(title=title, authors=authors, source="jsonl", year=2020)

    await store.upsert(
        [paper("Tides", "John Smith", "0000-0001-0000-0001"), paper("Waves", "J. Smith", "0000-0002-0000-0002")]
    )
    assert len(await _named(store, "Smith")) == 2


async def test_a_different_openalex_id_is_evidence_not_a_veto(store):
    """OpenAlex splits people (177 names were 469 ids in one real export); ORCID and DBLP ids never do."""
    from coauthor_graph.domain.records import AuthorRef, PaperRecord

    def paper(title: str, openalex: str, coauthor: str) -> PaperRecord:
        authors = (AuthorRef("Mirella Lapata", 1, source_ids=(("openalex", openalex),)), AuthorRef(coauthor, 2))
        return PaperRecord(title=title, authors=authors, source="openalex", year=2010, record_id=title)

    papers = [paper("Summaries", "A1", "Ivan Titov"), paper("Headlines", "A2", "Ivan Titov")]
    await store.upsert(papers)
    (lapata,) = await store.find_author("Mirella Lapata")
    (titov,) = await store.find_author("Ivan Titov")
    assert [(c.coauthor.id, c.papers) for c in await store.coauthors(titov.id)] == [(lapata.id, 2)]
    assert not (await store.upsert(papers)).changed
