"""A background refit that meets a store another process is writing to says so in one log line,
and the weights kept go on serving."""

from __future__ import annotations

import asyncio
import logging
import sqlite3

import pytest

from coauthor_graph.services import fitting
from coauthor_graph.store.embedded.store import EmbeddedStore


@pytest.mark.slow
async def test_a_refit_meeting_a_busy_store_says_so_in_one_line(tmp_path, caplog, seed_records):
    path = tmp_path / "busy.sqlite"
    store = EmbeddedStore(path)
    try:
        await store.upsert(seed_records)
        other_writer = sqlite3.connect(path)
        other_writer.execute("BEGIN IMMEDIATE")  # another process's load holds the write lock
        with caplog.at_level(logging.WARNING, logger=fitting.__name__):
            fitting.refit_in_background(store)
            await asyncio.gather(*fitting._running)
        other_writer.rollback()
        (record,) = [r for r in caplog.records if r.name == fitting.__name__]
        assert record.levelno == logging.WARNING and record.exc_info is None
        assert "is busy: another process is writing to it" in record.getMessage()
        assert await store.served_weights() is None  # nothing half-kept: the built-in weights serve
    finally:
        await store.close()
