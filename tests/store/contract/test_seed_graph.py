"""Store semantics on the seed profile, with answers worked out by hand from the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

import pytest

from coauthor_graph.domain.errors import NotFoundError
from coauthor_graph.domain.records import AuthorProfileRecord, AuthorRef
from coauthor_graph.recommend.features import FEATURES
from coauthor_graph.recommend.model import SHIPPED_INTERCEPT, SHIPPED_WEIGHTS
from coauthor_graph.services.recommendations import recommend_collaborators


@pytest.fixture
async def seeded(store, seed_records):
    await store.upsert(seed_records)
    return store


async def author(store, name):
    (found,) = await store.find_author(name)
    return found


async def topic(store, name):
    (found,) = await store.find_topic(name)
    return found


async def test_counts(seeded):
    stats = await seeded.stats()
    assert stats.nodes["Paper"] == 22
    assert stats.nodes["Venue"] == 1
    # 32 distinct people on the author lines, plus the owner.
    assert stats.nodes["Author"] == 33
    # 22 papers: 17 lines of "3 named + et al." show 3 names; the owner is named on 15 of
    # them and added to 2 (the first three entries are 3 names + the added owner = 4);
    # 2 complete lines of 3 names. AUTHORED = 3 * 22 + 3 added owners = 69.
    assert stats.relationships["AUTHORED"] == 69
    assert stats.relationships["PUBLISHED_IN"] == 22


async def test_owner_keeps_profile_metrics_with_capture_date(seeded):
    owner = await author(seeded, "Chengkai Huang")
    assert owner.metrics == {
        "h_index": 71,
        "papers": 22,
        "citations": 199,
        "novelty_percent": 50,
        "ai_score": 56,
        "field": "cs.IR",
        "captured_on": "2026-11-23",
    }


async def test_owner_added_where_et_al_hides_them(seeded):
    (paper,) = [hit.node for hit in await seeded.search_papers("Federated Large Language Models Current Progress")][:1]
    assert paper.authors_complete is False
    authors = await seeded.authors_of_paper(paper.id)
    assert [(a.author.name, a.position) for a in authors] == [
        ("Yuhang Yao", 1),
        ("Jianyi Zhang", 2),
        ("Junda Wu", 3),
        ("Chengkai Huang", None),
    ]


async def test_coauthors_ordered_by_joint_papers_then_recency_then_name(seeded):
    owner = await author(seeded, "Chengkai Huang")
    coauthors = await seeded.coauthors(owner.id)
    assert len(coauthors) == 32
    top = [(c.coauthor.name, c.papers, c.first_year, c.last_year) for c in coauthors[:3]]
    assert top == [
        ("Zihan Wang", 3, 2026, 2026),  # Apr 30, Apr 29, Apr 27: yearless, captured 2026-11-23
        ("Hongtao Huang", 3, 2024, 2025),
        ("Junda Wu", 3, 2024, 2025),  # ties Hongtao on count and last year: name decides
    ]
    assert [p.title for p in coauthors[0].joint_papers] == [
        "Purifying Multimodal Retrieval: Fragment-Level Evidence Selection for RAG",
        "Factorized Latent Reasoning for LLM-based Recommendation",
        "MEG-RAG: Quantifying Multi-modal Evidence Grounding for Evidence Selection in RAG",
    ]


async def test_coauthored_is_symmetric(seeded):
    zihan = await author(seeded, "Zihan Wang")
    names = {c.coauthor.name: c.papers for c in await seeded.coauthors(zihan.id)}
    assert names == {"Chengkai Huang": 3, "Xihang Wang": 2, "Tianqi Gao": 1}


async def test_collaboration_path_through_the_owner(seeded):
    source, target = await author(seeded, "Yuhang Yao"), await author(seeded, "Zhiqiang Liu")
    path = await seeded.collaboration_path(source.id, target.id)
    assert [a.name for a in path.authors] == ["Yuhang Yao", "Chengkai Huang", "Zhiqiang Liu"]
    # Two 2021 joint papers link Chengkai and Zhiqiang; the newer one (Nov 29 vs Nov 23) links the hop.
    assert [hop.paper.title for hop in path.hops] == [
        "Federated Large Language Models: Current Progress and Future Directions",
        "Improved Knowledge Distillation via Adversarial Collaboration",
    ]
    assert await seeded.collaboration_path(source.id, target.id, max_hops=1) is None


async def test_collaboration_path_of_direct_coauthors_and_of_oneself(seeded):
    yuhang, jianyi = await author(seeded, "Yuhang Yao"), await author(seeded, "Jianyi Zhang")
    assert (await seeded.collaboration_path(yuhang.id, jianyi.id)).length == 1
    alone = await seeded.collaboration_path(yuhang.id, yuhang.id)
    assert alone.length == 0 and [a.name for a in alone.authors] == ["Yuhang Yao"]


async def test_topic_path_between_two_topics(seeded):
    kd, rag = await topic(seeded, "knowledge distillation"), await topic(seeded, "retrieval augmented generation")
    path = await seeded.topic_path(kd.id, rag.id)
    assert path.relationships == ("ABOUT", "AUTHORED", "AUTHORED", "ABOUT")
    assert path.nodes[0] == kd and path.nodes[-1] == rag
    # Only the owner wrote on both topics; among equally short paths the smallest ids win.
    assert path.nodes[2].name == "Chengkai Huang"
    kd_papers = {p.id for p in await seeded.papers_of_author(path.nodes[2].id, topic_id=kd.id)}
    rag_papers = {p.id for p in await seeded.papers_of_author(path.nodes[2].id, topic_id=rag.id)}
    assert len(kd_papers) == 2 and len(rag_papers) == 5
    assert path.nodes[1].id == min(kd_papers)
    assert path.nodes[3].id == min(rag_papers)


async def test_topic_path_from_topic_to_author(seeded):
    rag, zhiqiang = await topic(seeded, "retrieval augmented generation"), await author(seeded, "Zhiqiang Liu")
    path = await seeded.topic_path(rag.id, zhiqiang.id)
    assert [n.label for n in path.nodes] == ["Topic", "Paper", "Author", "Paper", "Author"]
    assert path.relationships == ("ABOUT", "AUTHORED", "AUTHORED", "AUTHORED")
    assert await seeded.topic_path(rag.id, zhiqiang.id, max_hops=3) is None


async def test_topic_trajectory_and_related_and_top_authors(seeded):
    zhiqiang = await author(seeded, "Zhiqiang Liu")
    (of_zhiqiang, of_nobody) = await seeded.topic_trajectories_of([zhiqiang.id, "author:nobody"])
    assert of_nobody == []
    trajectory = [(t.year, t.topic.id, t.papers) for t in of_zhiqiang]
    assert trajectory == [
        (2021, "topic:keyword:knowledge-distillation", 2),
        (2021, "topic:keyword:model-compression", 2),
        (2021, "topic:openalex:T10036", 2),  # the taxonomy topic both papers were classified into
        (2021, "topic:openalex:subfields-1707", 2),  # arXiv's cs.CV
        (2021, "topic:keyword:adversarial-learning", 1),
        (2021, "topic:keyword:mutual-learning", 1),
    ]
    kd = await topic(seeded, "knowledge distillation")
    (of_kd,) = await seeded.related_topics_of([kd.id])
    related = [(r.topic.id, r.shared_papers) for r in of_kd]
    assert related == [
        ("topic:keyword:model-compression", 2),
        ("topic:openalex:T10036", 2),
        ("topic:openalex:subfields-1707", 2),
        ("topic:keyword:adversarial-learning", 1),
        ("topic:keyword:mutual-learning", 1),
    ]
    top_kd, top_cv, top_nothing = await seeded.top_authors_of(
        [kd.id, "topic:openalex:subfields-1707", "topic:none"], limit=3
    )
    assert [(t.author.name, t.papers) for t in top_kd] == [
        ("Chengkai Huang", 2),
        ("Yanxia Liu", 2),
        ("Zhiqiang Liu", 2),
    ]
    assert len(top_cv) == 3 and top_nothing == []
    (first_two,) = await seeded.related_topics_of([kd.id], limit=2)
    assert [r.topic.id for r in first_two] == ["topic:keyword:model-compression", "topic:openalex:T10036"]


async def test_arxiv_categories_hang_from_the_openalex_field_of_the_same_subject(seeded):
    cs_ir = await seeded.get("topic:arxiv:cs.IR")
    assert cs_ir.name == "Information Retrieval"
    ((field,),) = await seeded.broader_of([cs_ir.id])
    assert (field.id, field.name) == ("topic:openalex:fields-17", "Computer Science")
    assert await seeded.get("topic:arxiv:cs") is None  # arXiv's archive of that name is the same node
    assert (await seeded.get("topic:openalex:subfields-1707")).name == "Computer Vision and Pattern Recognition"
    assert await seeded.get("topic:arxiv:cs.CV") is None
    assert (await seeded.stats()).relationships["BROADER"] >= 5


async def test_papers_of_author_filters(seeded):
    owner = await author(seeded, "Chengkai Huang")
    everything = await seeded.papers_of_author(owner.id)
    assert len(everything) == 22
    assert [p.year for p in everything] == sorted((p.year for p in everything), reverse=True)
    assert {p.year for p in await seeded.papers_of_author(owner.id, year_from=2021, year_to=2021)} == {2021}
    kd = await topic(seeded, "knowledge distillation")
    assert [p.title for p in await seeded.papers_of_author(owner.id, topic_id=kd.id)] == [
        "Improved Knowledge Distillation via Adversarial Collaboration",
        "Semi-Online Knowledge Distillation",
    ]


async def test_recommendations_explain_themselves(seeded):
    zihan = await author(seeded, "Zihan Wang")
    current = {c.coauthor.id for c in await seeded.coauthors(zihan.id)}
    recommendations = await recommend_collaborators(seeded, zihan.id, limit=50)
    # Everyone else reaches Zihan only through the owner: 32 people minus Zihan's 2 other co-authors.
    assert len(recommendations) == 29
    assert not current & {r.author.id for r in recommendations}
    scores = [r.score for r in recommendations]
    assert scores == sorted(scores, reverse=True)
    for r in recommendations:
        assert [a.name for a in r.shared_coauthors] == ["Chengkai Huang"]
        assert r.score == pytest.approx(SHIPPED_INTERCEPT + sum(asdict(r.parts).values()), abs=1e-8)
    junda = next(r for r in recommendations if r.author.name == "Junda Wu")
    last_year = max(p.year for p in await seeded.papers_of_author(junda.author.id))
    weight = dict(zip((name for _, name in FEATURES), SHIPPED_WEIGHTS, strict=True))
    # The last tie via the owner is from 2025, the newest year 2026; activity halves every 2 years.
    freshness, activity = 0.5 ** (1 / 3), 0.5 ** ((2026 - last_year) / 2)
    assert junda.parts.recency == pytest.approx(
        weight["path_freshness"] * freshness + weight["candidate_activity"] * activity
    )
    assert "alignment" in {t.name for t in junda.shared_topics}


async def test_unknown_ids(seeded):
    assert await seeded.get("author:nobody") is None
    assert await seeded.get("nonsense") is None
    with pytest.raises(NotFoundError):
        await seeded.coauthors("author:nobody")


async def test_search_is_case_and_accent_insensitive_and_ranked(seeded):
    hits = await seeded.search_authors("CHENGKAI")
    assert hits[0].node.name == "Chengkai Huang"
    papers = await seeded.search_papers("knowledge distillation")
    assert {hit.node.title for hit in papers[:2]} == {
        "Improved Knowledge Distillation via Adversarial Collaboration",
        "Semi-Online Knowledge Distillation",
    }
    assert [hit.score for hit in papers] == sorted((hit.score for hit in papers), reverse=True)
    assert (await seeded.search_topics("retrieval augmented"))[0].node.name == "retrieval-augmented generation"
    # FTS syntax in user text is inert: it searches for the word, it does not run as an operator.
    assert await seeded.search_papers('") OR *') == await seeded.search_papers("or")


async def test_loading_twice_changes_nothing(store, seed_records):
    first = await store.upsert(seed_records)
    stats = await store.stats()
    owner = (await store.find_author("Chengkai Huang"))[0]
    coauthors = await store.coauthors(owner.id)
    second = await store.upsert(seed_records)
    assert first.changed and not second.changed
    assert first.merged["Paper"] == first.merged["Author"] == 0  # repeats within one load are not "merged"
    assert (second.merged["Paper"], second.merged["Author"]) == (22, 33)
    assert await store.stats() == stats
    assert await store.coauthors(owner.id) == coauthors


async def test_a_newer_capture_replaces_the_profile_metrics_and_an_older_one_changes_nothing(seeded):
    owner = await author(seeded, "Chengkai Huang")
    recapture = AuthorProfileRecord(
        author=AuthorRef(name="Chengkai Huang"),
        metrics={"h_index": 72, "citations": 230},
        captured_on=dt.date(2026, 12, 1),
        source="profile-page",
    )
    stale = AuthorProfileRecord(
        author=AuthorRef(name="Chengkai Huang"),
        metrics={"h_index": 1, "ai_score": 3},
        captured_on=dt.date(2020, 1, 1),
        source="profile-page",
    )
    await seeded.upsert([recapture])
    await seeded.upsert([stale])
    # Metrics the new capture does not give (papers, novelty, AI score, field) are gone, not left over.
    assert (await seeded.get(owner.id)).metrics == {"h_index": 72, "citations": 230, "captured_on": "2026-12-01"}
