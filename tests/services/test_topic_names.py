"""A topic name means one topic: one subject named alike in several schemes resolves to one node;
different subjects a name matches are listed with their schemes."""

from __future__ import annotations

import pytest

from coauthor_graph.domain.errors import NotFoundError
from coauthor_graph.domain.views import Topic
from coauthor_graph.services.lookup import one_topic

ARXIV = Topic("topic:arxiv:cs.IR", "Information Retrieval", "arxiv", "cs.IR")
KEYWORD = Topic("topic:keyword:information-retrieval", "information retrieval", "keyword")


def test_the_preferred_scheme_stands_for_the_subject():
    assert one_topic("information retrieval", [KEYWORD, ARXIV]) == ARXIV
    assert one_topic("x", []) is None and one_topic("x", [KEYWORD]) == KEYWORD


def test_different_subjects_are_listed_with_their_schemes():
    other = Topic("topic:keyword:cs-ir-group", "cs.ir group", "keyword")
    with pytest.raises(NotFoundError) as refused:
        one_topic("cs.IR", [ARXIV, other])
    assert str(refused.value) == (
        "'cs.IR' names several topics; pass one of: topic:arxiv:cs.IR (arxiv: Information Retrieval),"
        " topic:keyword:cs-ir-group (keyword: cs.ir group)"
    )
