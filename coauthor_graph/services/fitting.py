"""Fitting the recommender to a store's own history, and refitting it when loads have grown the graph.

A store serves the weights `fitting.training.fit_weights` fits on its papers (the same fit the
evaluation measures), kept in the store so every process serving it scores alike. A load that grows
the graph by more than REFIT_GROWTH of the papers it was fitted on refits it: new people and years
change what predicts a collaboration, and a fit costs up to a minute at 1M papers, so not every
small load pays for one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Protocol

from coauthor_graph.domain.errors import StoreError
from coauthor_graph.domain.views import PaperLinks
from coauthor_graph.fitting.history import HistoricPaper
from coauthor_graph.fitting.training import fit_weights
from coauthor_graph.recommend.model import ServedWeights
from coauthor_graph.store.port import Lifecycle, NetworkReads, RecommenderWeights

REFIT_GROWTH = 0.25
_log = logging.getLogger(__name__)
_running: set[asyncio.Task[None]] = set()


class FittableStore(NetworkReads, RecommenderWeights, Lifecycle, Protocol):
    pass


async def fit_recommender(store: FittableStore) -> ServedWeights:
    """Fit the weights on everything the store holds now, keep them in the store, and return them."""
    papers = await store.paper_links()
    weights = await asyncio.to_thread(fit_weights, history_of(papers), {}, len(papers))
    await store.keep_served_weights(weights)
    return weights


def history_of(papers: Sequence[PaperLinks]) -> list[HistoricPaper]:
    """What the fit reads of a store's papers: those with a year and authors, keyed by author id."""
    return [HistoricPaper(p.year, p.authors, p.title, p.venue) for p in papers if p.year is not None and p.authors]


async def refit_if_grown(store: FittableStore) -> ServedWeights | None:
    """Fit the store when it never was, or when it has grown by more than REFIT_GROWTH since; the new
    weights, or None when those kept still hold."""
    kept = await store.served_weights()
    papers = (await store.stats()).nodes["Paper"]
    if kept is not None and papers <= kept.papers * (1 + REFIT_GROWTH):
        return None
    return await fit_recommender(store)


def refit_in_background(store: FittableStore) -> None:
    """`refit_if_grown` without making the caller wait (the API server at start and after a loadPapers):
    recommendations go on with the weights kept until the new ones are. One refit at a time."""
    if any(not task.done() for task in _running):
        return

    async def refit() -> None:
        try:
            refitted = await refit_if_grown(store)
        except StoreError as error:  # a store busy with another load, say: one line, the next load tries again
            _log.warning("refitting the recommender failed (%s); the weights kept go on serving", error)
            return
        except Exception:  # a failed refit leaves the kept weights serving; say so, do not crash the server
            _log.exception("refitting the recommender failed; the weights kept go on serving")
            return
        if refitted is not None:
            _log.info("recommender: %s", refitted.basis)

    task = asyncio.create_task(refit())
    _running.add(task)
    task.add_done_callback(_running.discard)


async def stop_background_refits() -> None:
    """Cancel a refit still running (the server is stopping: its store is about to close)."""
    for task in list(_running):
        task.cancel()
    await asyncio.gather(*_running, return_exceptions=True)
