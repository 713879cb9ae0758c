from coauthor_graph.domain.views import Topic
from coauthor_graph.identity.topics import canonical_topic, extract_topics, preferred_topic


def names(*texts):
    return [t.name for t in extract_topics(*texts)]


def test_case_plural_and_acronyms_join_one_topic():
    assert (
        names("A RAG pipeline") == names("retrieval-augmented generation") == names("Retrieval Augmented Generations")
    )
    assert "retrieval-augmented generation" in names("A RAG pipeline")
    assert "large language models" in names("LLMs") and "large language models" in names("a large language model")


def test_acronyms_match_only_as_upper_case_words():
    assert names("drag and drop, fragment, rag") == []


def test_broader_links_inside_the_vocabulary():
    (seq,) = [t for t in extract_topics("sequential recommenders") if t.name == "sequential recommendation"]
    assert seq.broader.name == "recommender systems"


def test_source_labels_are_canonicalised():
    assert canonical_topic("RAG").name == "retrieval-augmented generation"
    assert canonical_topic("Knowledge Distillation").name == "knowledge distillation"
    assert canonical_topic("  Tribology ").name == "tribology"


def test_one_subject_named_alike_in_several_schemes_is_one_topic():
    arxiv = Topic("topic:arxiv:cs.IR", "Information Retrieval", "arxiv", "cs.IR")
    keyword = Topic("topic:keyword:information-retrieval", "information retrieval", "keyword")
    taxonomy = Topic("topic:openalex:subfields-1710", "Information Retrieval", "openalex", "subfields-1710")
    assert preferred_topic([keyword, arxiv]) == arxiv
    assert preferred_topic([keyword, arxiv, taxonomy]) == taxonomy
    other = Topic("topic:keyword:ir", "ir", "keyword")  # matched by code, say: another subject
    assert preferred_topic([arxiv, other]) is None


def test_every_vocabulary_root_hangs_from_a_subject_of_the_taxonomy_or_arxiv():
    from coauthor_graph.identity.subjects import same_subject
    from coauthor_graph.identity.topics import SUBJECT_OF, VOCABULARY, _topic

    roots = {entry.name for entry in VOCABULARY if not entry.broader}
    assert roots - set(SUBJECT_OF) == {"information retrieval"}  # a subject itself: arXiv's cs.IR
    for name in roots:
        top = same_subject(_topic(name))  # as the stores keep it
        while top.broader is not None:
            top = top.broader
        assert (top.scheme, top.code) == ("openalex", "domains-3"), name  # Physical Sciences, via Computer Science
    assert same_subject(_topic("information retrieval")).code == "cs.IR"
    assert _topic("federated learning").broader.code == "cs.LG"
    assert _topic("knowledge distillation").broader.name == "model compression"
