"""The disambiguation stage as a function: order-independent, constrained, never guessing."""

from __future__ import annotations

import random

from coauthor_graph.identity.disambiguation import Signature, cluster


def test_clusters_are_a_function_of_the_set_of_signatures():
    signatures = [
        Signature(f"p{i}#1", name, f"p{i}", coauthors=frozenset(co), ids=ids)
        for i, (name, co, ids) in enumerate(
            [
                ("Wolfgang A. Wall", {"popp a"}, ()),
                ("W.A. Wall", {"popp a", "gee m"}, ()),
                ("WA Wall", {"gee m"}, ()),
                ("J. Smith", {"doe j"}, (("orcid", "0000-0001-0000-0001"),)),
                ("John Smith", {"doe j"}, (("orcid", "0000-0002-0000-0002"),)),  # another ORCID: never merged
                ("Jane Smith", {"doe j"}, ()),
            ]
        )
    ]
    expected = cluster(signatures)
    # 'J. Smith' fits 'Jane Smith' and shares her co-author; 'John Smith' has another ORCID than 'J. Smith'
    # and another given name than Jane: he stays alone.
    assert [sorted(c) for c in expected] == [["p0#1", "p1#1", "p2#1"], ["p3#1", "p5#1"], ["p4#1"]]
    rng = random.Random(14)
    for _ in range(20):
        rng.shuffle(signatures)
        assert cluster(signatures) == expected


def test_two_names_on_one_paper_are_two_people_unless_two_records_print_them_at_one_place():
    same_paper = [Signature("a", "Hal Daumé", "p1", position=1), Signature("b", "Hal Daumé", "p1", position=2)]
    assert len(cluster(same_paper)) == 2
    two_records = [Signature("a", "Wolfgang A. Wall", "p1", position=4), Signature("b", "W.A. Wall", "p1", position=4)]
    assert len(cluster(two_records)) == 1


def test_a_crowded_paper_keeps_its_names_apart_and_lets_one_of_them_join_its_other_paper():
    """A block of one paper's many names at one venue: none of them can be another (one paper), while
    the one whose other paper shares a co-author and the venue still joins it."""
    crowd = [
        Signature(
            f"big#{n:03d}", f"Ana{n:03d} Member", "big", position=n, venue="PRL", coauthors=frozenset({"x", f"y{n}"})
        )
        for n in range(1, 200)
    ]
    other = Signature("small#1", "Ana007 Member", "small", position=1, venue="PRL", coauthors=frozenset({"y7"}))
    found = cluster([*crowd, other])
    assert ["big#007", "small#1"] in found
    assert len(found) == len(crowd)
