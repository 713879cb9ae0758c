from coauthor_graph.identity.keys import (
    display_name,
    normalize_arxiv_id,
    normalize_doi,
    normalize_name,
    normalize_orcid,
    title_fingerprint,
)


def test_names_fold_case_accents_and_order():
    assert normalize_name("Köglmeier, Anna") == normalize_name("anna koglmeier") == "anna koglmeier"
    assert normalize_name("Bjørn Łukasz") == "bjorn lukasz"
    assert normalize_name("Jean-Pierre  Dupont") == "jean pierre dupont"


def test_display_names_keep_diacritics_and_turn_bibtex_order():
    assert display_name("Köglmeier, Anna") == "Anna Köglmeier"
    assert display_name("von Neumann, Jr., John") == "John von Neumann Jr."
    assert display_name("  Chengkai   Huang ") == "Chengkai Huang"


def test_initials_are_not_the_full_name():
    assert normalize_name("C. Huang") != normalize_name("Chengkai Huang")


def test_strong_ids_normalize():
    assert normalize_doi("https://doi.org/10.1145/3626772.3657700.") == "10.1145/3626772.3657700"
    assert normalize_doi("no doi here") is None
    assert normalize_arxiv_id("http://arxiv.org/abs/2409.15723v2") == "2409.15723"
    assert normalize_arxiv_id("arXiv:hep-th/9901001v1") == "hep-th/9901001"
    assert normalize_orcid("https://orcid.org/0000-0002-1825-009x") == "0000-0002-1825-009X"


def test_fingerprint_ignores_case_punctuation_and_accents_but_not_year():
    assert title_fingerprint("Semi-Online Knowledge Distillation", 2021) == title_fingerprint(
        "semi online knowledge distillation.", 2021
    )
    assert title_fingerprint("Semi-Online Knowledge Distillation", 2021) != title_fingerprint(
        "Semi-Online Knowledge Distillation", 2022
    )
