"""Commands that meet a slow poll or a unit leaving the account: the newest state wins and the
user gets a translated error, never a crash."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
import time
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import DOMAIN as CLIMATE_DOMAIN
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.midea_cloud.const import CONFIRMATION_DELAY, POLL_INTERVAL
from midea_cloud_emulator import CloudEmulator, FaultKind, SimulatedUnit

from .conftest import EMAIL, advance, unit_device

LIVING_ROOM = "climate.living_room"
SEND = "/v1/appliance/transparent/send/new"
SLOW = timedelta(seconds=20)
LAST_POLL = "sensor.owner_example_com_last_successful_poll"


async def call(hass: HomeAssistant, service: str, entity_id: str, **data: Any) -> None:
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
    )


async def until(condition: Callable[[], bool]) -> None:
    """Let the event loop serve its loopback sockets, a millisecond at a time on the real clock
    (Home Assistant's stands still), until ``condition``."""
    loop = asyncio.get_running_loop()
    for _ in range(2000):
        if condition():
            return
        await loop.run_in_executor(None, time.sleep, 0.001)
    raise AssertionError("the condition never became true")  # pragma: no cover


async def tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta) -> None:
    """Move the clock on and fire what became due, without waiting for a command in flight
    (``advance`` would wait for it, and it waits for the clock)."""
    freezer.tick(delta)
    async_fire_time_changed(hass)


def target_shown(hass: HomeAssistant) -> float:
    state = hass.states.get(LIVING_ROOM)
    assert state is not None
    return float(state.attributes["temperature"])


async def slow_command_across_a_poll(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    freezer: FrozenDateTimeFactory,
    unit: SimulatedUnit,
) -> HomeAssistantError:
    """Send a command whose first request the cloud answers after SLOW, fire the poll due
    halfway, and return the error the command ended with."""
    emulator.faults.add(
        FaultKind.DELAY, delay=SLOW.total_seconds(), path=SEND, appliance_id=unit.appliance_id
    )
    sends = emulator.count(SEND)
    command = asyncio.ensure_future(call(hass, "set_temperature", LIVING_ROOM, temperature=20))
    await until(lambda: emulator.count(SEND) > sends)
    polled = hass.states.get(LAST_POLL)
    await tick(hass, freezer, SLOW / 2)
    await until(lambda: hass.states.get(LAST_POLL) != polled)
    await tick(hass, freezer, SLOW / 2)
    await until(command.done)
    await hass.async_block_till_done()
    with pytest.raises(HomeAssistantError) as raised:
        await command
    return raised.value


@pytest.mark.usefixtures("loaded_entry")
async def test_command_during_a_slow_poll_keeps_its_reply(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    bedroom: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The poll has read the living room and still waits for the slow bedroom when a command to
    the living room lands: once the poll ends, the card shows the command's reply, not the
    older polled state, without waiting for the confirmation read."""
    emulator.faults.add(FaultKind.DELAY, delay=1.0, path=SEND, appliance_id=bedroom.appliance_id)
    frames = len(living_room.received_frames)
    sends = emulator.count(SEND)
    freezer.tick(POLL_INTERVAL)
    async_fire_time_changed(hass)
    await until(
        lambda: emulator.count(SEND) == sends + 2 and len(living_room.received_frames) > frames
    )

    polled = hass.states.get(LAST_POLL)
    await call(hass, "set_temperature", LIVING_ROOM, temperature=20)
    assert target_shown(hass) == 20
    freezer.tick(timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert hass.states.get(LAST_POLL) != polled  # the poll is over
    assert len(living_room.received_frames) == frames + 2  # the poll's query and the SET
    assert target_shown(hass) == 20
    await advance(hass, freezer, CONFIRMATION_DELAY)
    assert target_shown(hass) == 20


async def test_unit_removed_while_a_command_is_slow(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    device_registry: dr.DeviceRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The unit is deleted in the app; each command to it is slow, and the polls meanwhile read
    the unit list until the device goes. Every command ends in a translated error naming the
    unit, and the other unit goes on."""
    emulator.remove_unit(EMAIL, living_room.appliance_id)
    await advance(hass, freezer, POLL_INTERVAL)  # its query fails: the list is read next
    await advance(hass, freezer, SLOW / 2)
    errors = []
    while hass.states.get(LIVING_ROOM) is not None:
        assert len(errors) < 3, "the device of the removed unit stays"
        await advance(hass, freezer, POLL_INTERVAL - SLOW)
        errors.append(await slow_command_across_a_poll(hass, emulator, freezer, living_room))

    assert [error.translation_placeholders["name"] for error in errors] == ["Living room"] * len(
        errors
    )
    assert unit_device(device_registry, loaded_entry, living_room.appliance_id) is None
    assert hass.states.get("climate.bedroom").state == "off"
    await advance(hass, freezer, CONFIRMATION_DELAY + POLL_INTERVAL)
    assert hass.states.get("climate.bedroom").state == "off"
