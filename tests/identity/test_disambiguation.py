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
