"""The longest single callback on the event loop, and what it was.

Garbage collection pauses land in whatever callback happens to allocate at the time; they are
timed apart (``gc.callbacks``) and left out of the callback's own time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
import gc
from time import perf_counter
from typing import Any
from unittest.mock import patch


@dataclass
class LongestCallback:
    """The slowest callback (without GC pauses): seconds, what ran; and the longest GC pause."""

    seconds: float = 0.0
    what: str = ""
    longest_gc: float = 0.0


class _GcClock:
    """Total seconds spent in garbage collection, and the longest pause."""

    def __init__(self) -> None:
        self.total = 0.0
        self.longest = 0.0
        self._start = 0.0

    def __call__(self, phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            self._start = perf_counter()
            return
        pause = perf_counter() - self._start
        self.total += pause
        self.longest = max(self.longest, pause)


@contextmanager
def longest_callback(loop: asyncio.AbstractEventLoop) -> Iterator[LongestCallback]:
    """Time every callback ``loop`` runs (asyncio.Handle._run) while the block runs."""
    longest = LongestCallback()
    collections = _GcClock()
    original = asyncio.Handle._run

    def timed(handle: asyncio.Handle) -> None:
        if handle._loop is not loop:  # type: ignore[attr-defined]
            original(handle)
            return
        in_gc = collections.total
        start = perf_counter()
        original(handle)
        seconds = perf_counter() - start - (collections.total - in_gc)
        if seconds > longest.seconds:
            longest.seconds = seconds
            longest.what = _describe(handle)

    gc.callbacks.append(collections)
    try:
        with patch.object(asyncio.Handle, "_run", timed):
            yield longest
    finally:
        gc.callbacks.remove(collections)
        longest.longest_gc = collections.longest


def _describe(handle: asyncio.Handle) -> str:
    """The coroutine a task step ran, else the callback's repr."""
    callback = getattr(handle, "_callback", None)
    task = getattr(callback, "__self__", None)
    if isinstance(task, asyncio.Task):
        return task.get_coro().__qualname__  # type: ignore[union-attr]
    return repr(callback)[:120]
