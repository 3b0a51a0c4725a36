"""Hours of random cloud trouble: afterwards every unit shows what it really does, and memory
has not grown (tracemalloc, after a warm-up hour). MIDEA_LONG=1 runs the full day."""

from __future__ import annotations

import gc
import logging
import tracemalloc

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

from midea_cloud_emulator import CloudEmulator
from tests.integration.conftest import EMAIL

from . import logs
from .bounds import MAX_GROWTH_KIB
from .figures import LONG, SEED, SOAK_HOURS, assert_as_committed, observe, report
from .random_day import BadDay
from .scene import set_up

MAX_GROWTH = MAX_GROWTH_KIB[LONG] * 1024  # bounds.py: the figures behind it
WARM_UP_HOURS = 1


# Allocations of the test harness, not of Home Assistant or the integration: the mocked storage
# records every write, the time-travel helper builds mock types, pytest keeps the log text.
HARNESS = (
    tracemalloc.Filter(False, "*/unittest/mock.py", all_frames=True),
    tracemalloc.Filter(False, "*/_pytest/logging.py", all_frames=True),
)


def retained_after_collection() -> tuple[int, int]:
    """Bytes allocated since tracing started and still alive after a full collection: all of
    them, and those outside the test harness."""
    gc.collect()
    snapshot = tracemalloc.take_snapshot()
    product = sum(stat.size for stat in snapshot.filter_traces(HARNESS).statistics("filename"))
    return tracemalloc.get_traced_memory()[0], product


async def test_a_soaked_integration_shows_the_truth_and_does_not_grow(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: CloudEmulator,
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
) -> None:
    caplog.set_level(logging.INFO)
    emulator.add_unit(EMAIL, name="Living room", power=True, mode=2, target=24.0, fan=102)
    emulator.add_unit(EMAIL, name="Bedroom", power=False, mode=4, target=21.5, fan=40)
    scene = await set_up(hass, freezer, emulator)
    day = BadDay(scene, caplog, SEED + 1, logs.forgetter(caplog, request.config))
    await day.run(WARM_UP_HOURS)
    day.forget_old_records()

    tracemalloc.start(5)
    try:
        await day.run(SOAK_HOURS)
        recovery_polls = await day.recover()
        day.forget_old_records()
        growth, outside_harness = retained_after_collection()
    finally:
        tracemalloc.stop()

    observe(
        "soak",
        "day",
        {
            "seed": SEED + 1,
            "warm_up_hours": WARM_UP_HOURS,
            "hours": SOAK_HOURS,
            "login_attempts": len(day.logins),
            "episodes": sum(day.episodes.values()),
            "commands": day.commands,
            "recovery_polls": recovery_polls,
        },
        varying={
            "retained_kib": round(growth / 1024),
            "outside_harness_kib": round(outside_harness / 1024),
        },
    )
    report(
        f"soak ({SOAK_HOURS} simulated h after a {WARM_UP_HOURS} h warm-up, seed {SEED + 1}): "
        f"memory retained {growth / 1024:.0f} KiB, {outside_harness / 1024:.0f} KiB of it "
        f"outside the test harness (limit {MAX_GROWTH // 1024} KiB); "
        f"{len(day.logins)} login attempts, {sum(day.episodes.values())} episodes, "
        f"{day.commands} commands; recovered {recovery_polls} poll(s) after the last fault"
    )
    assert scene.shown_differently() == []
    assert day.tracebacks + logs.tracebacks(caplog.records) == []
    assert growth < MAX_GROWTH
    assert_as_committed("soak", "day")
