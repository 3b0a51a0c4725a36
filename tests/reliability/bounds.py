"""The bounds the reliability tests assert, each next to the figures it was set from.

Kept apart from the tests so that docs/reliability.md states them from the same constants.
"""

from __future__ import annotations

LOGIN_BUDGET = 3  # automatic logins in any hour (docs/protocol.md §14.2)

# Login attempts in one simulated bad day (test_login_discipline.py). Measured: 39, 45, 43, 41,
# 48 for seeds 2026-2030 (Python 3.13, HA 2026.2.3, scripts/soak before this bound existed);
# on Python 3.14.4 / HA 2026.10.4: seed 2026 31 and 41 in two runs, seed 2031 42 (runs of
# `MIDEA_SOAK_SEED=<seed> .venv/bin/python -m pytest -p no:sugar tests/reliability/
# test_login_discipline.py`). The most is 48: 60 is 25 % above it, room for another seed's
# unlucky day, and still below the 72 a day that the three-an-hour budget would let through if
# every hour hit it, so a login loop that only the budget holds back fails here.
MAX_LOGINS_A_DAY = 60
MAX_LOGINS_A_DAY_WHY = (
    "the most measured over seeds 2026-2031 was 48, and 60 stays below the 72 a day that three "
    "an hour would allow, so a login loop held back only by the hourly budget fails it;"
)

ROUND_TRIP = 0.150  # the load test's emulated round trip, seconds

# The slowest poll cycle ÷ its floor (⌈units / 4⌉ round trips), per (accounts, units). Measured
# (`.venv/bin/python -m pytest -p no:sugar tests/reliability/test_load.py`): 1 x 50: 1.03-1.04
# on an idle 2-core machine, 1.19 with four other test runs sharing its two cores; 5 x 10: 1.13
# idle, 3.38 shared. Losing the concurrency gives at least 3.85 for 1 x 50 (50 round trips
# instead of 13) and 5.0 for 5 x 10 (the accounts one after another): the bounds fail those and
# leave the rest to a slow machine.
MAX_CYCLE_PER_FLOOR = {(1, 50): 2.0, (5, 10): 4.0}

SOAK_HOURS = {False: 2, True: 24}  # by MIDEA_LONG
# Memory still allocated after the soak (test_soak.py), by MIDEA_LONG. Measured for the 2 h run:
# 177 KiB (Python 3.13), 364 and 338 KiB (Python 3.14.4, seed 2027, two runs of
# `.venv/bin/python -m pytest -p no:sugar tests/reliability/test_soak.py`); for the 24 h run
# 343 KiB (Python 3.13, scripts/soak). A leak of one state (about 1 KiB) per unit and poll adds
# 240 KiB in 2 h and 2.9 MB in 24 h.
MAX_GROWTH_KIB = {False: 640, True: 1536}
MAX_GROWTH_WHY = (
    "the most measured was 364 KiB for 2 h (Python 3.14) and 343 KiB for 24 h (Python 3.13); a "
    "leak of one unit state (about 1 KiB) per unit and poll would pass 640 KiB within the 2 h "
    "run and 1536 KiB within the 24 h one."
)
