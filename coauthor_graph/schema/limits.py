"""Depth, alias and result-size limits that cost time linear in the document.

strawberry's `QueryDepthLimiter` and `MaxAliasesLimiter` walk every fragment spread anew, so a
1 KB document whose fragments each spread the next one twice (`fragment F0 { ...F1 ...F1 }` …
thirty deep) makes them walk 2^30 spreads, and one request stops the server. Here each fragment
is measured once and its depth and alias count are reused at every spread; counts multiply
(Python integers do not overflow), so such a document is refused at once for its 2^30 aliases.
The measures and messages are strawberry's: a field with a selection set is one level deeper than
its deepest child; introspection fields (`__schema`, `__type`) do not count.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_list_type,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension


class _Measure:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self._fragments = fragments
        self._known: dict[str, tuple[int, int]] = {}
        self._open: set[str] = set()

    def selections(self, selection_set: SelectionSetNode | None) -> tuple[int, int]:
        """(depth, aliases) of a selection set, fragments expanded."""
        depth = aliases = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                aliases += selection.alias is not None
                if selection.selection_set and not selection.name.value.startswith("__"):
                    inner_depth, inner_aliases = self.selections(selection.selection_set)
                    depth, aliases = max(depth, 1 + inner_depth), aliases + inner_aliases
            elif isinstance(selection, InlineFragmentNode):
                inner_depth, inner_aliases = self.selections(selection.selection_set)
                depth, aliases = max(depth, inner_depth), aliases + inner_aliases
            elif isinstance(selection, FragmentSpreadNode):
                inner_depth, inner_aliases = self.fragment(selection.name.value)
                depth, aliases = max(depth, inner_depth), aliases + inner_aliases
        return depth, aliases

    def fragment(self, name: str) -> tuple[int, int]:
        if name in self._known:
            return self._known[name]
        if name in self._open or name not in self._fragments:
            return 0, 0  # a cycle or an unknown fragment: graphql's own rules report those
        self._open.add(name)
        self._known[name] = self.selections(self._fragments[name].selection_set)
        self._open.discard(name)
        return self._known[name]


def operation_limits(max_depth: int, max_aliases: int) -> type[ValidationRule]:
    class OperationLimits(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            definitions = context.document.definitions
            measure = _Measure({d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)})
            total_aliases = 0
            for operation in (d for d in definitions if isinstance(d, OperationDefinitionNode)):
                depth, aliases = measure.selections(operation.selection_set)
                total_aliases += aliases
                if depth > max_depth:
                    name = operation.name.value if operation.name else "anonymous"
                    context.report_error(
                        GraphQLError(f"'{name}' exceeds maximum operation depth of {max_depth}", [operation])
                    )
            if total_aliases > max_aliases:
                context.report_error(GraphQLError(f"{total_aliases} aliases found. Allowed: {max_aliases}"))

    return OperationLimits


class _ItemCount:
    """How many list items an operation can ask for at most: GitHub's node limit, in our schema.

    A field with a `first` argument asks for that many items (the argument's value, a variable's,
    or its default) for each item above it; the list inside a `…Connection` is that page, not
    more. A list of objects without `first` (path hops, shared co-authors, a topic trajectory) is
    counted as `unpaged` items, what such lists hold in practice. A `first` outside 0…`max_page`
    counts as nothing: its argument's own check refuses it. Each fragment is
    counted once and its count reused at every spread, so counting is linear in the document.
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
        unpaged: int,
        max_page: int,
    ) -> None:
        self._schema = schema
        self._fragments = fragments
        self._variables = variables
        self._unpaged = unpaged
        self._max_page = max_page
        self._known: dict[str, int] = {}
        self._open: set[str] = set()

    def selections(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None) -> int:
        """Items asked for under one object of type `parent`."""
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self._schema.get_type(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, inner)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value)
        return total

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None) -> int:
        fields = getattr(parent, "fields", None)
        field = fields.get(node.name.value) if fields and not node.name.value.startswith("__") else None
        if field is None or node.selection_set is None:
            return 0
        inner = get_named_type(field.type)
        if "first" in field.args:
            items = self._first(node, field)
        elif is_list_type(get_nullable_type(field.type)) and not parent.name.endswith("Connection"):  # type: ignore[union-attr]
            items = self._unpaged
        else:
            return self.selections(node.selection_set, inner)
        return items * (1 + self.selections(node.selection_set, inner))

    def _first(self, node: FieldNode, field: GraphQLField) -> int:
        argument = next((a for a in node.arguments or () if a.name.value == "first"), None)
        value = field.args["first"].default_value if argument is None else None
        if isinstance(argument and argument.value, IntValueNode):
            value = int(argument.value.value)  # type: ignore[union-attr]
        elif isinstance(argument and argument.value, VariableNode):
            value = self._variables.get(argument.value.name.value)  # type: ignore[union-attr]
        valid = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= self._max_page
        return value if valid else 0  # type: ignore[return-value]

    def _fragment(self, name: str) -> int:
        if name in self._known:
            return self._known[name]
        if name in self._open or name not in self._fragments:
            return 0  # a cycle or an unknown fragment: graphql's own rules report those
        self._open.add(name)
        fragment = self._fragments[name]
        self._known[name] = self.selections(
            fragment.selection_set, self._schema.get_type(fragment.type_condition.name.value)
        )
        self._open.discard(name)
        return self._known[name]


