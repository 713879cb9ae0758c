"""Journals by ISSN: one journal under two spellings is one venue; one name used by two
journals (different ISSNs) is two venues; a name-only mention joins the journal of that name."""

from __future__ import annotations

import datetime as dt

from coauthor_graph.loaders.registry import LoadOptions, records_from
from tests.conftest import DATA


async def test_issn_decides_which_journal(store):
    await store.upsert(records_from(DATA / "journals.jsonl", LoadOptions(as_of=dt.date(2026, 1, 1))))
    stats = await store.stats()
    assert stats.nodes["Venue"] == 4 and stats.relationships["PUBLISHED_IN"] == 7
    biomech = await store.get("venue:journal-of-biomechanical-engineering")  # papers A and B
    assert (biomech.name, biomech.issn) == ("Journal of Biomechanical Engineering", "0148-0731")
    things = await store.get("venue:journal-of-things")  # papers C and E
    other_things = await store.get("venue:issn:2222-2222")  # paper D: same name, another journal
    assert (things.issn, other_things.name, other_things.issn) == ("1111-1111", "Journal of Things", "2222-2222")
    annals = await store.get("venue:annals-of-stuff")  # first without an ISSN, then the ISSN joins it
    assert annals.issn == "3333-3333"
