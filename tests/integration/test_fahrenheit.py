"""Home Assistant in °F: whole-°F setpoints through the vendor table, and the °F display flag."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import DOMAIN as CLIMATE_DOMAIN
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.midea_cloud.const import CONFIRMATION_DELAY, POLL_INTERVAL
from midea_cloud_emulator import COOL_ONLY, CloudEmulator, SimulatedUnit

from .conftest import EMAIL, advance, setup_entry

LIVING_ROOM = "climate.living_room"

# docs/protocol.md §15.2 (the thing model's temp table, from the Open Smart guide), written out
# here on purpose: the test must not read the table from the code it checks.
FAHRENHEIT_TO_CELSIUS = {
    60: 16.0, 61: 16.5, 62: 17.0, 63: 17.5, 64: 18.0, 65: 18.5, 66: 19.0, 67: 19.5, 68: 20.0,
    69: 20.5, 70: 21.0, 71: 21.5, 72: 22.0, 73: 23.0, 74: 23.5, 75: 24.0, 76: 24.5, 77: 25.0,
    78: 25.5, 79: 26.0, 80: 26.5, 81: 27.0, 82: 28.0, 83: 28.5, 84: 29.0, 85: 29.5, 86: 30.0,
}  # fmt: skip


@pytest.fixture
def fahrenheit(hass: HomeAssistant) -> None:
    """Home Assistant set to US customary units."""
    hass.config.units = US_CUSTOMARY_SYSTEM


async def call(hass: HomeAssistant, service: str, entity_id: str, **data: Any) -> None:
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
    )


@pytest.mark.usefixtures("fahrenheit", "loaded_entry")
async def test_every_whole_fahrenheit_setpoint_reads_back_unchanged(
    hass: HomeAssistant, living_room: SimulatedUnit, freezer: FrozenDateTimeFactory
) -> None:
    """60..86 °F: the SET carries the table's °C, the unit's reply shows the same °F again, and
    so does the confirmation poll. 63, 75 and 83 °F included, which a formula gets wrong."""
    for fahrenheit, celsius in FAHRENHEIT_TO_CELSIUS.items():
        await call(hass, "set_temperature", LIVING_ROOM, temperature=fahrenheit)

        sent = living_room.decoded_sets[-1]
        assert (sent["target"], sent["fahrenheit_display"]) == (celsius, True)
        assert living_room.state.target == celsius
        assert hass.states.get(LIVING_ROOM).attributes["temperature"] == fahrenheit

    await advance(hass, freezer, CONFIRMATION_DELAY)
    assert hass.states.get(LIVING_ROOM).attributes["temperature"] == 86
    assert len(living_room.decoded_sets) == len(FAHRENHEIT_TO_CELSIUS)


@pytest.mark.usefixtures("fahrenheit", "loaded_entry")
async def test_card_works_in_whole_fahrenheit(hass: HomeAssistant) -> None:
    """Range 60..86 °F in steps of 1; the room temperature converted (26.5 °C is 79.7 °F)."""
    attributes = hass.states.get(LIVING_ROOM).attributes

    assert (attributes["min_temp"], attributes["max_temp"]) == (60, 86)
    assert attributes["target_temp_step"] == 1
    assert attributes["temperature"] == 75  # 24 °C
    assert attributes["current_temperature"] == 80
    indoor = hass.states.get("sensor.living_room_indoor_temperature")
    assert (indoor.state, indoor.attributes["unit_of_measurement"]) == ("79.7", "°F")


@pytest.mark.usefixtures("fahrenheit", "loaded_entry")
async def test_targets_outside_the_table_are_shown_converted(
    hass: HomeAssistant, living_room: SimulatedUnit, freezer: FrozenDateTimeFactory
) -> None:
    """22.5 °C, set on the remote control, has no table entry: it is converted (72.5 °F),
    and the card shows whole °F."""
    living_room.state.target = 22.5

    await advance(hass, freezer, POLL_INTERVAL)

    assert hass.states.get(LIVING_ROOM).attributes["temperature"] == 72


@pytest.mark.usefixtures("fahrenheit")
async def test_range_follows_the_capabilities_in_fahrenheit(
    hass: HomeAssistant, emulator: CloudEmulator, config_entry: MockConfigEntry
) -> None:
    """A unit that accepts 17..30 °C offers 62..86 °F."""
    emulator.add_unit(EMAIL, name="Study", power=True, capabilities=COOL_ONLY)

    await setup_entry(hass, config_entry)

    attributes = hass.states.get("climate.study").attributes
    assert (attributes["min_temp"], attributes["max_temp"]) == (62, 86)


@pytest.mark.usefixtures("loaded_entry")
async def test_celsius_home_assistant_switches_the_unit_display_to_celsius(
    hass: HomeAssistant, living_room: SimulatedUnit, freezer: FrozenDateTimeFactory
) -> None:
    """The unit's display follows Home Assistant's unit system with the next command."""
    living_room.state.fahrenheit_display = True
    await advance(hass, freezer, POLL_INTERVAL)

    await call(hass, "set_temperature", LIVING_ROOM, temperature=23)

    assert living_room.decoded_sets[-1]["fahrenheit_display"] is False
    assert living_room.state.fahrenheit_display is False


async def test_unit_without_a_fahrenheit_display_keeps_its_flag(
    hass: HomeAssistant, emulator: CloudEmulator, config_entry: MockConfigEntry
) -> None:
    """A unit whose capabilities lack the °F display gets its flag back unchanged."""
    unit = emulator.add_unit(
        EMAIL, name="Study", power=True, fahrenheit_display=True, capabilities=COOL_ONLY
    )
    await setup_entry(hass, config_entry)

    await call(hass, "set_temperature", "climate.study", temperature=23)

    assert unit.decoded_sets[-1]["fahrenheit_display"] is True