def requested_items(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    unpaged: int,
    max_page: int,
) -> int:
    """The most list items the operation `operation_name` of `document` can ask for (`_ItemCount`)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0  # graphql's own execution says which operation is missing
    count = _ItemCount(
        schema,
        {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)},
        variables or {},
        unpaged,
        max_page,
    )
    return count.selections(operation.selection_set, schema.get_root_type(operation.operation))


class ResultSizeLimit(SchemaExtension):
    """Refuses, before any resolver runs, an operation that can ask for more than `max_items` list items.

    Each page is capped (`first` ≤ 100), but pages nest: 30 aliases of co-authors × their papers ×
    those papers' authors ask for 1.65 million items; completing them kept the event loop busy for
    25 s against a 10 s time limit, other requests waiting up to 20 s (100k papers,
    `benchmarks/event_loop.py`). Counted with the request's variables: `first: $n` costs what `n` is."""

    def __init__(self, *, max_items: int, unpaged: int, max_page: int) -> None:
        self.max_items = max_items
        self.unpaged = unpaged
        self.max_page = max_page

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None:
            items = requested_items(
                context.schema._schema,
                context.graphql_document,
                context.operation_name,
                context.variables,
                self.unpaged,
                self.max_page,
            )
            if items > self.max_items:
                message = (
                    f"the operation can ask for {items:,} list items; the limit is {self.max_items:,}:"
                    " ask for smaller pages (`first`) or fewer nested lists, and page through the rest"
                )
                context.result = GraphQLExecutionResult(data=None, errors=[GraphQLError(message)])
        yield


def _root_fields(document: DocumentNode, operation_name: str | None, names: frozenset[str]) -> int:
    """How many times the operation asks, at its root, for a field named in `names` (fragments expanded,
    each counted once and its count reused at every spread)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    known: dict[str, int] = {}

    def count(selection_set: SelectionSetNode | None, open_fragments: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += selection.name.value in names
            elif isinstance(selection, InlineFragmentNode):
                total += count(selection.selection_set, open_fragments)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in known and name in fragments and name not in open_fragments:
                    known[name] = count(fragments[name].selection_set, open_fragments | {name})
                total += known.get(name, 0)
        return total

    return count(operation.selection_set, frozenset())


class HeavyFieldLimit(SchemaExtension):
    """Refuses, before any resolver runs, an operation that asks for more than `max_fields` of the fields
    that each read or compute over much of the graph (`fields`).

    Every other limit let thirty aliased `possibleDuplicates` or `topicTrends` through, and they held
    the store's read thread (or every core) for the whole 10 s time limit while light reads of other
    clients waited behind them; a client that needs more asks in several requests, which take turns."""

    def __init__(self, *, fields: frozenset[str], max_fields: int) -> None:
        self.fields = fields
        self.max_fields = max_fields

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.result is None:
            asked = _root_fields(context.graphql_document, context.operation_name, self.fields)
            if asked > self.max_fields:
                message = (
                    f"the operation asks for {asked:,} of {', '.join(sorted(self.fields))}; the limit is"
                    f" {self.max_fields} per request: send the rest in further requests"
                )
                context.result = GraphQLExecutionResult(data=None, errors=[GraphQLError(message)])
        yield
