"""Fine-grained topics from titles and abstracts, by matching a curated vocabulary.

Why a vocabulary and not statistical keyphrase extraction (RAKE, YAKE, TF-IDF, embeddings):
- the same paper must get the same topics on every machine, offline, with no model download;
- a topic is a node people navigate and that recommendations weigh, so "RAG",
  "retrieval augmented generation" and "Retrieval-Augmented Generation" must become one
  node; a curated alias list gives that unification, keyphrase extractors give variants;
- every assignment is explainable: the alias that matched is a phrase in the text.
The cost is coverage: a topic nobody listed is not found. Sources that bring their own
labels (arXiv categories, BibTeX keywords, OpenAlex topics) fill that gap, and their
labels go through `canonical_topic` so they join the same nodes.

Matching is leftmost-longest, case- and plural-insensitive (words are folded and singularized);
acronyms match only as upper-case whole words ("RAG", "LLMs"), never inside words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from coauthor_graph.domain.records import TopicRef
from coauthor_graph.domain.views import Topic
from coauthor_graph.identity.arxiv_taxonomy import category_topic
from coauthor_graph.identity.keys import normalize_text
from coauthor_graph.identity.subjects import same_subject

SCHEME = "keyword"
SCHEME_PRECEDENCE = ("openalex", "arxiv", SCHEME, "openalex-concept")
"""Which scheme's node stands for a subject several schemes name alike ("Information Retrieval" is an
arXiv category and a keyword): the taxonomy every source maps into, then the curated schemes."""


@dataclass(frozen=True, slots=True)
class VocabularyEntry:
    name: str
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    broader: str | None = None


VOCABULARY: tuple[VocabularyEntry, ...] = (
    VocabularyEntry("large language models", ("large language model", "llm based", "language model"), ("LLM", "LLMs")),
    VocabularyEntry(
        "multimodal large language models",
        ("multimodal large language model", "multimodal llm", "multi modal large language model"),
        ("MLLM", "MLLMs"),
        broader="large language models",
    ),
    VocabularyEntry("foundation models", ("foundation model",)),
    VocabularyEntry("federated learning", ("federated", "federated learning"), ("FL",)),
    VocabularyEntry(
        "retrieval-augmented generation",
        ("retrieval augmented generation", "retrieval augmented"),
        ("RAG",),
        broader="large language models",
    ),
    VocabularyEntry("information retrieval", ("retrieval", "retriever", "search engine")),
    VocabularyEntry(
        "recommender systems", ("recommender system", "recommendation system", "recommender", "recommendation")
    ),
    VocabularyEntry(
        "sequential recommendation",
        ("sequential recommendation", "sequential recommender", "next item recommendation"),
        broader="recommender systems",
    ),
    VocabularyEntry(
        "cross-domain recommendation",
        ("cross domain recommendation", "cross domain sequential recommendation"),
        broader="recommender systems",
    ),
    VocabularyEntry("user preference modeling", ("preference modeling", "user preference", "preference model")),
    VocabularyEntry(
        "diffusion models", ("diffusion model", "guided diffusion", "denoising diffusion", "conditional diffusion")
    ),
    VocabularyEntry(
        "knowledge distillation",
        ("knowledge distillation", "distillation", "online distillation", "online knowledge distillation"),
        ("KD",),
        broader="model compression",
    ),
    VocabularyEntry("model compression", ("model compression", "teacher model", "student model", "teacher network")),
    VocabularyEntry("multimodal learning", ("multimodal", "multi modal", "cross modal", "vision language")),
    VocabularyEntry("contrastive learning", ("contrastive learning", "contrastive")),
    VocabularyEntry("self-supervised learning", ("self supervised",)),
    VocabularyEntry("reinforcement learning", ("reinforcement learning", "policy optimization")),
    VocabularyEntry(
        "off-policy evaluation",
        ("off policy evaluation", "off policy estimator"),
        ("OPE",),
        broader="reinforcement learning",
    ),
    VocabularyEntry("alignment", ("preference alignment", "alignment", "human preference")),
    VocabularyEntry(
        "in-context learning", ("in context learning", "demonstration"), ("ICL",), broader="large language models"
    ),
    VocabularyEntry("prompt learning", ("prompt learning", "prompt tuning", "prompting", "prompt based")),
    VocabularyEntry("fine-tuning", ("fine tuning", "finetuning", "fine tuned")),
    VocabularyEntry("agents", ("agentic", "agent", "multi agent")),
    VocabularyEntry("reasoning", ("reasoning", "multi hop", "chain of thought")),
    VocabularyEntry("memory", ("memory system", "long term memory", "hybrid memory", "graph memory")),
    VocabularyEntry("question answering", ("question answering",), ("QA",)),
    VocabularyEntry("hallucination", ("hallucination", "hallucinated", "faithfulness", "unfaithfulness")),
    VocabularyEntry("scene graphs", ("scene graph",)),
    VocabularyEntry("visual grounding", ("visual grounding", "evidence grounding", "grounding")),
    VocabularyEntry("vision-and-language navigation", ("vision and language navigation",), ("VLN",)),
    VocabularyEntry("point clouds", ("point cloud",)),
    VocabularyEntry(
        "point cloud registration",
        ("point cloud registration", "point cloud i2p registration"),
        ("I2P",),
        broader="point clouds",
    ),
    VocabularyEntry(
        "causal inference", ("causal inference", "counterfactual inference", "counterfactual", "causal graph")
    ),
    VocabularyEntry("debiasing", ("debiasing", "popularity bias", "sentiment bias", "selection bias", "exposure bias")),
    VocabularyEntry("sentiment analysis", ("sentiment",)),
    VocabularyEntry("transformers", ("transformer", "self attention")),
    VocabularyEntry(
        "graph neural networks", ("graph neural network", "graph convolutional network"), ("GNN", "GNNs", "GCN")
    ),
    VocabularyEntry("knowledge graphs", ("knowledge graph",)),
    VocabularyEntry(
        "uncertainty quantification", ("uncertainty quantification", "uncertainty aware", "uncertainty estimation")
    ),
    VocabularyEntry("privacy", ("privacy", "privacy preserving", "differential privacy")),
    VocabularyEntry("deep learning", ("deep learning", "deep neural network", "neural network"), ("DNN", "DNNs")),
    VocabularyEntry("adversarial learning", ("adversarial",)),
    VocabularyEntry("mutual learning", ("mutual learning",)),
)

_WORD = re.compile(r"\w+", re.UNICODE)
_ARXIV_CODE = re.compile(r"^(?:[a-z]+(?:-[a-z]+)?\.[A-Z]{2}|quant-ph|hep-(?:th|ph|ex|lat)|gr-qc|astro-ph)$")
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z]s?\b|\b[A-Z]{2,}s?\b")


def singular(word: str) -> str:
    """A rough English singular, enough to make 'models' match 'model' and 'queries' 'query'."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


