"""Footprint: set-up time, memory per account and the longest hold of the event loop.

The emulator runs in a process of its own here, so that neither its memory nor its callbacks are
counted: what is left in this process is Home Assistant and the integration.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from time import perf_counter
import tracemalloc

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.midea_cloud.const import POLL_INTERVAL

from .emulated import emulated_cloud
from .emulator_process import emulator_process
from .ha import entry_for, home_assistant, set_up
from .loop_monitor import LongestCallback, longest_callback
from .timing import median

POLLS = 3


@dataclass(frozen=True)
class SetupResult:
    """Median seconds from adding the entry to entities on screen; requests by endpoint."""

    seconds: float
    paths: dict[str, int]


@dataclass(frozen=True)
class MemoryResult:
    """Bytes allocated by a second account: peak during set-up and polls, and still held after."""

    peak: int
    retained: int


async def _poll(hass: HomeAssistant) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + POLL_INTERVAL + timedelta(seconds=1))
    await hass.async_block_till_done(wait_background_tasks=True)


async def setup_time(units: int, latency: float, repeats: int) -> SetupResult:
    """Set-up of one account, each repeat in a new Home Assistant."""
    seconds: list[float] = []
    async with emulator_process(units, latency) as url:
        for _ in range(repeats):
            async with home_assistant() as hass:
                start = perf_counter()
                await set_up(hass, entry_for(url, 1, "benchmark-1"))
                seconds.append(perf_counter() - start)
    async with emulated_cloud(units, latency=0.0) as cloud, home_assistant() as hass:
        await set_up(hass, entry_for(cloud.url, 1, "benchmark-1"))
        paths: dict[str, int] = {}
        for record in cloud.requests:
            paths[record.path] = paths.get(record.path, 0) + 1
    return SetupResult(median(seconds), paths)


async def memory_per_account(units: int) -> MemoryResult:
    """Memory of the second account (the first one loads the code and the platforms)."""
    async with (
        emulator_process(units, 0.0, account=1) as first,
        emulator_process(units, 0.0, account=2) as second,
        home_assistant() as hass,
    ):
        await set_up(hass, entry_for(first, 1, "benchmark-1"))
        tracemalloc.start()
        try:
            baseline = tracemalloc.get_traced_memory()[0]
            await set_up(hass, entry_for(second, 2, "benchmark-2"))
            for _ in range(POLLS):
                await _poll(hass)
            current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return MemoryResult(peak=peak - baseline, retained=current - baseline)


async def longest_hold(units: int, latency: float) -> dict[str, LongestCallback]:
    """The longest callback while setting up, polling and commanding an account of ``units``."""
    loop = asyncio.get_running_loop()
    phases: dict[str, LongestCallback] = {}
    async with emulator_process(units, latency) as url, home_assistant() as hass:
        with longest_callback(loop) as phases["set-up"]:
            await set_up(hass, entry_for(url, 1, "benchmark-1"))
        with longest_callback(loop) as phases["poll"]:
            for _ in range(POLLS):
                await _poll(hass)
        entity_id = hass.states.async_entity_ids("climate")[0]

        async def set_temperature_service_call() -> None:
            await hass.services.async_call(
                "climate",
                "set_temperature",
                {"entity_id": entity_id, "temperature": 21.0},
                blocking=True,
            )

        with longest_callback(loop) as phases["command"]:
            await asyncio.create_task(set_temperature_service_call())
    return phases
