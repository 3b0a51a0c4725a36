"""Many units at an emulated 150 ms round trip, on the real clock, with Home Assistant's
detection of blocking calls in the event loop switched on.

Each poll cycle must query every unit once, with nothing but those queries reaching the cloud
and at most four requests in flight per account; the slowest cycle may take at most
MAX_CYCLE_PER_FLOOR times the floor (bounds.py says why). The event loop's longest stall is
reported, not asserted.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
import statistics
import time

from homeassistant import block_async_io
from homeassistant.const import CONF_EMAIL
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.midea_cloud.codec.signing import password_digest
from custom_components.midea_cloud.const import (
    CONF_PASSWORD_DIGEST,
    DOMAIN,
    POLL_INTERVAL,
    RELAY_CONCURRENCY,
)
from midea_cloud_emulator import CloudEmulator, SimulatedUnit
from tests.integration.conftest import entry_data

from .bounds import MAX_CYCLE_PER_FLOOR, ROUND_TRIP
from .figures import LONG, assert_as_committed, observe, report

CYCLES = 5 if LONG else 3
PASSWORD = "load test password"
SEND = "/v1/appliance/transparent/send/new"


@pytest.fixture
def blocking_calls_detected(disable_block_async_io: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Home Assistant's blocking-call detection, as a running instance has it (bootstrap enables
    it); also for file and directory access, which the test harness otherwise leaves out."""
    monkeypatch.setattr(block_async_io, "_IN_TESTS", False)
    block_async_io.enable()


@pytest.mark.usefixtures("blocking_calls_detected")
async def test_the_detection_is_on(hass: HomeAssistant, caplog: pytest.LogCaptureFixture) -> None:
    """A sleep in the event loop raises; opening a file is reported."""
    with pytest.raises(RuntimeError, match="blocking call to sleep"):
        time.sleep(0)  # noqa: ASYNC251  (the blocking call under test)
    with Path(__file__).open(encoding="utf-8"):  # noqa: ASYNC230  (the blocking call under test)
        pass
    assert "Detected blocking call to open" in caplog.text
    caplog.clear()  # the report this test provoked on purpose is not one of our code's


@dataclass(frozen=True, slots=True)
class Account:
    """An account of the load test and its units."""

    email: str
    units: list[SimulatedUnit]


async def add_accounts(
    hass: HomeAssistant, emulator: CloudEmulator, accounts: int, units: int
) -> list[Account]:
    """Accounts with ``units`` units each, all set up in Home Assistant."""
    added = []
    for number in range(accounts):
        email = f"load{number}@example.com"
        emulator.add_account(email, PASSWORD)
        account_units = [
            emulator.add_unit(email, name=f"Unit {number}-{index}", power=True, mode=2)
            for index in range(units)
        ]
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=email,
            unique_id=emulator.account(email).user_id,
            data=entry_data(
                emulator, **{CONF_EMAIL: email, CONF_PASSWORD_DIGEST: password_digest(PASSWORD)}
            ),
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        added.append(Account(email, account_units))
    await hass.async_block_till_done()
    return added


@asynccontextmanager
async def longest_stall() -> AsyncIterator[list[float]]:
    """Measure how late a 5 ms timer fires at worst while the block runs (seconds)."""
    worst = [0.0]

    async def watch() -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            worst[0] = max(worst[0], time.perf_counter() - started - 0.005)

    watcher = asyncio.create_task(watch())
    try:
        yield worst
    finally:
        watcher.cancel()


@dataclass(frozen=True, slots=True)
class Cycle:
    """One poll cycle of every account: its wall time and the requests the cloud saw."""

    wall: float
    requests: dict[str, int]
    queries_per_unit: list[int]


async def poll_cycles(
    hass: HomeAssistant, emulator: CloudEmulator, accounts: list[Account]
) -> list[Cycle]:
    """Fire the accounts' next polls together, CYCLES times."""
    cycles = []
    for _ in range(CYCLES):
        before = [len(unit.received_frames) for a in accounts for unit in a.units]
        seen = len(emulator.requests)
        started = time.perf_counter()
        async_fire_time_changed(hass, dt_util.utcnow() + POLL_INTERVAL)
        await hass.async_block_till_done(wait_background_tasks=True)
        wall = time.perf_counter() - started
        after = [len(unit.received_frames) for a in accounts for unit in a.units]
        requests: dict[str, int] = {}
        for record in emulator.requests[seen:]:
            requests[record.path] = requests.get(record.path, 0) + 1
        cycles.append(
            Cycle(
                wall,
                dict(sorted(requests.items())),
                [later - earlier for earlier, later in zip(before, after, strict=True)],
            )
        )
    return cycles


@pytest.mark.usefixtures("blocking_calls_detected")
@pytest.mark.parametrize(("accounts", "units"), [(1, 50), (5, 10)], ids=["1x50", "5x10"])
async def test_every_unit_is_polled_each_cycle_four_at_a_time(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    caplog: pytest.LogCaptureFixture,
    accounts: int,
    units: int,
) -> None:
    added = await add_accounts(hass, emulator, accounts, units)
    emulator.peak_sends_by_account.clear()
    emulator.faults.latency = ROUND_TRIP

    async with longest_stall() as stall:
        cycles = await poll_cycles(hass, emulator, added)

    rounds = -(-units // RELAY_CONCURRENCY)
    floor = rounds * ROUND_TRIP
    median = statistics.median(cycle.wall for cycle in cycles)
    slowest = max(cycle.wall for cycle in cycles) / floor
    bound = MAX_CYCLE_PER_FLOOR[accounts, units]
    blocking = [r.getMessage() for r in caplog.records if "blocking call" in r.getMessage()]
    observe(
        "load",
        f"{accounts}x{units}",
        {
            "accounts": accounts,
            "units": units,
            "cycles": CYCLES,
            "requests_per_cycle": [cycle.requests for cycle in cycles],
            "units_not_queried_once": sum(
                count != 1 for cycle in cycles for count in cycle.queries_per_unit
            ),
            "peak_in_flight": sorted(set(emulator.peak_sends_by_account.values())),
            "blocking_calls": len(blocking),
        },
        varying={
            "cycle_median_s": round(median, 3),
            "floor_s": round(floor, 3),
            "slowest_cycle_per_floor": round(slowest, 3),
            "stall_ms": round(stall[0] * 1000, 1),
        },
    )
    report(
        f"load {accounts} account(s) x {units} units at {ROUND_TRIP * 1000:.0f} ms: poll cycle "
        f"{median:.2f} s median of {CYCLES} (floor {rounds} x {ROUND_TRIP * 1000:.0f} ms = "
        f"{floor:.2f} s; slowest cycle {slowest:.3f} x floor, bound {bound}), "
        f"requests per cycle {[cycle.requests for cycle in cycles]}, peak in flight per account "
        f"{sorted(set(emulator.peak_sends_by_account.values()))}, longest event-loop stall "
        f"{stall[0] * 1000:.1f} ms"
    )
    assert [cycle.queries_per_unit for cycle in cycles] == [[1] * accounts * units] * CYCLES
    assert [cycle.requests for cycle in cycles] == [{SEND: accounts * units}] * CYCLES
    assert emulator.peak_sends_by_account == dict.fromkeys(
        (account.email for account in added), RELAY_CONCURRENCY
    )
    assert blocking == []
    assert all(
        hass.states.get(f"climate.unit_{number}_{index}").state == "cool"  # type: ignore[union-attr]
        for number in range(accounts)
        for index in range(units)
    )
    assert slowest <= bound
    assert_as_committed("load", f"{accounts}x{units}")
