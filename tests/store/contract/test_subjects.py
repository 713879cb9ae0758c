"""One subject, one topic node, whichever scheme names it and whichever file comes first (`identity.subjects`)."""

from __future__ import annotations

import json

import pytest

from coauthor_graph.loaders.jsonl import load as load_jsonl
from coauthor_graph.services.lookup import find_topic_by_name_or_id, find_topic_path_end

ROWS = [
    {"title": "Learning to rank at scale", "year": 2020, "authors": ["Ann Archer", "Ben Baker"], "topics": ["cs.LG"]},
    {
        "title": "Gradient methods",
        "year": 2021,
        "authors": ["Ben Baker", "Cleo Clark"],
        "topics": ["Machine learning", "information retrieval", "deep learning"],
    },
    {
        "title": "Seeing things",
        "year": 2022,
        "authors": ["Cleo Clark"],
        "topics": ["computer vision", "cs.CV", "cs.IR"],
    },
]
ML, IR, CV = "topic:arxiv:cs.LG", "topic:arxiv:cs.IR", "topic:openalex:subfields-1707"


@pytest.mark.parametrize("order", ["as listed", "reversed"])
async def test_one_subject_is_one_node_whatever_the_scheme_or_the_order(store, tmp_path, order):
    rows = ROWS if order == "as listed" else ROWS[::-1]
    for i, row in enumerate(rows):  # one file per paper: each load sees only what came before
        path = tmp_path / f"{i}.jsonl"
        path.write_text(json.dumps(row) + "\n", encoding="utf-8")
        await store.upsert(load_jsonl(path))
    machine, retrieval, vision = [
        await find_topic_by_name_or_id(store, n) for n in ("machine learning", "cs.IR", "computer vision")
    ]
    assert (machine.id, machine.name) == (ML, "Machine Learning")
    assert (retrieval.id, retrieval.name) == (IR, "Information Retrieval")
    assert (vision.id, vision.name) == (CV, "Computer Vision and Pattern Recognition")
    assert (await find_topic_by_name_or_id(store, "cs.CV")).id == CV  # the code of a category now of OpenAlex
    top_ml, top_ir, top_cv = await store.top_authors_of([ML, IR, CV])
    assert [(t.author.name, t.papers) for t in top_ml] == [("Ben Baker", 2), ("Ann Archer", 1), ("Cleo Clark", 1)]
    assert [(t.author.name, t.papers) for t in top_ir] == [("Cleo Clark", 2), ("Ben Baker", 1)]
    assert [(t.author.name, t.papers) for t in top_cv] == [("Cleo Clark", 1)]
    (cleo,) = await store.find_author("Cleo Clark")
    (trajectory,) = await store.topic_trajectories_of([cleo.id])
    assert [(t.year, t.topic.id) for t in trajectory if t.topic.id in (ML, IR, CV)] == [
        (2021, IR),
        (2021, ML),
        (2022, IR),
        (2022, CV),
    ]
    (related,) = await store.related_topics_of([ML])
    assert [(r.topic.id, r.shared_papers) for r in related][:2] == [(IR, 1), ("topic:keyword:deep-learning", 1)]
    (under_ml,) = await store.narrower_of([ML])
    assert "topic:keyword:deep-learning" in [t.id for t in under_ml]  # the vocabulary hangs from its subject
    deep = await find_topic_path_end(store, "deep learning")
    assert await store.topic_path(machine.id, deep.id) is not None  # `topic-path "machine learning" "deep learning"`
