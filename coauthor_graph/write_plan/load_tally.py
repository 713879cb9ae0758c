"""What a load changed, across its batches: created, updated and merged nodes, for its report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from coauthor_graph.domain.views import LABELS, UpsertReport


def _by_label() -> dict[str, set[str]]:
    return {"Author": set(), "Paper": set(), "Venue": set()}


@dataclass(slots=True)
class LoadTally:
    """Node ids per label the load created, updated (stored ones whose properties or edges changed)
    and matched (stored ones a record resolved to)."""

    records: int = 0
    created_ids: dict[str, set[str]] = field(default_factory=_by_label)
    created_counts: dict[str, int] = field(default_factory=lambda: {"Topic": 0})
    updated_ids: dict[str, set[str]] = field(default_factory=_by_label)
    matched_ids: dict[str, set[str]] = field(default_factory=lambda: {"Author": set(), "Paper": set()})
    relationships_created: int = 0
    doi_conflicts: list[str] = field(default_factory=list)
    identities_merged: int = 0

    def touched_authors(self) -> set[str]:
        """Authors the load created or matched: the disambiguation stage re-clusters their blocks."""
        return self.created_ids["Author"] | self.matched_ids["Author"]

    def merged_away(self, survivor: str, absorbed: Iterable[str]) -> None:
        """Authors the stage merged into `survivor` are neither created nor matched any more."""
        for node in absorbed:
            self.identities_merged += 1
            for ids in (self.created_ids, self.updated_ids, self.matched_ids):
                ids["Author"].discard(node)
        self.updated_ids["Author"].add(survivor)

    def created(self, label: str) -> int:
        return len(self.created_ids[label]) if label in self.created_ids else self.created_counts[label]

    def updated(self, label: str) -> int:
        if label not in self.updated_ids:
            return 0  # topics are only ever created
        return len(self.updated_ids[label] - self.created_ids[label])

    def merged(self, label: str) -> int:
        if label not in self.matched_ids:
            return 0
        return len(self.matched_ids[label] - self.created_ids[label])

    def absorb(self, batch: LoadTally) -> None:
        """Add a committed batch's tally (kept apart until then, so a retried batch counts once)."""
        self.records += batch.records
        self.relationships_created += batch.relationships_created
        self.doi_conflicts.extend(batch.doi_conflicts)
        self.identities_merged += batch.identities_merged
        for label, ids in batch.created_ids.items():
            self.created_ids[label] |= ids
        for label, count in batch.created_counts.items():
            self.created_counts[label] += count
        for label, ids in batch.updated_ids.items():
            self.updated_ids[label] |= ids
        for label, ids in batch.matched_ids.items():
            self.matched_ids[label] |= ids

    def report(self) -> UpsertReport:
        report = UpsertReport(
            records=self.records,
            relationships_created=self.relationships_created,
            doi_conflicts=list(self.doi_conflicts),
            identities_merged=self.identities_merged,
        )
        for label in LABELS:
            report.created[label] = self.created(label)
            report.updated[label] = self.updated(label)
            report.merged[label] = self.merged(label)
        return report