def _words(text: str) -> tuple[str, ...]:
    return tuple(singular(word) for word in normalize_text(text).split())


def _build_index() -> tuple[dict[tuple[str, ...], str], dict[str, str], dict[str, int]]:
    phrases: dict[tuple[str, ...], str] = {}
    acronyms: dict[str, str] = {}
    longest_from: dict[str, int] = {}
    for entry in VOCABULARY:
        for alias in (entry.name, *entry.aliases):
            words = _words(alias)
            phrases.setdefault(words, entry.name)
            longest_from[words[0]] = max(longest_from.get(words[0], 0), len(words))
        for acronym in entry.acronyms:
            acronyms[acronym] = entry.name
    return phrases, acronyms, longest_from


_PHRASES, _ACRONYMS, _LONGEST_FROM = _build_index()
"""Phrases by their words; acronyms; and, per word that starts a phrase, the longest such phrase."""
_ML, _NLP, _AI, _CV = "machine learning", "computation and language", "artificial intelligence", "computer vision"
SUBJECT_OF: dict[str, str] = {
    **dict.fromkeys(
        (
            "foundation models",
            "federated learning",
            "diffusion models",
            "model compression",
            "multimodal learning",
            "contrastive learning",
            "self-supervised learning",
            "reinforcement learning",
            "fine-tuning",
            "causal inference",
            "debiasing",
            "transformers",
            "graph neural networks",
            "uncertainty quantification",
            "deep learning",
            "adversarial learning",
            "mutual learning",
        ),
        _ML,
    ),
    **dict.fromkeys(
        ("large language models", "prompt learning", "question answering", "hallucination", "sentiment analysis"),
        _NLP,
    ),
    **dict.fromkeys(("alignment", "agents", "reasoning", "memory", "knowledge graphs"), _AI),
    **dict.fromkeys(("scene graphs", "visual grounding", "vision-and-language navigation", "point clouds"), _CV),
    "recommender systems": "information retrieval",
    "user preference modeling": "information retrieval",
    "privacy": "cryptography and security",
}
"""The subject each vocabulary root is a narrower topic of (`identity.subjects` maps the name to its one node:
arXiv's cs.LG, cs.CL, cs.IR, cs.CR, OpenAlex's subfields Artificial Intelligence and Computer Vision and
Pattern Recognition), so the vocabulary hangs from the taxonomy and `--topic "machine learning"` takes in
federated learning."""
_ENTRIES = {entry.name: entry for entry in VOCABULARY}


