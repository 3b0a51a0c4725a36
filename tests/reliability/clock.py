"""Simulated time for Home Assistant under freezegun, where the event loop's clock stands still.

With the clock frozen, a timer (a retry delay, a client timeout, an emulated slow answer) only
fires when the test moves the clock. ``settle`` waits for Home Assistant's work to finish and,
whenever nothing is left to do but wait for a timer, moves the clock on by one simulated second.
Work that needs no timer (a loopback round trip) finishes before the clock moves: each step first
lets the event loop serve its sockets until only timers are left (see ``_serve_sockets``).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

STEP = timedelta(seconds=1)
_MIN_IO_ROUNDS = 3
_MAX_IO_ROUNDS = 25
_MAX_STEPS = 3600


def _only_timers_left(loop: asyncio.AbstractEventLoop) -> bool:
    """True when the loop would only sleep until its next timer: no callback is ready and no
    socket has anything to read or write (asyncio's selector loop)."""
    selector = getattr(loop, "_selector", None)
    return not getattr(loop, "_ready", ()) and (selector is None or not selector.select(0))


async def _serve_sockets() -> None:
    """Let the event loop serve its sockets until only timers are left, or for a bounded number
    of thread round trips (each wakes the loop) while something keeps it busy.

    How many rounds a loopback HTTP exchange takes depends on the Python, aiohttp and Home
    Assistant versions (three were enough on Python 3.13 with Home Assistant 2026.2, not on
    3.14 with 2026.10), so the loop is asked after each round.
    """
    loop = asyncio.get_running_loop()
    for rounds in range(1, _MAX_IO_ROUNDS + 1):
        await loop.run_in_executor(None, _nothing)
        if rounds >= _MIN_IO_ROUNDS and _only_timers_left(loop):
            return


def _nothing() -> None:
    return None


async def settle(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> timedelta:
    """Wait until Home Assistant is idle, moving the clock while it waits for timers.

    Return how much simulated time passed.
    """
    waiter = asyncio.ensure_future(hass.async_block_till_done(wait_background_tasks=True))
    waited = timedelta()
    for _ in range(_MAX_STEPS):
        await _serve_sockets()
        if waiter.done():
            break
        freezer.tick(STEP)
        waited += STEP
    else:
        waiter.cancel()
        raise AssertionError(f"Home Assistant still busy after {waited} of simulated time")
    await waiter
    return waited


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta) -> None:
    """Move the clock by ``delta``, fire what became due and let it finish."""
    freezer.tick(delta)
    async_fire_time_changed(hass)
    await settle(hass, freezer)


async def run_for(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, duration: timedelta, step: timedelta
) -> None:
    """Let ``duration`` of simulated time pass in steps of ``step`` (polls fire on the way)."""
    passed = timedelta()
    while passed < duration:
        await advance(hass, freezer, step)
        passed += step


async def call_service(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    domain: str,
    service: str,
    data: dict[str, Any],
) -> None:
    """Call a service as a user would and wait for it, moving the clock while it waits for
    timers (a retry, a timeout); its exception, if any, is raised here."""
    call = hass.async_create_task(hass.services.async_call(domain, service, data, blocking=True))
    await settle(hass, freezer)
    await call
