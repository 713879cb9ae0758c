"""Identity rules: when two mentions are the same author, paper, topic or venue.

Every store resolves identity through these functions, so a node's id is the same
whichever store holds it and however often the data is reloaded.

Papers match by DOI, then arXiv id, then a title fingerprint with the year. Authors
match by ORCID or a source id when one is present, else by normalized name; two
authors whose strong ids differ are never merged.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from coauthor_graph.identity.names import display_name, fold, normalize_name

__all__ = ["display_name", "fold", "normalize_name"]  # read by loaders and stores from here as well

STRONG_ID_KINDS = ("orcid", "openalex", "dblp", "scopus", "semantic_scholar")
"""Author ids that identify a person: no two people share one. Each is an indexed property in Neo4j."""

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"'<>{}]+", re.IGNORECASE)
"""A DOI inside any text, also inside HTML or BibTeX braces: quotes, angle brackets and braces end it."""
_ARXIV_NEW = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?$")
_ARXIV_OLD = re.compile(r"([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE)
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", re.IGNORECASE)


def normalize_text(text: str) -> str:
    """Folded words separated by single spaces, for fingerprints and topic matching."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def institution_names(names: Iterable[object]) -> tuple[str, ...]:
    """An authorship's institutions as printed, blanks and repeats left out, in the source's order."""
    cleaned = (" ".join(name.split()) for name in names if isinstance(name, str))
    return tuple(dict.fromkeys(name for name in cleaned if name))


def normalize_doi(raw: str | None) -> str | None:
    """'https://doi.org/10.1145/ABC.' -> '10.1145/abc'; None when the text holds no DOI."""
    if not raw:
        return None
    match = _DOI.search(raw)
    if not match:
        return None
    return match.group(0).rstrip(".,;)]}").lower()


def normalize_arxiv_id(raw: str | None) -> str | None:
    """'http://arxiv.org/abs/2409.15723v2' -> '2409.15723'; versions are one paper."""
    if not raw:
        return None
    text = raw.strip().removeprefix("arXiv:").removeprefix("arxiv:")
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        match = pattern.search(text)
        if match:
            return match.group(1)
    return None


def normalize_orcid(raw: str | None) -> str | None:
    """'https://orcid.org/0000-0002-1825-0097' -> '0000-0002-1825-0097'."""
    if not raw:
        return None
    match = _ORCID.search(raw.strip())
    return match.group(1).upper() if match else None


_ISSN = re.compile(r"\b(\d{4})-?(\d{3}[\dXx])\b")


def normalize_issn(raw: str | None) -> str | None:
    """The first ISSN in the text, as '1234-567X'."""
    match = _ISSN.search(raw or "")
    return f"{match.group(1)}-{match.group(2).upper()}" if match else None


def title_fingerprint(title: str, year: int | None) -> str:
    """Digest of the folded title words with the year: the weakest paper key, fixed-size to index."""
    return _digest(f"{normalize_text(title)}|{year if year is not None else ''}")


def slug(text: str) -> str:
    return normalize_text(text).replace(" ", "-")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# --- node ids: prefixed by label so one id space serves `node(id)` lookups -----------------


def author_name_id(normalized_name: str) -> str:
    return f"author:{normalized_name.replace(' ', '-')}"


def author_strong_id(kind: str, value: str) -> str:
    return f"author:{kind}:{value}"


def paper_id(doi: str | None, arxiv_id: str | None, fingerprint: str, record: str | None = None) -> str:
    """The id a new paper gets from its strongest key (a source's record key, 'aan:J94-3002', before
    the title, which two records of one source may share); it never changes afterwards."""
    if doi:
        return f"paper:doi:{doi}"
    if arxiv_id:
        return f"paper:arxiv:{arxiv_id}"
    if record:
        return f"paper:{record}"
    return f"paper:title:{fingerprint}"


def topic_id(scheme: str, name: str, code: str | None) -> str:
    if code:
        return f"topic:{scheme}:{code}"
    return f"topic:{scheme}:{slug(name)}"


def venue_id(name: str) -> str:
    return f"venue:{slug(name)}"


def venue_issn_id(issn: str) -> str:
    """The id of a journal whose name is taken by another journal with a different ISSN."""
    return f"venue:issn:{issn}"


_STOP_WORDS = frozenset(
    "a an and are as at based by for from in into is its of on or over the to towards under using via with"
    " without new novel approach method methods study analysis".split()
)


def title_terms(title: str | None) -> set[str]:
    """The distinct informative words of one title, folded (case, diacritics) as search folds them: stop
    words, numbers and words under three letters left out. Recommendations match people by them, and
    the disambiguation stage compares mentions by them."""
    if not title:
        return set()
    return {w for w in normalize_text(title).split() if len(w) > 2 and w not in _STOP_WORDS and not w.isdigit()}
