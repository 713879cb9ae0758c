"""The stored nodes a batch may be, plus those the batch creates: the look-ups `identity.resolution` asks.

Filled once per batch from the store's answers (`write_plan.questions`), then kept up to date as the
batch resolves record after record, so two records of one batch resolve as they would in sequence.
"""

from __future__ import annotations

from collections.abc import Iterable

from coauthor_graph.identity import resolution
from coauthor_graph.write_plan.questions import StoredAuthor, StoredPaper, StoredVenue


class AuthorRegistry:
    """A resolution.AuthorLookup over the batch's authors."""

    def __init__(self, stored: Iterable[StoredAuthor]) -> None:
        self.by_strong_key: dict[str, str] = {}
        self.ids: set[str] = set()
        self.by_norm: dict[str, set[str]] = {}
        self.keys: dict[str, set[str]] = {}
        self.norm_of: dict[str, str] = {}
        self.redirects: dict[str, str] = {}
        """Former ids of merged authors -> the author that absorbed them."""
        for author in stored:
            self.remember(author.id, author.norm_name, author.keys)
            if author.former_id is not None:
                self.redirects[author.former_id] = author.id

    def remember(self, node_id: str, norm: str, keys: Iterable[str]) -> None:
        self.ids.add(node_id)
        self.norm_of[node_id] = norm
        self.by_norm.setdefault(norm, set()).add(node_id)
        held = self.keys.setdefault(node_id, set())
        for key in keys:
            held.add(key)
            self.by_strong_key.setdefault(key, node_id)

    def by_key(self, key: str) -> str | None:
        return self.by_strong_key.get(key)

    def by_id(self, node_id: str) -> str | None:
        return node_id if node_id in self.ids else self.redirects.get(node_id)

    def homonyms(self, norm: str) -> list[str]:
        return sorted(self.by_norm.get(norm, ()))[:2]

    def keys_of(self, node: str) -> set[str]:
        return self.keys.get(node, set())


class PaperRegistry:
    """A resolution.PaperLookup over the batch's papers."""

    def __init__(self, stored: Iterable[StoredPaper]) -> None:
        self.by_doi_key: dict[str, str] = {}
        self.by_arxiv_key: dict[str, str] = {}
        self.by_fingerprint_key: dict[str, set[str]] = {}
        self.by_record_key: dict[str, str] = {}
        self.keys: dict[str, tuple[str | None, str | None]] = {}
        self.records: dict[str, set[str]] = {}
        self.descriptions: dict[str, tuple[str, list[str]]] = {}
        for paper in stored:
            self.remember(paper.id, paper.doi, paper.arxiv_id, paper.fingerprint)
            self.descriptions[paper.id] = (paper.title, list(paper.sources))
            for record in paper.records:
                self.remember_record(paper.id, record)

    def remember(self, node_id: str, doi: str | None, arxiv_id: str | None, fingerprint: str) -> None:
        """Note a paper's keys; a DOI or arXiv id already held by another paper stays with that one."""
        if doi and not resolution.may_attach(self.by_doi_key.setdefault(doi, node_id), node_id):
            doi = None
        if arxiv_id and not resolution.may_attach(self.by_arxiv_key.setdefault(arxiv_id, node_id), node_id):
            arxiv_id = None
        stored_doi, stored_arxiv = self.keys.get(node_id, (None, None))
        self.keys[node_id] = (stored_doi or doi, stored_arxiv or arxiv_id)
        self.by_fingerprint_key.setdefault(fingerprint, set()).add(node_id)

    def remember_record(self, node_id: str, record: str) -> None:
        self.by_record_key.setdefault(record, node_id)
        self.records.setdefault(node_id, set()).add(record)

    def by_doi(self, doi: str) -> str | None:
        return self.by_doi_key.get(doi)

    def by_arxiv(self, arxiv_id: str) -> list[tuple[str, str | None]]:
        node = self.by_arxiv_key.get(arxiv_id)
        return [(node, self.keys[node][0])] if node else []

    def by_fingerprint(self, fingerprint: str) -> list[tuple[str, str | None, str | None]]:
        return [(node, *self.keys[node]) for node in sorted(self.by_fingerprint_key.get(fingerprint, ()))]

    def by_record(self, key: str) -> str | None:
        return self.by_record_key.get(key)

    def records_of(self, node: str) -> set[str]:
        return self.records.get(node, set())

    def described(self, node: str) -> tuple[str, list[str]]:
        return self.descriptions[node]


class VenueRegistry:
    """A resolution.VenueLookup over the batch's venues."""

    def __init__(self, stored: Iterable[StoredVenue]) -> None:
        self.issn_of: dict[str, str | None] = {}
        self.by_issn_key: dict[str, str] = {}
        for venue in stored:
            self.remember(venue.id, venue.issn)

    def remember(self, node_id: str, issn: str | None) -> None:
        stored = self.issn_of.get(node_id)
        self.issn_of[node_id] = stored or issn
        if stored is None and issn:
            self.by_issn_key.setdefault(issn, node_id)

    def by_issn(self, issn: str) -> str | None:
        return self.by_issn_key.get(issn)

    def by_id(self, node_id: str) -> tuple[str, str | None] | None:
        return (node_id, self.issn_of[node_id]) if node_id in self.issn_of else None
