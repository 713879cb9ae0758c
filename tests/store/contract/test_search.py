"""Paper search in every store: every word must match, the last as a prefix; title hits rank first;
a renamed paper is found by its new title only."""

from __future__ import annotations

from coauthor_graph.domain.records import AuthorRef, PaperRecord


def _paper(title: str, abstract: str | None = None, doi: str | None = None, source: str = "jsonl") -> PaperRecord:
    return PaperRecord(
        title=title, authors=(AuthorRef("Ann Archer", 1),), source=source, year=2020, doi=doi, abstract=abstract
    )


async def test_title_hits_rank_above_abstract_hits(store):
    await store.upsert(
        [
            _paper(
                "Notes on a method",
                "We study tessellation kernels: tessellation kernels are defined, tessellation kernels are"
                " bounded, and the rest of this long abstract says other things about other matters entirely.",
            ),
            _paper("Tessellation kernels"),
            _paper("Tessellation of planes", "No kernels here, only the abstract names them."),
            *(_paper(f"Filler number {i}") for i in range(10)),
        ]
    )
    hits = await store.search_papers("tessellation kern")
    assert [hit.node.title for hit in hits][0] == "Tessellation kernels"
    assert {hit.node.title for hit in hits} == {"Tessellation kernels", "Notes on a method", "Tessellation of planes"}
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert await store.search_papers("tessellation kernel planes") == []  # every word must match


async def test_a_renamed_paper_is_found_by_its_new_title(store):
    await store.upsert([_paper("Provisional working name", doi="10.1000/renamed")])
    await store.upsert([_paper("Final published name", doi="10.1000/renamed", source="openalex")])
    assert [hit.node.title for hit in await store.search_papers("final published")] == ["Final published name"]
    assert await store.search_papers("provisional working") == []


async def test_hits_that_tie_past_the_limit_are_the_smallest_ids(store):
    # Titles of one length match the prefix alike: which come back is the ids' order, not the index's
    # (the papers are written largest id first, so an index's insertion order would give the others).
    dois = [f"10.1000/tie.{i:03d}" for i in range(60)]
    await store.upsert([_paper(f"Tessellation study {i:03d}", doi=doi) for i, doi in reversed(list(enumerate(dois)))])
    hits = await store.search_papers("tessell", limit=5)
    assert [hit.node.id for hit in hits] == sorted(f"paper:doi:{doi}" for doi in dois)[:5]
