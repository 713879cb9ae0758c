"""Depth and alias limits that cost time linear in the document.

strawberry's `QueryDepthLimiter` and `MaxAliasesLimiter` walk every fragment spread anew, so a
1 KB document whose fragments each spread the next one twice (`fragment F0 { ...F1 ...F1 }` …
thirty deep) makes them walk 2^30 spreads, and one request stops the server. Here each fragment
is measured once and its depth and alias count are reused at every spread; counts multiply
(Python integers do not overflow), so such a document is refused at once for its 2^30 aliases.
The measures and messages are strawberry's: a field with a selection set is one level deeper than
its deepest child; introspection fields (`__schema`, `__type`) do not count.
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)


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
