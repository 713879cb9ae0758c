"""CPython's cycle collector paused while a batch is planned and written.

Planning a batch makes a few hundred thousand small containers (rows, registries, edge states) that
all live until the batch is written, so the collector promotes them and runs full collections over
the whole heap: 7 of them, 9.9 s of a 42 s load of 100k generated papers into the embedded store
(the writer before the shared planner made fewer containers and paid 1.2 s). The planner makes no
reference cycles, and what a batch holds is bounded by its size, so nothing is lost by collecting
once the batch is done. Reentrant and thread-safe: the collector runs again when the last
batch in progress, of any load in the process, ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_batches = 0
_was_enabled = True


@contextmanager
def paused() -> Iterator[None]:
    global _batches, _was_enabled
    with _lock:
        if _batches == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _batches += 1
    try:
        yield
    finally:
        with _lock:
            _batches -= 1
            if _batches == 0 and _was_enabled:
                gc.enable()
