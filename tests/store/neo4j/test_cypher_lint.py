"""Every Cypher statement the Neo4j adapter can send, and every Browser-guide query, checked
by Neo4j's own parser: zero errors, zero warnings (deprecations included)."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

from coauthor_graph.store.neo4j import queries
from coauthor_graph.store.neo4j.queries import Statement
from tests.conftest import ROOT
from tests.store.neo4j.cypherlint import lint

BROWSER_GUIDE = ROOT / "docs" / "neo4j-browser.md"


def adapter_statements() -> dict[str, Statement]:
    """Every module of `queries`, so a new one cannot escape the lint."""
    modules = [importlib.import_module(f"{queries.__name__}.{m.name}") for m in pkgutil.iter_modules(queries.__path__)]
    return {
        f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, Statement)
    }


def browser_guide_statements() -> dict[str, Statement]:
    blocks = re.findall(r"```cypher\n(.*?)```", BROWSER_GUIDE.read_text(encoding="utf-8"), re.S)
    return {f"browser-guide #{number}": Statement(block.strip()) for number, block in enumerate(blocks, start=1)}


def test_the_adapter_declares_exactly_the_parameters_each_statement_uses():
    for name, statement in adapter_statements().items():
        used = set(re.findall(r"\$([A-Za-z_]\w*)", statement.cypher))
        assert used == set(statement.parameters), name


@pytest.mark.slow
def test_every_adapter_statement_is_clean():
    statements = adapter_statements()
    assert len(statements) > 50
    report = lint(statements)
    assert {name: found for name, found in report.items() if found} == {}


@pytest.mark.slow
def test_browser_guide_has_a_dozen_clean_queries():
    statements = browser_guide_statements()
    assert len(statements) >= 12
    report = lint(statements)
    assert {name: found for name, found in report.items() if found} == {}


@pytest.mark.parametrize(
    ("cypher", "parameters", "expected"),
    [
        ("MATCH (a:Author {id: $id} RETURN a", ("id",), "Invalid input"),
        ("MATCH (a:Author {id: $id}) RETURN a", (), "Parameter $id is not defined"),
        ("MATCH (a:Author) RETURN id(a)", (), "deprecated"),
        ("CALL { MATCH (a:Author) RETURN a } RETURN a", (), "deprecated"),
    ],
)
def test_the_lint_catches_broken_statements(cypher, parameters, expected):
    (found,) = lint({"broken": Statement(cypher, parameters)}).values()
    assert any(expected in message for _, message in found), found