@cache
def _topic(name: str) -> TopicRef:
    entry = _ENTRIES.get(name)
    if entry and entry.broader:
        broader: TopicRef | None = _topic(entry.broader)
    else:
        broader = same_subject(TopicRef(SUBJECT_OF[name], SCHEME)) if name in SUBJECT_OF else None
    return TopicRef(name=name, scheme=SCHEME, broader=broader)


@lru_cache(maxsize=1 << 14)
def canonical_topic(label: str) -> TopicRef:
    """A source's topic label as a Topic: an arXiv category code (`cs.CV`) as that category,
    a vocabulary name, synonym or acronym as its entry, anything else as itself."""
    stripped = label.strip()
    if _ARXIV_CODE.match(stripped):
        return category_topic(stripped)
    name = _ACRONYMS.get(stripped) or _PHRASES.get(_words(stripped))
    return _topic(name) if name else TopicRef(name=" ".join(stripped.split()).lower(), scheme=SCHEME)


def extract_topics(*texts: str | None) -> tuple[TopicRef, ...]:
    """Vocabulary topics found in the texts, in vocabulary order (so the result is stable)."""
    found: set[str] = set()
    for text in texts:
        if not text:
            continue
        words = _words(text)
        start = 0
        while start < len(words):
            # Leftmost-longest: "retrieval augmented generation" is one topic, not also "retrieval".
            longest = _LONGEST_FROM.get(words[start], 0)
            for length in range(min(longest, len(words) - start), 0, -1):
                name = _PHRASES.get(words[start : start + length])
                if name:
                    found.add(name)
                    start += length
                    break
            else:
                start += 1
        for match in _ACRONYM.finditer(text):
            name = _ACRONYMS.get(match.group(0))
            if name:
                found.add(name)
    return tuple(_topic(entry.name) for entry in VOCABULARY if entry.name in found)


def preferred_topic(topics: Sequence[Topic]) -> Topic | None:
    """The one topic several schemes' nodes of one name stand for (SCHEME_PRECEDENCE, then the smallest
    id), or None when their names differ: then they are different subjects a name happens to match."""
    if len({normalize_text(topic.name) for topic in topics}) != 1:
        return None
    rank = {scheme: i for i, scheme in enumerate(SCHEME_PRECEDENCE)}
    return min(topics, key=lambda topic: (rank.get(topic.scheme, len(rank)), topic.id))
