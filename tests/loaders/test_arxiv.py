"""arXiv: a real API response (tests/fixtures/arxiv), the snapshot layout, and hostile XML."""

from __future__ import annotations

import datetime as dt

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.loaders import arxiv
from coauthor_graph.loaders.registry import detect_format
from coauthor_graph.store.embedded.store import EmbeddedStore
from tests.conftest import DATA
from tests.fixture_files import fixture

FEED = fixture("arxiv/api-query-testing-100.atom.xml")
SNAPSHOT = DATA / "arxiv-snapshot.jsonl"


def test_api_feed():
    records = list(arxiv.load_atom(FEED))
    assert detect_format(FEED).name == "arxiv-atom"
    assert len(records) == 100 and sum(len(r.authors) for r in records) == 366
    assert sum(r.doi is not None for r in records) == 32
    first = records[0]
    assert (first.line, first.arxiv_id, first.date) == (10, "2202.12139", dt.date(2022, 2, 24))
    assert [a.name for a in first.authors] == ["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"]
    assert first.doi == "10.1109/icstw55395.2022.00035"
    assert [t.code for t in first.topics if t.scheme == "arxiv"] == ["cs.SE", "cs.LG"]  # primary first


async def test_feed_loads_once_however_often(tmp_path):
    store = EmbeddedStore(tmp_path / "arxiv.sqlite")
    first = await store.upsert(arxiv.load_atom(FEED))
    again = await store.upsert(arxiv.load_atom(FEED))
    assert first.created["Paper"] == 100 and not again.changed
    assert (await store.get("paper:doi:10.1109/icstw55395.2022.00035")).arxiv_id == "2202.12139"
    await store.close()


def test_snapshot_lines():
    assert detect_format(SNAPSHOT).name == "arxiv-jsonl"
    first, second = arxiv.load_snapshot(SNAPSHOT)
    assert [a.name for a in first.authors] == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"]
    assert first.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert (first.arxiv_id, first.date, first.doi) == ("0704.0001", dt.date(2007, 4, 2), "10.1103/physrevd.76.013009")
    assert [t.code for t in second.topics if t.scheme == "arxiv"] == ["cs.CL", "cs.AI", "cs.LG"]
    assert "large language models" in {t.name for t in second.topics}


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>arxiv &c;</title></feed>\n'
)
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>arxiv &secret;</title></entry></feed>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_hostile_xml_is_refused_without_expanding_anything(tmp_path, text):
    path = tmp_path / "hostile.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError, match="refused"):
        list(arxiv.load_atom(path))


def test_truncated_feed_names_its_line(tmp_path):
    path = tmp_path / "cut.xml"
    path.write_text(FEED.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    with pytest.raises(LoadError) as error:
        list(arxiv.load_atom(path))
    assert error.value.line is not None and "not well-formed" in error.value.reason
