"""Papers with more authors than a person can know leave co-authorship counting, as bibliometric tools do.

A physics or genomics collaboration paper lists 1,000-3,000 authors; pairing them all would make one
paper millions of COAUTHORED ties (86 s and 1.6 GB to load one such paper) and every member each
other's "co-author". VOSviewer and bibliometrix leave documents above a number of authors out of
co-authorship maps; here a paper with more than `MAX_PAIRED_AUTHORS` authors keeps every authorship
(it is on each author's list, counts for their topics and venues, and is a joint paper for conflict
checks) but adds no co-author pair, and its abbreviated names are not joined through its co-authors.

The limit is part of what the graph means, so it is a constant rather than a per-process setting:
two processes with different limits would write different pairs into one store. To change it, edit it
here and load the files into a new store. 100 is Cronin's "hyperauthorship" line (JASIST 52(7), 2001).
"""

from __future__ import annotations

MAX_PAIRED_AUTHORS = 100


def pairs_authors(authors: int) -> bool:
    """Whether a paper with this many distinct authors makes its authors co-authors."""
    return authors <= MAX_PAIRED_AUTHORS
