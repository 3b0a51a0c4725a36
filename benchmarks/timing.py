"""Small timing helpers shared by the benchmarks."""

from __future__ import annotations

from collections.abc import Callable
import statistics
import timeit

BEST_OF = 3


def per_call_us(stage: Callable[[], object], number: int) -> float:
    """µs per call of ``stage``: the best of 3 runs of ``number`` calls, after a warm-up call.

    The best run is the one least disturbed by the rest of the machine (timeit's advice).
    """
    stage()
    return min(timeit.repeat(stage, number=number, repeat=BEST_OF)) / number * 1e6


def median(values: list[float]) -> float:
    """The median of ``values``."""
    return statistics.median(values)
