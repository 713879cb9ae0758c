"""Typed errors, raised where the problem is found and turned into messages at the edge."""

from __future__ import annotations


class CoauthorGraphError(Exception):
    """Base of every error this package raises on purpose."""


class LoadError(CoauthorGraphError):
    """Input that cannot be loaded; names the file and, when known, the line."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type[LoadError], tuple[str, int | None, str]]:
        """Pickled whole, so an error found while parsing in another process is raised here as it was."""
        return (LoadError, (self.path, self.line, self.reason))


class NotCoauthorship(LoadError):
    """A well-formed record that is no co-authorship record (an edited book with only editors, an
    entry without authors, an untitled work): skipped and counted, never a reason to fail a load."""

    def __reduce__(self) -> tuple[type[LoadError], tuple[str, int | None, str]]:
        return (NotCoauthorship, (self.path, self.line, self.reason))


class NotFoundError(CoauthorGraphError):
    """A query named an author or topic the graph does not hold."""


class StoreError(CoauthorGraphError):
    """The store cannot be opened or written; the message is safe to show a user."""


class QueryTimeout(StoreError):
    """A read ran past the store's time limit; the message names the setting that sets it."""


class BadInputError(CoauthorGraphError):
    """A request's argument out of bounds; names the argument, so each entry point can say which."""

    def __init__(self, argument: str, reason: str) -> None:
        self.argument = argument
        self.reason = reason
        super().__init__(f"{argument} {reason}")
