"""Command latency: ``climate.set_temperature`` -> the new target on the entity, in Home Assistant.

Measured twice per repeat (docs/protocol.md §D10: a SET carries the whole state, so it is built
from a state at most 30 s old): right after a poll (fresh state: the SET alone) and 31 s later
(stale state: a query first, then the SET). Home Assistant's and the client's clocks are moved
with freezegun; the event loop keeps real time, so the emulated latency is real.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from freezegun import freeze_time
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.midea_cloud.const import POLL_INTERVAL
from midea_cloud_emulator import CloudEmulator

from .emulated import emulated_cloud
from .ha import account_entry, home_assistant, set_up
from .timing import median

STALE_AFTER = timedelta(seconds=31)
AFTER_CONFIRMATION = timedelta(seconds=10)


@dataclass(frozen=True)
class CommandResult:
    """Median milliseconds and cloud requests from the service call to the new state."""

    milliseconds: float
    requests: float
    paths: list[str]


async def _fire(hass: HomeAssistant, delta: timedelta) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + delta)
    await hass.async_block_till_done(wait_background_tasks=True)


async def _set_temperature(
    hass: HomeAssistant, cloud: CloudEmulator, entity_id: str, target: float
) -> tuple[float, int, list[str]]:
    """Seconds and requests until the entity shows ``target``; the request paths."""
    loop = asyncio.get_running_loop()
    shown: asyncio.Future[tuple[float, int]] = loop.create_future()
    before = len(cloud.requests)

    @callback
    def on_change(event: Event[EventStateChangedData]) -> None:
        state = event.data["new_state"]
        if state is not None and state.attributes.get("temperature") == target and not shown.done():
            shown.set_result((loop.time(), len(cloud.requests) - before))

    unsubscribe = async_track_state_change_event(hass, [entity_id], on_change)
    start = loop.time()
    try:
        await hass.services.async_call(
            "climate",
            "set_temperature",
            {"entity_id": entity_id, "temperature": target},
            blocking=True,
        )
        end, requests = await asyncio.wait_for(shown, timeout=30)
    finally:
        unsubscribe()
    return end - start, requests, [record.path for record in cloud.requests[before:]]


async def measure(latency: float, repeats: int) -> dict[str, CommandResult]:
    """Latency with a fresh and with a stale state, ``repeats`` times each."""
    samples: dict[str, list[tuple[float, int, list[str]]]] = {"fresh": [], "stale": []}
    with freeze_time(dt_util.utcnow(), real_asyncio=True) as frozen:
        async with emulated_cloud(1, latency=latency) as cloud, home_assistant() as hass:
            await set_up(hass, account_entry(cloud))
            entity_id = hass.states.async_entity_ids("climate")[0]
            for repeat in range(repeats):
                await _fire(hass, POLL_INTERVAL + timedelta(seconds=1))
                samples["fresh"].append(
                    await _set_temperature(hass, cloud, entity_id, 20.0 + repeat % 2)
                )
                await _fire(hass, AFTER_CONFIRMATION)
                frozen.tick(STALE_AFTER)
                samples["stale"].append(
                    await _set_temperature(hass, cloud, entity_id, 22.0 + repeat % 2)
                )
                await _fire(hass, AFTER_CONFIRMATION)
    return {
        case: CommandResult(
            milliseconds=median([seconds for seconds, _, _ in runs]) * 1000,
            requests=median([count for _, count, _ in runs]),
            paths=runs[-1][2],
        )
        for case, runs in samples.items()
    }
