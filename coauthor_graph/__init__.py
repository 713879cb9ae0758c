"""coauthor-graph: a co-authorship knowledge graph. From Python: `Graph.open(...)` (`coauthor_graph.notebook`)."""

from typing import Any

__all__ = ["Graph"]


def __getattr__(name: str) -> Any:
    """`Graph` is imported on first use: the CLI and the server, which import this package, never need it."""
    if name == "Graph":
        from coauthor_graph.notebook import Graph

        return Graph
    raise AttributeError(f"module 'coauthor_graph' has no attribute {name!r}")
