"""Network exports on a real embedded store: what VOSviewer, Gephi, Cytoscape and Pajek read back is
the store's graph; the counting rules, checked by hand on a small graph."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from coauthor_graph.domain.views import PaperLinks
from coauthor_graph.services.exports import drawn_network, export_network
from coauthor_graph.services.network_files import VOSVIEWER_COLUMNS
from coauthor_graph.services.networks import NetworkOptions, NetworkScope, count_links
from coauthor_graph.store.embedded.store import EmbeddedStore

WHOLE = NetworkScope()


@pytest.fixture
async def sample(tmp_path, seed_records):
    store = EmbeddedStore(tmp_path / "sample.sqlite")
    await store.upsert(seed_records)
    yield store
    await store.close()


async def store_edges(store) -> dict[frozenset[str], int]:
    """Every co-authorship the store holds, with its joint papers, read through the co-author view."""
    authors = {a for p in await store.paper_links() for a in p.authors}
    edges = {}
    for author_id, ties in zip(sorted(authors), await store.coauthors_of(sorted(authors)), strict=True):
        for tie in ties:
            edges[frozenset((author_id, tie.coauthor.id))] = tie.papers
    return edges


async def test_gexf_and_graphml_read_back_as_the_stores_graph(sample):
    expected = await store_edges(sample)
    people = {a for p in await sample.paper_links() for a in p.authors}
    for fmt, name in (("gexf", "network.gexf"), ("graphml", "network.graphml")):
        files = await export_network(sample, WHOLE, NetworkOptions(), fmt)
        read = nx.read_gexf if fmt == "gexf" else nx.read_graphml
        graph = read(io.BytesIO(files[name]))
        assert set(graph.nodes) == people, fmt
        assert {frozenset(e): w for *e, w in graph.edges(data="weight")} == expected, fmt
        huang = graph.nodes["author:chengkai-huang"]
        assert huang["label"] == "Chengkai Huang" and huang["papers"] == 22 and huang["cluster"] >= 1


async def test_gexf_spells_play_the_growth(sample):
    files = await export_network(sample, WHOLE, NetworkOptions(), "gexf")
    graph = nx.read_gexf(io.BytesIO(files["network.gexf"]))
    assert graph.graph["mode"] == "dynamic"
    assert graph.nodes["author:chengkai-huang"]["spells"] == [(2021, 2026)]
    starts = {(a, b): data["spells"][0][0] for a, b, data in graph.edges(data=True)}
    assert min(starts.values()) == 2021 and max(starts.values()) == 2026


async def test_vosviewer_files_have_the_documented_columns(sample):
    scope = NetworkScope(authors=("author:chengkai-huang",))
    files = await export_network(sample, scope, NetworkOptions(), "vosviewer")
    rows = list(csv.DictReader(io.StringIO(files["map.txt"].decode()), delimiter="\t"))
    assert tuple(rows[0]) == VOSVIEWER_COLUMNS
    assert len(rows) == 33  # Chengkai Huang and his 32 co-authors
    huang = next(r for r in rows if r["label"] == "Chengkai Huang")
    assert (huang["weight<Documents>"], huang["weight<Links>"]) == ("22", "32")
    links = [line.split("\t") for line in files["network.txt"].decode().splitlines()]
    assert all(len(link) == 3 for link in links)
    ids = {r["id"] for r in rows}
    assert all(a in ids and b in ids and float(s) > 0 for a, b, s in links)
    document = json.loads(files["network.json"])["network"]
    assert len(document["items"]) == 33 and len(document["links"]) == len(links)
    assert set(document["items"][0]["weights"]) == {"Documents", "Links", "Total link strength"}


async def test_pajek_and_csv_carry_the_same_links(sample):
    scope = NetworkScope(authors=("author:chengkai-huang",))
    pajek = (await export_network(sample, scope, NetworkOptions(), "pajek"))["network.net"].decode()
    graph = nx.parse_pajek(pajek)
    tables = await export_network(sample, scope, NetworkOptions(), "csv")
    nodes = list(csv.DictReader(io.StringIO(tables["nodes.csv"].decode())))
    edges = list(csv.DictReader(io.StringIO(tables["edges.csv"].decode())))
    assert list(nodes[0])[:2] == ["Id", "Label"] and list(edges[0])[:4] == ["Source", "Target", "Type", "Weight"]
    label = {n["Id"]: n["Label"] for n in nodes}
    from_csv = sorted(tuple(sorted((label[e["Source"]], label[e["Target"]]))) + (float(e["Weight"]),) for e in edges)
    from_pajek = sorted(tuple(sorted((a, b))) + (float(w),) for a, b, w in graph.edges(data="weight"))
    assert from_csv == from_pajek and len(from_csv) > 32


async def test_the_same_data_gives_the_same_picture(sample):
    scope = NetworkScope(authors=("author:chengkai-huang",))
    first = await drawn_network(sample, scope, NetworkOptions())
    second = await drawn_network(sample, scope, NetworkOptions())
    assert first.positions == second.positions and first.groups == second.groups
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in first.positions.values())


# Counting by hand: p1 (2019) a, b, c at venue V; p2 (2020) a, b at V; p3 (2021) a, b, c, d, e at W.
PAPERS = [
    PaperLinks("p1", 2019, ("a", "b", "c"), ("t:x", "t:y"), "V"),
    PaperLinks("p2", 2020, ("a", "b"), ("t:x",), "V"),
    PaperLinks("p3", 2021, ("a", "b", "c", "d", "e"), ("t:y", "t:z"), "W"),
]


def strengths(network) -> dict[tuple[str, str], float]:
    return {(link.source, link.target): round(link.strength, 4) for link in network.links}


def test_full_counting_adds_one_per_paper():
    found = strengths(count_links(PAPERS, NetworkOptions()))
    assert found[("a", "b")] == 3 and found[("a", "c")] == 2 and found[("d", "e")] == 1 and len(found) == 10


def test_fractional_counting_shares_one_unit_per_paper():
    network = count_links(PAPERS, NetworkOptions(counting="fractional"))
    found = strengths(network)
    # a-b: 1/3 (p1) + 1 (p2) + 1/10 (p3); a-c: 1/3 + 1/10; d-e: 1/10
    assert found[("a", "b")] == round(1 / 3 + 1 + 1 / 10, 4) and found[("a", "c")] == round(1 / 3 + 1 / 10, 4)
    assert found[("d", "e")] == 0.1
    assert round(sum(link.strength for link in network.links), 6) == 3.0  # one unit per paper


def test_caps_and_thresholds():
    capped = count_links(PAPERS, NetworkOptions(max_authors=3))
    assert [n.id for n in capped.nodes] == ["a", "b", "c"] and strengths(capped)[("a", "b")] == 2
    at_least_two = count_links(PAPERS, NetworkOptions(min_papers=2))
    assert [n.id for n in at_least_two.nodes] == ["a", "b", "c"] and strengths(at_least_two)[("a", "b")] == 3
    assert [n.id for n in count_links(PAPERS, NetworkOptions(limit=2)).nodes] == ["a", "b"]
    # an ego network keeps its members, but a paper's fractional share is still split among all its authors
    ego = count_links(PAPERS, NetworkOptions(counting="fractional"), members={"a", "d"})
    assert strengths(ego) == {("a", "d"): 0.1}


def test_topic_and_venue_networks():
    topics = count_links(PAPERS, NetworkOptions(unit="topic"))
    assert strengths(topics) == {("t:x", "t:y"): 1, ("t:y", "t:z"): 1}
    assert {n.id: n.papers for n in topics.nodes} == {"t:x": 2, "t:y": 2, "t:z": 1}
    venues = count_links(PAPERS, NetworkOptions(unit="venue"))
    # a, b and c published in both V and W; the link starts when the first of them had both (2021)
    (link,) = venues.links
    assert (link.source, link.target, link.strength, link.papers, link.first_year) == ("V", "W", 3, 3, 2021)
    assert {n.id: n.papers for n in venues.nodes} == {"V": 2, "W": 1}


async def test_names_that_start_like_formulas_are_inert_in_spreadsheet_files(tmp_path):
    from coauthor_graph.loaders.jsonl import load as load_jsonl
    from coauthor_graph.services.conflict_tables import conflicts_csv
    from coauthor_graph.services.conflicts import check_conflicts

    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text(
        '{"title": "Formulas", "year": 2025, "authors": ["=1+2 Smith", "@SUM Jones", "Ann Archer"]}\n', encoding="utf-8"
    )
    store = EmbeddedStore(tmp_path / "hostile.sqlite")
    try:
        await store.upsert(load_jsonl(hostile))
        (ann,) = await store.find_author("Ann Archer")
        tables = await export_network(store, NetworkScope(authors=(ann.id,)), NetworkOptions(), "csv")
        labels = {n["Label"] for n in csv.DictReader(io.StringIO(tables["nodes.csv"].decode()))}
        assert labels == {"'=1+2 Smith", "'@SUM Jones", "Ann Archer"}
        report = await check_conflicts(store, ["Ann Archer"], ["=1+2 Smith"], as_of_year=2026)
        (row,) = csv.DictReader(io.StringIO(conflicts_csv(report)))
        assert row["reviewer_name"] == "'=1+2 Smith" and row["reviewer_as_given"] == "'=1+2 Smith"
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())
    finally:
        await store.close()
