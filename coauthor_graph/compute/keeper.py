"""Which projection answers now: built on first need, rebuilt when the store's change token moves.

A write by this process makes the next question wait for a projection that includes it (a
process's reads follow its own writes). A write by another process is noticed by the token; the
rebuild then runs in the background while the previous projection goes on answering, whole: an
answer always comes from one projection, never from a mix of two. A build that saw the token move
while it read starts again, so a projection never pairs rows from two states of the store. A
projection of the same token saved by an earlier process (`compute.snapshots`) is loaded instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from coauthor_graph.compute import snapshots
from coauthor_graph.compute.projection import Projection, ProjectionRows, build

log = logging.getLogger(__name__)

READ_AGAIN = 3
"""Builds in a row that may find the token moved before the keeper keeps what it read (and notices the
change at the next question)."""


class ProjectionKeeper:
    def __init__(self, token: Callable[[], Awaitable[str]], rows: Callable[[], ProjectionRows]) -> None:
        self._token = token
        self._rows = rows
        self._projection: Projection | None = None
        self._seen_writes = 0  # own writes the projection includes
        self._writes = 0
        self._building: asyncio.Task[None] | None = None

    def wrote(self) -> None:
        """This process changed the store: the next question waits for a projection that includes it."""
        self._writes += 1

    async def current(self) -> Projection:
        if self._projection is None or self._seen_writes != self._writes:
            await self._rebuild()
        elif self._projection.version != await self._token():
            self._start_rebuild()  # another process wrote: answer from the previous projection meanwhile
        assert self._projection is not None
        return self._projection

    async def _rebuild(self) -> None:
        while self._projection is None or self._seen_writes != self._writes:
            self._start_rebuild()
            assert self._building is not None
            await asyncio.shield(self._building)

    def _start_rebuild(self) -> None:
        if self._building is None or self._building.done():
            self._building = asyncio.ensure_future(self._build())
            self._building.add_done_callback(_log_failure)

    async def _build(self) -> None:
        writes = self._writes
        token = await self._token()
        projection = await asyncio.to_thread(snapshots.load, token) if token else None
        for _ in range(READ_AGAIN if projection is None else 0):
            projection = await build(self._rows(), token)
            if await self._token() == token:
                if token:
                    await asyncio.to_thread(snapshots.save, projection)
                break
            log.info("the store changed while the projection was read: reading it again")
            token = await self._token()
        assert projection is not None
        self._projection, self._seen_writes = projection, writes


def _log_failure(task: asyncio.Task[None]) -> None:
    """A background rebuild's failure is logged (the next question tries again and meets it itself)."""
    if not task.cancelled() and task.exception() is not None:
        log.warning("rebuilding the projection failed: %s", task.exception())
