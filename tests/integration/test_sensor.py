"""Temperature and error-code sensors."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

from custom_components.midea_cloud.const import POLL_INTERVAL
from midea_cloud_emulator import SimulatedUnit

from .conftest import advance


@pytest.mark.usefixtures("loaded_entry")
async def test_sensors_show_what_the_units_report(hass: HomeAssistant) -> None:
    """Indoor and outdoor temperatures in °C; a unit without an outdoor reading shows unknown."""
    shown = {
        entity_id: hass.states.get(entity_id).state
        for entity_id in (
            "sensor.living_room_indoor_temperature",
            "sensor.living_room_outdoor_temperature",
            "sensor.living_room_error_code",
            "sensor.bedroom_indoor_temperature",
            "sensor.bedroom_outdoor_temperature",
        )
    }

    assert shown == {
        "sensor.living_room_indoor_temperature": "26.5",
        "sensor.living_room_outdoor_temperature": "30.0",
        "sensor.living_room_error_code": "0",
        "sensor.bedroom_indoor_temperature": "19.0",
        "sensor.bedroom_outdoor_temperature": "unknown",
    }
    unit = hass.states.get("sensor.living_room_indoor_temperature").attributes
    assert unit["unit_of_measurement"] == "°C"


@pytest.mark.usefixtures("loaded_entry")
async def test_sensors_follow_the_unit(
    hass: HomeAssistant, living_room: SimulatedUnit, freezer: FrozenDateTimeFactory
) -> None:
    """The next poll shows a new error code and a changed room temperature."""
    living_room.state.error_code = 5
    living_room.state.outdoor = -3.5

    await advance(hass, freezer, POLL_INTERVAL)

    assert hass.states.get("sensor.living_room_error_code").state == "5"
    assert hass.states.get("sensor.living_room_outdoor_temperature").state == "-3.5"
