from coauthor_graph.domain.records import VenueRef
from coauthor_graph.loaders.venues import canonical_venue


def test_one_conference_under_its_many_names():
    names = [
        "Proc. of the 47th ACM SIGIR Conference on Research and Development in Information Retrieval",
        "SIGIR '24",
        "SIGIR 2024",
        "Proceedings of the 45th International ACM Conference on Research and Development in Information Retrieval",
    ]
    assert {canonical_venue(VenueRef(name, "unknown")) for name in names} == {VenueRef("SIGIR", "conference")}


def test_acronyms_match_as_words_only():
    assert canonical_venue(VenueRef("Proceedings of NAACL-HLT 2019", "conference")).name == "NAACL"
    assert canonical_venue(VenueRef("Findings of ACL 2023", "conference")).name == "ACL"
    assert canonical_venue(VenueRef("CoRR", "journal")) == VenueRef("arXiv", "preprint server")


def test_other_venues_lose_only_years_editions_and_proceedings():
    assert canonical_venue(VenueRef("Proceedings of the 12th Workshop on Graph Things 2021", "conference")) == VenueRef(
        "Workshop on Graph Things", "conference"
    )
    assert canonical_venue(VenueRef("Journal of Biomechanical Engineering", "journal")).name == (
        "Journal of Biomechanical Engineering"
    )
