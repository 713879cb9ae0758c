"""Venue names as sources write them, brought to one name per venue.

`Proc. of the 47th ACM SIGIR Conference on Research and Development in Information
Retrieval`, `SIGIR '24` and `SIGIR 2024` are one venue, SIGIR, a conference. Well-known
venues are recognised by a curated table (their acronym as a word, or a phrase of their
long name), for the same reasons the topic vocabulary is curated: deterministic, offline,
explainable. Other names are cleaned conservatively: years, edition ordinals and
"Proceedings of the" are dropped, so one series' editions share one node; the words that
name the venue are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from coauthor_graph.domain.records import VenueRef
from coauthor_graph.identity.keys import normalize_text


@dataclass(frozen=True, slots=True)
class KnownVenue:
    name: str
    kind: str
    acronyms: tuple[str, ...]
    phrases: tuple[str, ...] = ()


KNOWN_VENUES: tuple[KnownVenue, ...] = (
    KnownVenue("SIGIR", "conference", ("SIGIR",), ("research and development in information retrieval",)),
    KnownVenue("KDD", "conference", ("KDD", "SIGKDD"), ("knowledge discovery and data mining",)),
    KnownVenue("NeurIPS", "conference", ("NeurIPS", "NIPS"), ("neural information processing systems",)),
    KnownVenue("ICML", "conference", ("ICML",), ("international conference on machine learning",)),
    KnownVenue("ICLR", "conference", ("ICLR",), ("international conference on learning representations",)),
    KnownVenue("ACL", "conference", ("ACL",), ("annual meeting of the association for computational linguistics",)),
    KnownVenue("EMNLP", "conference", ("EMNLP",), ("empirical methods in natural language processing",)),
    KnownVenue(
        "NAACL", "conference", ("NAACL", "NAACL-HLT"), ("north american chapter of the association for computational",)
    ),
    KnownVenue("CVPR", "conference", ("CVPR",), ("computer vision and pattern recognition",)),
    KnownVenue("ICCV", "conference", ("ICCV",), ("international conference on computer vision",)),
    KnownVenue("ECCV", "conference", ("ECCV",), ("european conference on computer vision",)),
    KnownVenue("AAAI", "conference", ("AAAI",), ("aaai conference on artificial intelligence",)),
    KnownVenue("IJCAI", "conference", ("IJCAI",), ("international joint conference on artificial intelligence",)),
    KnownVenue(
        "The Web Conference", "conference", ("WWW", "TheWebConf"), ("the web conference", "world wide web conference")
    ),
    KnownVenue("WSDM", "conference", ("WSDM",), ("web search and data mining",)),
    KnownVenue("CIKM", "conference", ("CIKM",), ("conference on information and knowledge management",)),
    KnownVenue("RecSys", "conference", ("RecSys",), ("conference on recommender systems",)),
    KnownVenue("ICDE", "conference", ("ICDE",), ("international conference on data engineering",)),
    KnownVenue("SIGMOD", "conference", ("SIGMOD",), ("international conference on management of data",)),
    KnownVenue("VLDB", "conference", ("VLDB", "PVLDB"), ("very large data bases",)),
    KnownVenue("ICASSP", "conference", ("ICASSP",), ("acoustics, speech and signal processing",)),
    KnownVenue("arXiv", "preprint server", ("arXiv", "CoRR"), ()),
)

_YEAR = re.compile(r"(?:'\d{2}\b|\b(?:19|20)\d{2}\b)")
_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.IGNORECASE)
_PROCEEDINGS = re.compile(r"^\s*(?:proceedings|proc\.?)\s+(?:of\s+)?(?:the\s+)?", re.IGNORECASE)


@lru_cache(maxsize=1 << 14)
def canonical_venue(venue: VenueRef) -> VenueRef:
    """The venue's one name: a known venue by acronym or long name, else the cleaned name."""
    words = set(re.findall(r"[A-Za-z][A-Za-z\-]*", venue.name))
    folded = normalize_text(venue.name)
    for known in KNOWN_VENUES:
        if any(acronym in words for acronym in known.acronyms) or any(
            normalize_text(phrase) in folded for phrase in known.phrases
        ):
            return VenueRef(name=known.name, kind=known.kind, issn=venue.issn)
    cleaned = " ".join(_PROCEEDINGS.sub("", _ORDINAL.sub(" ", _YEAR.sub(" ", venue.name))).split()).strip(" ,.:;-")
    return VenueRef(name=cleaned or venue.name, kind=venue.kind, issn=venue.issn)
