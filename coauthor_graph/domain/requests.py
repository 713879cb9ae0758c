"""Whose work a store call is: one HTTP request's, or (outside a server) the process's own.

The API marks each request; the embedded store's read thread takes turns between the marks, so one
request's thirty heavy reads do not queue ahead of another request's one light read.
"""

from __future__ import annotations

from contextvars import ContextVar

REQUEST: ContextVar[object | None] = ContextVar("coauthor_graph_request", default=None)
"""A token per request; None outside one."""
