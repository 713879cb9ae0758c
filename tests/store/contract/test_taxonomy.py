"""One taxonomy for every source: a classified paper and an OpenAlex work on the same subject meet at
the same topic node, which hangs from its subfield, field and domain, in every store."""

from __future__ import annotations

import datetime as dt

from coauthor_graph.loaders.registry import LoadOptions, records_from
from tests.fixture_files import fixture

OPTIONS = LoadOptions(as_of=dt.date(2026, 11, 28))
NLP = "topic:openalex:T10181"


async def test_a_classified_paper_and_an_openalex_work_share_the_topic_node(store, tmp_path):
    works = list(records_from(fixture("openalex/works-nlp-first10.json"), OPTIONS))
    on_nlp = sum(any(t.code == "T10181" for t in work.topics) for work in works)
    await store.upsert(works)
    jsonl = tmp_path / "nlp.jsonl"
    jsonl.write_text(
        '{"title": "Named entity recognition and part-of-speech tagging for low-resource languages",'
        ' "authors": ["Ada Tagger"], "year": 2024}\n',
        encoding="utf-8",
    )
    await store.upsert(records_from(jsonl, OPTIONS))
    (page,) = await store.paper_pages_of([NLP], first=50)
    classified = [paper for paper in page.papers if paper.sources == ("jsonl",)]
    assert page.total == on_nlp + 1 and on_nlp >= 5  # the works OpenAlex put there, and the classified paper
    assert [paper.title[:24] for paper in classified] == ["Named entity recognition"]
    chain = []
    node = NLP
    while True:
        (broader,) = await store.broader_of([node])
        if not broader:
            break
        node = broader[0].id
        chain.append((node, broader[0].name))
    assert chain == [
        ("topic:openalex:subfields-1702", "Artificial Intelligence"),
        ("topic:openalex:fields-17", "Computer Science"),
        ("topic:openalex:domains-3", "Physical Sciences"),
    ]
