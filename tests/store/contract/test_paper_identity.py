"""Paper identity in every store: a source's own record ids keep its records apart, a DOI copied
onto the wrong paper by hand does not merge two papers, and a registrar's DOI still renames one."""

from __future__ import annotations

import datetime as dt

from coauthor_graph.domain.records import AuthorRef, PaperRecord
from coauthor_graph.loaders.registry import LoadOptions, records_from
from tests.conftest import DATA
from tests.fixture_files import fixture

OPTIONS = LoadOptions(as_of=dt.date(2026, 12, 7))


def _aan(record_id: str, author: str) -> PaperRecord:
    return PaperRecord(
        title="Commentary On Kaplan And Kay",
        authors=(AuthorRef(author, 1),),
        source="aan",
        year=1994,
        record_id=record_id,
    )


async def test_two_records_of_one_source_with_different_ids_are_two_papers(store):
    report = await store.upsert([_aan("J94-3002", "Mark Liberman"), _aan("J94-3003", "Graeme Ritchie")])
    assert report.created["Paper"] == 2
    (liberman,) = await store.find_author("Mark Liberman")
    assert await store.coauthors(liberman.id) == []  # no co-authorship that never happened
    again = await store.upsert([_aan("J94-3003", "Graeme Ritchie")])  # the same record: the same paper
    assert not again.changed


async def test_a_doi_copied_onto_another_paper_by_hand_keeps_them_apart(store):
    path = DATA / "doi-conflict.bib"
    from coauthor_graph.loaders import bibtex

    report = await store.upsert(bibtex.load(path))
    assert report.created["Paper"] == 2
    assert report.doi_conflicts == [
        "10.1234/ocean.7 is another paper's; kept apart: 'A survey of ocean sensing' (bibtex line 2)"
    ]
    (ann,) = await store.find_author("Ann Lee")
    assert await store.coauthors(ann.id) == []
    again = await store.upsert(bibtex.load(path))
    assert not again.changed


async def test_a_registrars_doi_renames_the_paper_it_names(store):
    doi = "10.1000/renamed"
    first = PaperRecord(title="Provisional working name", authors=(AuthorRef("Ann Lee", 1),), source="bibtex", doi=doi)
    final = PaperRecord(title="Final published name", authors=(AuthorRef("Ann Lee", 1),), source="openalex", doi=doi)
    await store.upsert([first])
    report = await store.upsert([final])
    assert report.created["Paper"] == 0 and report.doi_conflicts == []


BERT_DOI = "10.18653/v1/n19-1423"
BERT = "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"


async def test_an_untitled_work_keeps_its_coauthorship_and_takes_the_title_another_source_gives(store):
    works = [r for r in records_from(fixture("openalex/works-nlp-first10.json"), OPTIONS) if r.record_id]
    await store.upsert(works)  # OpenAlex lists BERT untitled
    untitled = await store.get(f"paper:doi:{BERT_DOI}")
    assert untitled is not None and untitled.title == ""
    authors = [a.author.name for a in await store.authors_of_paper(untitled.id)]
    assert authors == ["Jacob Devlin", "Ming‐Wei Chang", "Kenton Lee", "Kristina Toutanova"]
    (devlin,) = await store.find_author("Jacob Devlin")
    assert len(await store.coauthors(devlin.id)) == 3
    titled = PaperRecord(
        title=BERT, authors=(AuthorRef("Jacob Devlin", 1),), source="dblp", year=2019, doi=f"https://doi.org/{BERT_DOI}"
    )
    report = await store.upsert([titled])
    assert (report.created["Paper"], report.updated["Paper"], report.doi_conflicts) == (0, 1, [])
    paper = await store.get(untitled.id)
    assert paper is not None and (paper.title, paper.sources) == (BERT, ("dblp", "openalex"))


async def test_two_untitled_works_of_a_year_are_two_papers(store):
    untitled = [
        PaperRecord(title="", authors=(AuthorRef(name, 1),), source="openalex", year=2019, doi=doi, record_id=work)
        for name, doi, work in (("Ada One", "10.5555/one", "W1"), ("Bo Two", "10.5555/two", "W2"))
    ]
    report = await store.upsert(untitled)
    assert report.created["Paper"] == 2


async def test_a_later_load_fills_in_what_a_stored_paper_lacked_and_says_it_updated_it(store):
    def record(**more: object) -> PaperRecord:
        return PaperRecord(
            title="Lattice Sieves", authors=(AuthorRef("Ann Archer", 1),), source="jsonl", year=2020, **more
        )

    await store.upsert([record()])
    report = await store.upsert([record(abstract="Sieving in lattices.", tags=("sieves",))])
    assert report.updated["Paper"] == 1 and report.created["Paper"] == 0
    (found,) = [hit.node for hit in await store.search_papers("lattice sieves")]
    assert (found.abstract, found.tags) == ("Sieving in lattices.", ("sieves",))
    assert not (await store.upsert([record(abstract="Sieving in lattices.", tags=("sieves",))])).changed
