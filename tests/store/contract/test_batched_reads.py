"""The batched `*_of` reads: one call answers many owners, and each answer is what the
one-at-a-time reads say (or, where there is none, what the page says)."""

from __future__ import annotations

import dataclasses

import pytest

from coauthor_graph.store.port import newest_first_key

UNKNOWN = "author:nobody-at-all"


@pytest.fixture
async def seeded(store, seed_records):
    await store.upsert(seed_records)
    return store


async def author_id(store, name):
    (found,) = await store.find_author(name)
    return found.id


async def test_get_many_mixes_kinds_and_keeps_order(seeded):
    huang = await author_id(seeded, "Chengkai Huang")
    paper = (await all_papers(seeded, [huang]))[0][0]
    ids = ["topic:arxiv:cs.IR", UNKNOWN, huang, paper.id, "venue:arxiv", "nonsense"]
    views = await seeded.get_many(ids)
    assert [view and view.id for view in views] == ["topic:arxiv:cs.IR", None, huang, paper.id, "venue:arxiv", None]
    assert views[0].name == "Information Retrieval" and views[2].name == "Chengkai Huang"


async def all_papers(store, ids):
    """Every paper of each owner, in one page."""
    return [list(page.papers) for page in await store.paper_pages_of(ids, first=1000)]


async def test_papers_of_authors_topics_and_venues(seeded):
    huang = await author_id(seeded, "Chengkai Huang")
    yao = await author_id(seeded, "Yuhang Yao")
    pages = await seeded.paper_pages_of([huang, yao, "topic:arxiv:cs.IR", "venue:arxiv", UNKNOWN], first=1000)
    of_huang, of_yao, of_ir, of_arxiv, of_nobody = [list(page.papers) for page in pages]
    assert of_huang == await seeded.papers_of_author(huang)
    assert of_yao == await seeded.papers_of_author(yao)
    assert len(of_huang) == 22 and len(of_arxiv) == 22 and of_nobody == []
    assert [p.id for p in of_arxiv] == [p.id for p in of_huang]  # every seed paper is on arXiv, newest first
    assert of_ir == await seeded.papers_of_author(huang, topic_id="topic:arxiv:cs.IR")
    assert len(of_ir) > 0
    assert [page.total for page in pages] == [22, len(of_yao), len(of_ir), 22, 0]
    assert not any(page.has_more for page in pages)


async def test_paper_pages_follow_the_keyset(seeded):
    everything = (await all_papers(seeded, ["venue:arxiv"]))[0]
    walked, after = [], None
    while True:
        (page,) = await seeded.paper_pages_of(["venue:arxiv"], first=5, after=after)
        assert page.total == 22 and len(page.papers) <= 5
        walked += page.papers
        if not page.has_more:
            break
        last = page.papers[-1]
        after = newest_first_key(last.year, last.date, last.id)
    assert walked == everything
    # A key between papers: what sorts after it, whether or not a paper has it.
    middle = everything[10]
    (rest,) = await seeded.paper_pages_of(
        ["venue:arxiv"], first=100, after=newest_first_key(middle.year, middle.date, "paper:")
    )
    assert list(rest.papers) == everything[10:]
    (none,) = await seeded.paper_pages_of(["venue:arxiv"], first=0)
    assert none.papers == () and none.has_more and none.total == 22


async def test_authors_and_coauthors_match_the_single_reads(seeded):
    huang = await author_id(seeded, "Chengkai Huang")
    papers = (await all_papers(seeded, [huang]))[0]
    ids = [p.id for p in papers]
    assert await seeded.authors_of(ids) == [await seeded.authors_of_paper(i) for i in ids]
    people = [huang, await author_id(seeded, "Yuhang Yao"), UNKNOWN]
    together = await seeded.coauthors_of(people)
    assert together[:2] == [await seeded.coauthors(huang), await seeded.coauthors(people[1])]
    assert together[2] == []
    ties_only = await seeded.coauthors_of(people, with_joint_papers=False)
    assert ties_only == [[dataclasses.replace(t, joint_papers=()) for t in ties] for ties in together]


async def test_topics_of_papers_and_authors(seeded):
    huang = await author_id(seeded, "Chengkai Huang")
    papers = (await all_papers(seeded, [huang]))[0]
    of_paper, of_huang = await seeded.topics_of([papers[0].id, huang])
    assert {t.papers for t in of_paper} == {1} and len(of_paper) >= 3  # a subject code and >= 2 fine topics
    # An author's weight on a topic is the number of their papers about it.
    for weighted in of_huang:
        assert weighted.papers == len(await seeded.papers_of_author(huang, topic_id=weighted.topic.id))
    counts = [t.papers for t in of_huang]
    assert counts == sorted(counts, reverse=True)
    assert {t.topic.id for t in of_huang} >= {t.topic.id for t in of_paper}


async def test_venues_of_papers_and_authors(seeded):
    huang = await author_id(seeded, "Chengkai Huang")
    yao = await author_id(seeded, "Yuhang Yao")
    paper = (await all_papers(seeded, [huang]))[0][0]
    of_paper, of_huang, of_yao, of_nobody = await seeded.venues_of([paper.id, huang, yao, UNKNOWN])
    assert [(v.venue.id, v.papers) for v in of_paper] == [("venue:arxiv", 1)]
    assert [(v.venue.id, v.papers) for v in of_huang] == [("venue:arxiv", 22)]
    assert [(v.venue.id, v.papers) for v in of_yao] == [("venue:arxiv", len(await seeded.papers_of_author(yao)))]
    assert of_nobody == []


CS = "topic:openalex:fields-17"


async def test_broader_and_narrower_topics(seeded):
    # arXiv's archive "Computer Science" is OpenAlex's field of that name: one subject, one node.
    broader, field, none = await seeded.broader_of(["topic:arxiv:cs.IR", CS, "topic:arxiv:cs"])
    assert [t.id for t in broader] == [CS] and [t.id for t in field] == ["topic:openalex:domains-3"] and none == []
    (narrower,) = await seeded.narrower_of([CS])
    ids = [t.id for t in narrower]
    assert ids == sorted(ids) and {"topic:arxiv:cs.IR", "topic:arxiv:cs.CL", "topic:arxiv:cs.LG"} <= set(ids)
    assert "topic:openalex:subfields-1707" in ids  # cs.CV: OpenAlex's "Computer Vision and Pattern Recognition"
