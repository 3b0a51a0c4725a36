"""Poll cycle: wall time and requests to poll every unit of an account once.

Two ways, on the same emulator (one unit = one query, ``latency`` s per request):
- through Home Assistant: the real coordinator, its next scheduled poll fired with
  ``async_fire_time_changed``; the concurrency is whatever the integration ships;
- through ``MideaCloudClient`` alone, all units queried at once as the coordinator does, with
  ``relay_concurrency`` 4 and the sequential baseline 1.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from time import perf_counter

import aiohttp
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.midea_cloud.codec.client import MideaCloudClient
from custom_components.midea_cloud.codec.signing import password_digest
from custom_components.midea_cloud.const import POLL_INTERVAL
from midea_cloud_emulator import CloudEmulator

from .emulated import PASSWORD, email, emulated_cloud
from .ha import account_entry, home_assistant, set_up
from .timing import median


@dataclass(frozen=True)
class PollResult:
    """Median wall time (s) and requests of one poll cycle, and the requests by endpoint."""

    wall: float
    requests: float
    paths: dict[str, int]


async def _cycles(
    cloud: CloudEmulator, repeats: int, poll: Callable[[], Awaitable[object]]
) -> PollResult:
    walls: list[float] = []
    counts: list[float] = []
    first = len(cloud.requests)
    for _ in range(repeats):
        before = len(cloud.requests)
        start = perf_counter()
        await poll()
        walls.append(perf_counter() - start)
        counts.append(len(cloud.requests) - before)
    paths: dict[str, int] = {}
    for record in cloud.requests[first:]:
        paths[record.path] = paths.get(record.path, 0) + 1
    return PollResult(median(walls), median(counts), paths)


async def through_home_assistant(units: int, latency: float, repeats: int) -> PollResult:
    """Poll cycles of the real coordinator, triggered by moving Home Assistant's timers on."""
    async with emulated_cloud(units, latency=latency) as cloud, home_assistant() as hass:
        await set_up(hass, account_entry(cloud))

        async def next_poll() -> None:
            async_fire_time_changed(hass, dt_util.utcnow() + POLL_INTERVAL + timedelta(seconds=1))
            await hass.async_block_till_done(wait_background_tasks=True)

        return await _cycles(cloud, repeats, next_poll)


async def through_client(
    units: int, latency: float, repeats: int, relay_concurrency: int
) -> PollResult:
    """Poll cycles of a logged-in client: every unit queried at once, as the coordinator does."""
    async with (
        emulated_cloud(units, latency=latency) as cloud,
        aiohttp.ClientSession() as session,
    ):
        client = MideaCloudClient(
            session,
            email(1),
            password_digest(PASSWORD),
            server=cloud.url,
            relay_concurrency=relay_concurrency,
        )
        unit_ids = [appliance.id for appliance in await client.list_appliances()]

        async def poll() -> None:
            await asyncio.gather(*(client.query(unit_id) for unit_id in unit_ids))

        return await _cycles(cloud, repeats, poll)
