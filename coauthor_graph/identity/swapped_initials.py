"""Initials printed in the wrong order in a hand-kept publication list: 'Wall, A.W.' for W.A. Wall.

A research group's or a researcher's own BibTeX list prints its people many times, and now and
then with two initials swapped. A swapped name lands in another block (`NameParts.block`: family
name and *first* initial), where the disambiguation stage never compares it with the person.
Within one list, the evidence is at hand, so the loader repairs the spelling before any store
sees it. A spelling is read the other way round only when all of these hold in the same file:

- it is printed in initials only, at least two of them, the first two different ('A.W. Wall');
- read swapped, it fits someone the list prints otherwise ('W.A. Wall', 'Wolfgang A. Wall');
- read as printed, it fits nobody else in the list (no 'A. Wall', no 'Andreas W. Wall');
- it shares a co-author with that someone: the same group;
- it is printed less often than that someone: the slip is the rarer spelling.

The outcome is a function of the file's entries, not of their order.

    >>> from coauthor_graph.domain.records import AuthorRef, PaperRecord
    >>> def paper(title, *names):
    ...     authors = tuple(AuthorRef(name, i) for i, name in enumerate(names, 1))
    ...     return PaperRecord(title=title, authors=authors, source="bibtex")
    >>> group = [paper("a", "W.A. Wall", "A. Popp"), paper("b", "W.A. Wall"), paper("c", "A.W. Wall", "A. Popp")]
    >>> [a.name for p in repaired(group) for a in p.authors]
    ['W.A. Wall', 'A. Popp', 'W.A. Wall', 'W. A. Wall', 'A. Popp']
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Sequence

from coauthor_graph.domain.records import PaperRecord
from coauthor_graph.identity.names import SUFFIXES, NameParts, compatible, display_name, family_key, name_parts


def repaired(records: Sequence[PaperRecord]) -> list[PaperRecord]:
    """The records, with every swapped spelling (see the module's docstring) read the right way round."""
    shown: dict[str, str] = {}
    """Each name as printed -> its spelling (`display_name`), read once however often it is printed."""
    for record in records:
        for author in record.authors:
            if author.name not in shown:
                shown[author.name] = display_name(author.name)
    printed = Counter(shown[a.name] for record in records for a in record.authors)
    parts = {spelling: name_parts(spelling) for spelling in printed}
    by_initials: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    """(family key, first initial, second initial or '') -> the spellings printed so."""
    for spelling in sorted(printed):
        by_initials[_initials_key(parts[spelling])].append(spelling)
    candidates = {
        spelling: fits for spelling in sorted(printed) if (fits := _swapped_fits(spelling, parts, by_initials, printed))
    }
    if not candidates:
        return list(records)
    wanted = set(candidates).union(*candidates.values())
    coauthors: dict[str, set[str]] = defaultdict(set)
    """Spelling -> the blocks of everyone it was printed beside, for the spellings in question."""
    for record in records:
        spellings = [shown[a.name] for a in record.authors]
        if wanted.intersection(spellings):
            blocks = {spelling: parts[spelling].block for spelling in spellings}
            for spelling in wanted.intersection(spellings):
                coauthors[spelling] |= {block for other, block in blocks.items() if other != spelling}
    fixes = {
        spelling: _read_swapped(spelling, parts[spelling])
        for spelling, fits in candidates.items()
        if any(coauthors[spelling] & coauthors[other] for other in fits)
    }
    return [_with_names(record, fixes, shown) for record in records]


def _initials_key(parts: NameParts) -> tuple[str, str, str]:
    family = family_key(parts.last)
    if not parts.given:
        return (family, "", "")
    return (family, parts.given[0][0], parts.given[1][0] if len(parts.given) > 1 else "")


def _swapped_fits(
    spelling: str,
    parts: dict[str, NameParts],
    by_initials: dict[tuple[str, str, str], list[str]],
    printed: Counter[str],
) -> list[str]:
    """The spellings a swappable spelling fits read the other way round, when it fits nobody as
    printed and is printed less often than they are; else none."""
    mine = parts[spelling]
    if len(mine.given) < 2 or any(len(g) != 1 for g in mine.given) or mine.given[0] == mine.given[1]:
        return []
    family, first, second = _initials_key(mine)
    swapped = NameParts((mine.given[1], mine.given[0], *mine.given[2:]), mine.last, mine.transliterated)

    def near(a: str, b: str) -> list[str]:
        """Spellings that could agree with given initials a, b: the same two, or only the first."""
        return [s for s in (*by_initials[family, a, b], *by_initials[family, a, ""]) if s != spelling]

    if any(compatible(mine, parts[other]) for other in near(first, second)):
        return []  # as printed, it may well be someone the list prints in full
    fits = [other for other in near(second, first) if compatible(swapped, parts[other])]
    if printed[spelling] >= sum(printed[other] for other in fits):
        return []
    if display_name(spelling).split()[-1].rstrip(".").casefold() in SUFFIXES:
        return []  # 'A.W. Wall Jr.': rare enough to leave as printed
    return fits


def _read_swapped(spelling: str, parts: NameParts) -> str:
    initials = (parts.given[1], parts.given[0], *parts.given[2:])
    return " ".join(f"{g.upper()}." for g in initials) + f" {display_name(spelling).split()[-1]}"


def _with_names(record: PaperRecord, fixes: dict[str, str], shown: dict[str, str]) -> PaperRecord:
    if not any(shown[a.name] in fixes for a in record.authors):
        return record
    authors = tuple(
        dataclasses.replace(a, name=fixes[shown[a.name]]) if shown[a.name] in fixes else a for a in record.authors
    )
    return dataclasses.replace(record, authors=authors)
