"""Paper identity in every store: a source's own record ids keep its records apart, a DOI copied
onto the wrong paper by hand does not merge two papers, and a registrar's DOI still renames one."""

from __future__ import annotations

from coauthor_graph.domain.records import AuthorRef, PaperRecord
from tests.conftest import DATA


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
