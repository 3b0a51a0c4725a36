"""Simulated time for Home Assistant under freezegun, where the event loop's clock stands still.

With the clock frozen, a timer (a retry delay, a client timeout, an emulated slow answer) only
fires when the test moves the clock. ``settle`` waits for Home Assistant's work to finish and,
whenever nothing is left to do but wait for a timer, moves the clock on by one simulated second.
Work that needs no timer (a loopback round trip, an executor job) finishes before the clock
moves: each step first lets the event loop run until only timers are left (``_serve_sockets``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

STEP = timedelta(seconds=1)
_MAX_LOOP_ROUNDS = 100_000
_MAX_STEPS = 3600


class _ExecutorJobs:
    """The executor jobs of one event loop that have not finished yet.

    A thread's work is invisible to the loop until the thread hands its result back, so the
    clock must not move while one runs: ``loop.run_in_executor`` (Home Assistant's executor jobs,
    asyncio's ``getaddrinfo``) is wrapped to note each job until it is done.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.pending: set[asyncio.Future[Any]] = set()
        submit = loop.run_in_executor

        def run_in_executor(executor: Any, func: Callable[..., Any], *args: Any) -> Any:
            future = submit(executor, func, *args)
            self.pending.add(future)
            future.add_done_callback(self.pending.discard)
            return future

        loop.run_in_executor = run_in_executor  # type: ignore[method-assign,assignment]


_JOBS: dict[asyncio.AbstractEventLoop, _ExecutorJobs] = {}


def track_executor_jobs(loop: asyncio.AbstractEventLoop | None = None) -> _ExecutorJobs:
    """Start noting the executor jobs of ``loop`` (the running loop); idempotent."""
    loop = loop or asyncio.get_running_loop()
    for old in [known for known in _JOBS if known.is_closed()]:
        del _JOBS[old]
    if loop not in _JOBS:
        _JOBS[loop] = _ExecutorJobs(loop)
    return _JOBS[loop]


def _nothing_ready(loop: asyncio.AbstractEventLoop) -> bool:
    """True when no callback is ready and no socket has anything to read or write, so the loop
    would sleep until its next timer (asyncio's selector loop)."""
    selector = getattr(loop, "_selector", None)
    return not getattr(loop, "_ready", ()) and (selector is None or not selector.select(0))


async def _serve_sockets() -> None:
    """Let the event loop run until only timers are left: no callback ready, no socket with
    anything to read or write, no executor job running.

    Each round yields exactly one iteration of the loop (``asyncio.sleep(0)``), which polls the
    sockets without waiting since this task is ready again. An executor round trip does not do
    that on Python 3.14: when the thread finishes before ``wrap_future`` chains the futures,
    asyncio (``_chain_future``, now comparing with the running loop) completes the awaited
    future at once and the awaiting task goes on without the loop running at all.
    """
    loop = asyncio.get_running_loop()
    jobs = track_executor_jobs(loop)
    for _ in range(_MAX_LOOP_ROUNDS):
        await asyncio.sleep(0)
        if jobs.pending:
            await asyncio.wait(set(jobs.pending))
        elif _nothing_ready(loop):
            return
    raise AssertionError(f"the event loop was still busy after {_MAX_LOOP_ROUNDS} rounds")


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
