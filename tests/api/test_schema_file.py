"""The published schema: `schema.graphql` matches the code, and everything in it is described."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from coauthor_graph.schema.schema import build_schema, schema_sdl
from tests.conftest import ROOT


def test_schema_graphql_matches_the_code():
    written = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert written == schema_sdl(), "schema.graphql is stale: run `coauthor-graph export-schema`"


def test_every_type_field_and_argument_has_a_description():
    schema = build_schema()._schema
    missing = []
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for argument_name, argument in getattr(field, "args", {}).items():
                    if not argument.description:
                        missing.append(f"{name}.{field_name}({argument_name})")
        if isinstance(graphql_type, GraphQLEnumType):
            assert graphql_type.values
    assert missing == []
