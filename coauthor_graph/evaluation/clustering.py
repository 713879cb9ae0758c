"""Scores of a clustering against true labels: pairwise and B-cubed precision, recall and F1.

B-cubed (Bagga & Baldwin 1998) is S2AND's headline metric for author disambiguation; the
pairwise scores weigh large persons more. Both are computed per name block and then
macro-averaged over blocks or pooled over records, as the fixtures' README asks.

    >>> b_cubed(["x", "x", "y"], [1, 1, 1]).precision
    1.0
    >>> round(b_cubed(["x", "x", "y"], [1, 1, 1]).recall, 3)
    0.556
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def b_cubed(predicted: Sequence[Hashable], true: Sequence[Hashable]) -> Scores:
    """Per record: the share of its predicted cluster that is truly its person (precision) and
    the share of its person that its predicted cluster holds (recall), averaged over records."""
    joint = Counter(zip(predicted, true, strict=True))
    by_predicted = Counter(predicted)
    by_true = Counter(true)
    n = len(predicted)
    precision = sum(count * count / by_predicted[p] for (p, _), count in joint.items()) / n
    recall = sum(count * count / by_true[t] for (_, t), count in joint.items()) / n
    return Scores(precision, recall)


def pairwise(predicted: Sequence[Hashable], true: Sequence[Hashable]) -> Scores:
    """Over all pairs of records: pairs put together that are one person, over those put together
    (precision) and over those that are one person (recall). No pair at all scores 1."""

    def pairs(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter(zip(predicted, true, strict=True)))
    together, same = pairs(Counter(predicted)), pairs(Counter(true))
    return Scores(both / together if together else 1.0, both / same if same else 1.0)


def per_block(
    blocks: Sequence[Hashable], predicted: Sequence[Hashable], true: Sequence[Hashable], metric=b_cubed
) -> dict[Hashable, Scores]:
    """The metric within each block of records."""
    rows: dict[Hashable, list[int]] = defaultdict(list)
    for i, block in enumerate(blocks):
        rows[block].append(i)
    return {
        block: metric([predicted[i] for i in members], [true[i] for i in members]) for block, members in rows.items()
    }


def macro(scores: Sequence[Scores]) -> Scores:
    """The mean precision and recall over blocks (F1 from those means)."""
    return Scores(sum(s.precision for s in scores) / len(scores), sum(s.recall for s in scores) / len(scores))
