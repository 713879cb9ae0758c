"""The Python API as an analyst uses it in a notebook: a real store on disk, real files, plain calls."""

from __future__ import annotations

import asyncio

import networkx as nx
import pytest

from coauthor_graph import Graph
from coauthor_graph.domain.errors import NotFoundError, StoreError
from tests.conftest import DATA, SEED, SEED_AS_OF


@pytest.fixture
def graph(tmp_path):
    with Graph.open(tmp_path / "notebook.sqlite") as opened:
        opened.load(SEED, as_of=SEED_AS_OF)
        yield opened


def test_loading_and_the_questions_as_tables(graph):
    assert graph.stats().nodes["Paper"] == 22
    coauthors = graph.coauthors("Chengkai Huang")
    assert list(coauthors.columns) == ["name", "id", "papers", "first_year", "last_year"]
    assert len(coauthors) == 32 and coauthors["papers"].is_monotonic_decreasing
    recommended = graph.recommend("Zihan Wang", limit=3)
    assert len(recommended) == 3 and recommended["score"].is_monotonic_decreasing
    assert "Chengkai Huang" in recommended["shared_coauthors"].iloc[0]


def test_a_path_is_one_row_a_hop(tmp_path):
    with Graph.open(tmp_path / "small.sqlite") as graph:
        graph.load(DATA / "small-graph.jsonl")
        hops = graph.path("Ann Archer", "Eve Evans")
        assert hops.to_dict("records") == [
            {"from": "Ann Archer", "to": "Dan Dorsey", "paper": "Canals of the east", "year": 2024},
            {"from": "Dan Dorsey", "to": "Eve Evans", "paper": "Weirs and dams", "year": 2024},
        ]
        assert graph.path("Ann Archer", "Fay Fischer").empty


def test_a_network_is_a_networkx_graph(graph):
    network = graph.network(["Chengkai Huang"])
    assert isinstance(network, nx.Graph) and network.number_of_nodes() == 33
    assert network.nodes["author:chengkai-huang"]["name"] == "Chengkai Huang"
    assert network.degree("author:chengkai-huang") == 32


def test_mistakes_are_the_services_errors(graph, tmp_path):
    with pytest.raises(NotFoundError):
        graph.coauthors("Nobody Atall")
    with pytest.raises(StoreError):
        Graph.open(tmp_path / "missing.sqlite", create=False)


def test_it_works_where_an_event_loop_already_runs(tmp_path):
    async def inside_a_running_loop() -> int:  # as in Jupyter
        with Graph.open(tmp_path / "loop.sqlite") as graph:
            graph.load(DATA / "small-graph.jsonl")
            return len(graph.coauthors("Dan Dorsey"))

    assert asyncio.run(inside_a_running_loop()) == 3
