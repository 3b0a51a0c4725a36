"""Run sizes, and the figures the reliability tests measure (printed at the end of the run).

``MIDEA_LONG=1`` selects the long variants (scripts/soak); ``MIDEA_SOAK_SEED`` another day.
"""

from __future__ import annotations

import os

LONG = os.environ.get("MIDEA_LONG") == "1"
SEED = int(os.environ.get("MIDEA_SOAK_SEED", "2026"))
SOAK_HOURS = 24 if LONG else 2
LOGIN_DAY_HOURS = 24
LOGIN_DAYS = [SEED + day for day in range(5 if LONG else 1)]

FIGURES: list[str] = []


def report(line: str) -> None:
    """Keep a measured figure for the summary at the end of the pytest run."""
    FIGURES.append(line)
