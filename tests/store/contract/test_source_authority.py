"""One paper from two sources: each descriptive field comes from the more trusted source that
has it (OpenAlex over BibTeX), whatever the order the sources arrive in."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from coauthor_graph.loaders.registry import LoadOptions, records_from

OPTIONS = LoadOptions(as_of=dt.date(2026, 1, 1))

BIBTEX = """@article{key,
  title = {A study of things},
  author = {Archer, Ann and Baker, Ben},
  journal = {Journal of Things},
  year = 2019,
  abstract = {From the export.},
  doi = {10.5555/things.1}
}
"""
OPENALEX = {
    "id": "https://openalex.org/W1",
    "doi": "https://doi.org/10.5555/THINGS.1",
    "title": "A Study of Things",
    "publication_year": 2020,
    "authorships": [
        {"author": {"id": "https://openalex.org/A1", "display_name": "Ann Archer"}},
        {"author": {"id": "https://openalex.org/A2", "display_name": "Ben Baker"}},
    ],
}


@pytest.fixture
def sources(tmp_path):
    bib, works = tmp_path / "refs.bib", tmp_path / "work.json"
    bib.write_text(BIBTEX, encoding="utf-8")
    works.write_text(json.dumps(OPENALEX), encoding="utf-8")
    return {"bibtex": bib, "openalex": works}


@pytest.mark.parametrize("order", [("bibtex", "openalex"), ("openalex", "bibtex")])
async def test_the_more_trusted_source_decides_each_field_in_any_order(store, sources, order):
    for name in order:
        await store.upsert(records_from(sources[name], OPTIONS))
    (paper,) = [hit.node for hit in await store.search_papers("study things")]
    assert (paper.title, paper.year, paper.url) == ("A Study of Things", 2020, "https://doi.org/10.5555/THINGS.1")
    assert paper.abstract == "From the export."  # only BibTeX has one: it stays
    assert paper.doi == "10.5555/things.1" and paper.sources == ("bibtex", "openalex")
    # One paper, so one classified topic with its subfield, field and domain, from either source first.
    assert (await store.stats()).nodes == {"Author": 2, "Paper": 1, "Topic": 4, "Venue": 1}
