"""Poll cycle: wall time and requests to poll every unit of an account once.

Two ways, on the same emulator (one unit = one query, ``latency`` s per request):
- through Home Assistant: the real coordinator, its next scheduled poll fired with
  ``async_fire_time_changed``; the concurrency is whatever the integration ships;
- through ``MideaCloudClient`` alone, all units queried at once as the coordinator does, with
  ``relay_concurrency`` 4 and the sequential baseline 1.

On a cloud with readings (MSmartHome) the coordinator also reads every unit's power, energy and
humidity once every ``READINGS_INTERVAL``, after the unit's query: those polls are timed apart.
Home Assistant's and the client's clocks are frozen (the event loop keeps real time, so the
emulated latency is real) and moved on by ``READINGS_INTERVAL`` before each readings poll.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import aiohttp
from freezegun import freeze_time
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.midea_cloud.codec.client import ClientHooks, MideaCloudClient
from custom_components.midea_cloud.codec.msmarthome import iam_digest
from custom_components.midea_cloud.codec.signing import password_digest
from custom_components.midea_cloud.const import POLL_INTERVAL, READINGS_INTERVAL
from midea_cloud_emulator import CloudEmulator

from .emulated import DEVICE_ID, LIST_PATH, MIDEA_AIR, PASSWORD, App, email, emulated_cloud
from .ha import account_entry, home_assistant, set_up
from .timing import median

CONCURRENT = 4


@dataclass(frozen=True)
class PollResult:
    """Median wall time (s) and requests of one poll cycle, and the requests by endpoint."""

    wall: float
    requests: float
    paths: dict[str, int]


@dataclass(frozen=True)
class PollCycles:
    """One account size on one cloud: Home Assistant's polls and the client's alone."""

    app: App
    units: int
    home_assistant: PollResult
    """The polls that query every unit, nothing else."""
    readings: PollResult | None
    """The polls that also read the readings (every ``READINGS_INTERVAL``); None: no readings."""
    parallel: PollResult
    sequential: PollResult


@dataclass(frozen=True)
class _Cycle:
    wall: float
    paths: list[str]


async def _cycle(cloud: CloudEmulator, poll: Callable[[], Awaitable[object]]) -> _Cycle:
    loop = asyncio.get_running_loop()
    before = len(cloud.requests)
    start = loop.time()
    await poll()
    wall = loop.time() - start
    return _Cycle(wall, [record.path for record in cloud.requests[before:]])


def _result(cycles: list[_Cycle]) -> PollResult:
    paths: dict[str, int] = {}
    for cycle in cycles:
        for path in cycle.paths:
            paths[path] = paths.get(path, 0) + 1
    return PollResult(
        median([cycle.wall for cycle in cycles]),
        median([len(cycle.paths) for cycle in cycles]),
        paths,
    )


async def through_home_assistant(
    units: int, latency: float, repeats: int, app: App = MIDEA_AIR
) -> tuple[PollResult, PollResult | None]:
    """Poll cycles of the real coordinator, triggered by moving Home Assistant's timers on.

    Return the plain polls and, on a cloud with readings, the readings polls. The unit list is
    read again every ``UNIT_LIST_INTERVAL`` (two readings intervals), so every other readings
    poll also reads the list: those polls are left out, each kind is timed ``repeats`` times.
    """
    with freeze_time(dt_util.utcnow(), real_asyncio=True) as frozen:
        async with (
            emulated_cloud(units, latency=latency, app=app) as cloud,
            home_assistant() as hass,
        ):
            await set_up(hass, account_entry(cloud, app=app), cloud.server_map)

            async def next_poll() -> None:
                async_fire_time_changed(
                    hass, dt_util.utcnow() + POLL_INTERVAL + timedelta(seconds=1)
                )
                await hass.async_block_till_done(wait_background_tasks=True)

            plain = [await _cycle(cloud, next_poll) for _ in range(repeats)]
            if app.readings_path is None:
                return _result(plain), None
            readings: list[_Cycle] = []
            for _ in range(3 * repeats):
                if len(readings) == repeats:
                    break
                frozen.tick(READINGS_INTERVAL)
                cycle = await _cycle(cloud, next_poll)
                if LIST_PATH not in cycle.paths:
                    readings.append(cycle)
            if not readings or any(app.readings_path not in c.paths for c in readings):
                raise RuntimeError(f"{app.name}: the readings polls read no readings")
            return _result(plain), _result(readings)


def _client(
    session: aiohttp.ClientSession, cloud: CloudEmulator, app: App, relay_concurrency: int
) -> MideaCloudClient:
    """A client of the emulator's first account on ``app``'s cloud, as the integration makes it."""
    if app == MIDEA_AIR:
        return MideaCloudClient(
            session,
            email(1),
            password_digest(PASSWORD),
            server=cloud.url,
            relay_concurrency=relay_concurrency,
        )
    return MideaCloudClient(
        session,
        email(1),
        password_digest(PASSWORD),
        app.key,
        None,
        relay_concurrency=relay_concurrency,
        iam_digest=iam_digest(PASSWORD),
        device_id=DEVICE_ID,
        hooks=ClientHooks(server_map=cloud.server_map),
    )


async def through_client(
    units: int, latency: float, repeats: int, relay_concurrency: int, app: App = MIDEA_AIR
) -> PollResult:
    """Poll cycles of a logged-in client: every unit queried at once, as the coordinator does."""
    async with (
        emulated_cloud(units, latency=latency, app=app) as cloud,
        aiohttp.ClientSession() as session,
    ):
        client = _client(session, cloud, app, relay_concurrency)
        unit_ids = [appliance.id for appliance in await client.list_appliances()]

        async def poll() -> None:
            await asyncio.gather(*(client.query(unit_id) for unit_id in unit_ids))

        return _result([await _cycle(cloud, poll) for _ in range(repeats)])


async def measure(app: App, units: int, latency: float, repeats: int) -> PollCycles:
    """Every poll cycle of an account of ``units`` units on ``app``'s cloud."""
    home, readings = await through_home_assistant(units, latency, repeats, app)
    return PollCycles(
        app,
        units,
        home,
        readings,
        await through_client(units, latency, repeats, CONCURRENT, app),
        await through_client(units, latency, repeats, 1, app),
    )
