"""The display switch, and the beep option on every kind of command."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.midea_cloud.const import (
    CONF_BEEP,
    CONF_TARGET_STEP,
    CONFIRMATION_DELAY,
    POLL_INTERVAL,
)
from midea_cloud_emulator import CloudEmulator, FaultKind, SimulatedUnit

from .conftest import advance, snapshot_platform

DISPLAY = "switch.living_room_display"
SEND = "/v1/appliance/transparent/send/new"


def display_toggles(unit: SimulatedUnit) -> list[bytes]:
    """The display-toggle frames the unit received (a query-type 0x41 frame, body[4] = 0x02)."""
    return [frame for frame in unit.received_frames if frame[10] == 0x41 and frame[14] == 0x02]


async def switch(hass: HomeAssistant, service: str) -> None:
    await hass.services.async_call(SWITCH_DOMAIN, service, {ATTR_ENTITY_ID: DISPLAY}, blocking=True)


@pytest.mark.usefixtures("loaded_entry")
async def test_display_switch_toggles_only_when_needed(
    hass: HomeAssistant, living_room: SimulatedUnit
) -> None:
    """Off sends one toggle and shows the unit's reply; off again sends nothing."""
    assert hass.states.get(DISPLAY).state == "on"

    await switch(hass, "turn_off")
    assert living_room.state.display_on is False
    assert hass.states.get(DISPLAY).state == "off"
    await switch(hass, "turn_off")

    assert len(display_toggles(living_room)) == 1
    await switch(hass, "turn_on")
    assert (len(display_toggles(living_room)), hass.states.get(DISPLAY).state) == (2, "on")


@pytest.mark.usefixtures("loaded_entry")
async def test_display_switch_shows_the_truth_after_an_unconfirmed_toggle(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A toggle the unit did not confirm does not move the switch; the confirmation read does."""
    emulator.faults.add(FaultKind.ERROR_CODE, code=3176, path=SEND, deliver=True, after=1)

    await switch(hass, "turn_off")
    assert hass.states.get(DISPLAY).state == "on"
    await advance(hass, freezer, CONFIRMATION_DELAY)

    assert hass.states.get(DISPLAY).state == "off"
    assert len(display_toggles(living_room)) == 1


@pytest.mark.parametrize("beep", [False, True])
async def test_beep_option_is_applied_to_every_command(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    beep: bool,
) -> None:
    """SETs and display toggles both carry the beep bit exactly as the option says."""
    hass.config_entries.async_update_entry(
        loaded_entry, options={CONF_BEEP: beep, CONF_TARGET_STEP: 1.0}
    )
    await hass.async_block_till_done()

    await hass.services.async_call(
        "climate",
        "set_temperature",
        {ATTR_ENTITY_ID: "climate.living_room", "temperature": 22},
        blocking=True,
    )
    await switch(hass, "turn_off")

    assert living_room.decoded_sets[-1]["beep"] is beep
    assert bool(display_toggles(living_room)[-1][11] & 0x40) is beep


@pytest.mark.usefixtures("loaded_entry")
async def test_display_is_not_toggled_on_a_stale_state_when_it_cannot_be_read(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The remote darkened the display since the last poll and the read before the toggle
    fails: nothing is sent (a toggle would light it), and the error says the state is unknown."""
    await advance(hass, freezer, timedelta(seconds=40))
    living_room.state.display_on = False
    emulator.faults.add(
        FaultKind.HTTP_STATUS, status=502, path=SEND, appliance_id=living_room.appliance_id
    )

    with pytest.raises(HomeAssistantError) as raised:
        await switch(hass, "turn_off")

    assert raised.value.translation_key == "no_state"
    assert display_toggles(living_room) == []
    assert living_room.state.display_on is False
    await advance(hass, freezer, POLL_INTERVAL)
    assert hass.states.get(DISPLAY).state == "off"


@pytest.mark.usefixtures("loaded_entry")
async def test_failed_display_read_does_not_make_a_failing_unit_look_healthy(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Two polls of the unit failed; a display command whose read fails too is no answer from
    the unit, so the third failed poll still makes the unit unavailable."""
    emulator.faults.add(
        FaultKind.HTTP_STATUS,
        status=502,
        path=SEND,
        appliance_id=living_room.appliance_id,
        count=None,
    )
    for _ in range(2):
        await advance(hass, freezer, POLL_INTERVAL)
    assert hass.states.get(DISPLAY).state == "on"

    with pytest.raises(HomeAssistantError):
        await switch(hass, "turn_on")
    await advance(hass, freezer, POLL_INTERVAL)

    assert hass.states.get(DISPLAY).state == "unavailable"
    assert hass.states.get("climate.living_room").state == "unavailable"
    assert display_toggles(living_room) == []


@pytest.mark.freeze_time("2026-01-01 12:00:00+00:00")
async def test_switch_entities(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Each unit's display switch: its registry entry and what it shows."""
    await snapshot_platform(hass, entity_registry, snapshot, loaded_entry, SWITCH_DOMAIN)
