"""Printed names read the same way everywhere: repaired, reordered, split into parts."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.identity.names import (
    compatible,
    display_name,
    name_parts,
    normalize_name,
    preferred_spelling,
)
from coauthor_graph.loaders import aan, bibtex, openalex


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("Callan, James, P.", "James P. Callan"),  # a stray comma inside the given names
        ("Kelleher, R. J., 3rd", "R. J. Kelleher 3rd"),
        ("Smith, Jr., John", "John Smith Jr."),
        ("Daumé III, Hal", "Hal Daumé III"),
        ("JosÃ© RaÃºl Romero", "José Raúl Romero"),  # UTF-8 read as Latin-1, repaired by ftfy
        ("Gi\x00ulia Rossi", "Giulia Rossi"),
        ("Beniamino DI MARTINO", "Beniamino Di Martino"),
        ("Wall W.A.", "W.A. Wall"),
        ("Gravemeier V", "V Gravemeier"),
        ("WA Wall", "WA Wall"),  # capitals written together are initials, not shouting
    ],
)
def test_names_are_read_as_people_write_them(printed, read):
    assert display_name(printed) == read


def test_one_person_printed_several_ways_has_one_block_and_compatible_parts():
    spellings = ["Wolfgang A. Wall", "W.A. Wall", "WA Wall", "Wall, W. A.", "Wolfgang Wall", "Wolfang A. Wall"]
    parts = [name_parts(s) for s in spellings]
    assert {p.block for p in parts} == {"wall w"}
    assert all(compatible(a, b) for a in parts for b in parts)
    assert normalize_name("WA Wall") == normalize_name("W.A. Wall") == "w a wall"
    assert name_parts("Hal Daumé III").block == name_parts("Daumé, Hal").block


def test_different_given_names_are_never_compatible():
    assert not compatible(name_parts("Alok Gupta"), name_parts("Ajay Gupta"))
    assert not compatible(name_parts("John A. Smith"), name_parts("John B. Smith"))
    assert compatible(name_parts("A. Gupta"), name_parts("Alok Gupta"))


def test_umlauts_written_out_share_a_block_and_agree_only_with_the_umlaut():
    """German umlauts are printed three ways: 'Hörmann', 'Hoermann' (written out) and 'Hormann' (dropped)."""
    umlaut, written_out, dropped = (name_parts(s) for s in ("Julia M. Hörmann", "J. Hoermann", "Julia Hormann"))
    assert umlaut.block == written_out.block == dropped.block == "hormann j"
    assert compatible(umlaut, written_out) and compatible(umlaut, dropped)
    assert not compatible(written_out, dropped)  # without the umlaut printed, two family names
    assert compatible(name_parts("KW Müller"), name_parts("K.W. Mueller"))
    assert name_parts("Wei Xue").block == name_parts("Wei Xu").block  # one block, as a key only
    assert not compatible(name_parts("Wei Xue"), name_parts("Wei Xu"))


def test_family_name_particles_are_no_middle_names():
    assert compatible(name_parts("M.H. de Vaal"), name_parts("M. de Vaal"))
    assert name_parts("Guglielmo, Giordano de") == name_parts("Giordano Guglielmo")
    assert name_parts("Do Van Minh").given == ("do", "van")  # capitalised: given names


def test_the_fullest_well_formed_spelling_is_shown():
    assert preferred_spelling(["Milica Gasic", "Milica Gašić", "M. Gasic"]) == "Milica Gašić"
    assert preferred_spelling(["Beniamino DI MARTINO", "Beniamino Di Martino"]) == "Beniamino Di Martino"
    assert preferred_spelling(["W.A. Wall", "Wolfgang A. Wall", "Wolfgang Wall"]) == "Wolfgang A. Wall"


def test_aan_doubled_entity_semicolons_invent_nobody(tmp_path):
    path = tmp_path / "acl-metadata.txt"
    path.write_text(
        "id = {P07-1033}\n"
        "author = {Daum&eacute;; III, Hal; Gispert, Adri&agrave;; de; &Oacute;; S&eacute;aghdha, Diarmuid}\n"
        "title = {Frustratingly Easy Domain Adaptation}\nvenue = {ACL}\nyear = {2007}\n",
        encoding="utf-8",
    )
    (record,) = list(aan.load(path))
    assert [display_name(a.name) for a in record.authors] == [
        "Hal Daumé III",
        "Adrià de Gispert",
        "Diarmuid Ó Séaghdha",
    ]


def test_bibtex_citation_lists_with_commas_are_several_people(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{x, author = {Rasthofer U., Wall W.A., Gravemeier V.}, title = {Turbulence}, year = {2012}}\n"
        "@article{y, author = {Callan, James, P. and Kelleher, R. J., 3rd}, title = {Retrieval}, year = {2001}}\n",
        encoding="utf-8",
    )
    first, second = bibtex.load(path)
    assert [display_name(a.name) for a in first.authors] == ["U. Rasthofer", "W.A. Wall", "V. Gravemeier"]
    assert [display_name(a.name) for a in second.authors] == ["James P. Callan", "R. J. Kelleher 3rd"]


@pytest.mark.parametrize(
    ("short_id", "kind"), [("I27837315", "institution"), ("S137773608", "source"), ("C41008148", "concept")]
)
def test_openalex_entities_that_are_not_works_or_authors_are_refused(tmp_path, short_id, kind):
    path = tmp_path / "entity.json"
    entity = {"id": f"https://openalex.org/{short_id}", "display_name": "University of Michigan", "works_count": 9}
    path.write_text(json.dumps(entity), encoding="utf-8")
    with pytest.raises(LoadError, match=f"OpenAlex {kind}"):
        list(openalex.load(path, dt.date(2026, 11, 28)))
