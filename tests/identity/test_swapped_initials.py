"""Initials a hand-kept list prints swapped are read the right way round, and only those."""

from __future__ import annotations

import random

from coauthor_graph.domain.records import AuthorRef, PaperRecord
from coauthor_graph.identity.swapped_initials import repaired


def _paper(title: str, *names: str) -> PaperRecord:
    return PaperRecord(title=title, authors=tuple(AuthorRef(n, i) for i, n in enumerate(names, 1)), source="bibtex")


def _names(records: list[PaperRecord]) -> list[list[str]]:
    return [[a.name for a in record.authors] for record in records]


GROUP = [
    _paper("Beams", "Wolfgang A. Wall", "A.R. Bausch"),
    _paper("Rods", "C.J. Cyron", "W.A. Wall"),
    _paper("Springs", "Christian J. Cyron", "A.R. Bausch"),
    _paper("Filaments", "J.C. Cyron", "A.R. Bausch", "A.W. Wall"),
]


def test_swapped_initials_are_read_the_right_way_round_in_any_order():
    fixed = _names(repaired(GROUP))
    assert fixed[3] == ["C. J. Cyron", "A.R. Bausch", "W. A. Wall"]
    assert fixed[:3] == _names(GROUP[:3])  # the rest as printed
    shuffled = random.Random(7).sample(GROUP, len(GROUP))
    assert sorted(_names(repaired(shuffled))) == sorted(fixed)


def test_a_name_someone_in_the_list_may_be_as_printed_is_left_alone():
    rival = [*GROUP, _paper("Gels", "Andreas W. Wall", "K. Jones")]
    assert _names(repaired(rival))[3] == ["C. J. Cyron", "A.R. Bausch", "A.W. Wall"]


def test_the_more_often_printed_spelling_is_never_the_slip():
    even = [_paper("Beams", "W.A. Wall", "A. Popp"), _paper("Tides", "A.W. Wall", "A. Popp")]
    assert _names(repaired(even)) == _names(even)  # one each: which is the slip is not known


def test_without_a_shared_co_author_nothing_is_read_swapped():
    strangers = [_paper("Beams", "Wolfgang A. Wall", "A. Popp"), _paper("Tides", "A.W. Wall", "K. Jones")]
    assert _names(repaired(strangers)) == _names(strangers)
