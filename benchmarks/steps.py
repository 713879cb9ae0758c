"""Timing a benchmark's steps one after another, and printing them with their total and the peak memory."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from benchmarks.memory import peak_rss_mb


class Steps:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.seconds[name] = time.perf_counter() - start

    def print(self) -> None:
        width = max(map(len, self.seconds), default=5) + 2
        for name, seconds in self.seconds.items():
            print(f"  {name:<{width}} {seconds:7.2f} s")
        print(f"  {'total':<{width}} {sum(self.seconds.values()):7.2f} s")
        print(f"  peak memory {peak_rss_mb():,.0f} MiB")
