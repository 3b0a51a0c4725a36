"""Temperature, error-code, filter and account sensors: what they show, and what they refuse."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.midea_cloud.const import POLL_INTERVAL
from midea_cloud_emulator import FULL, CloudEmulator, FaultKind, SimulatedUnit

from .conftest import EMAIL, advance, setup_entry

SEND = "/v1/appliance/transparent/send/new"
LIST = "/v1/appliance/user/list/get"
LAST_POLL = "sensor.owner_example_com_last_successful_poll"
LAST_ERROR = "sensor.owner_example_com_last_cloud_error"


def shown(hass: HomeAssistant, entity_id: str) -> str:
    return hass.states.get(entity_id).state


@pytest.mark.usefixtures("loaded_entry")
async def test_sensors_show_what_the_units_report(hass: HomeAssistant) -> None:
    """Indoor and outdoor temperatures in °C; a unit without an outdoor reading shows unknown."""
    entity_ids = (
        "sensor.living_room_indoor_temperature",
        "sensor.living_room_outdoor_temperature",
        "sensor.living_room_error_code",
        "binary_sensor.living_room_dust_filter",
        "sensor.bedroom_indoor_temperature",
        "sensor.bedroom_outdoor_temperature",
    )

    assert {entity_id: shown(hass, entity_id) for entity_id in entity_ids} == {
        "sensor.living_room_indoor_temperature": "26.5",
        "sensor.living_room_outdoor_temperature": "30.0",
        "sensor.living_room_error_code": "no_error",
        "binary_sensor.living_room_dust_filter": "off",
        "sensor.bedroom_indoor_temperature": "19.0",
        "sensor.bedroom_outdoor_temperature": "unknown",
    }
    unit = hass.states.get("sensor.living_room_indoor_temperature").attributes
    assert unit["unit_of_measurement"] == "°C"


@pytest.mark.usefixtures("loaded_entry")
@pytest.mark.parametrize(
    ("code", "state"),
    [(5, "eh03"), (1, "eh0b"), (16, "pc0l"), (33, "el0c"), (20, "other"), (200, "other")],
)
async def test_error_code_shows_the_display_code(
    hass: HomeAssistant,
    *,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
    code: int,
    state: str,
) -> None:
    """A code the thing model lists shows as its display code; others as "other", with the
    number in the ``code`` attribute."""
    living_room.state.error_code = code

    await advance(hass, freezer, POLL_INTERVAL)

    sensor = hass.states.get("sensor.living_room_error_code")
    assert (sensor.state, sensor.attributes["code"]) == (state, code)
    assert state in sensor.attributes["options"]


@pytest.mark.usefixtures("loaded_entry")
@pytest.mark.parametrize(
    ("indoor", "outdoor", "expected"),
    [
        (21.5, -3.5, ("21.5", "-3.5")),
        (-20.0, -25.0, ("-20.0", "-25.0")),
        (60.0, 60.0, ("60.0", "60.0")),
        (-22.0, 61.0, ("unknown", "unknown")),
        (61.0, 102.0, ("unknown", "unknown")),
    ],
)
async def test_implausible_temperatures_are_unknown(
    hass: HomeAssistant,
    *,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
    indoor: float,
    outdoor: float,
    expected: tuple[str, str],
) -> None:
    """Indoors -20..60 °C and outdoors up to 60 °C are shown; the rest is unknown, also on the
    thermostat card."""
    living_room.state.power = False  # a running unit moves the room temperature
    living_room.state.indoor = indoor
    living_room.state.outdoor = outdoor

    await advance(hass, freezer, POLL_INTERVAL)

    assert (
        shown(hass, "sensor.living_room_indoor_temperature"),
        shown(hass, "sensor.living_room_outdoor_temperature"),
    ) == expected
    card = hass.states.get("climate.living_room").attributes["current_temperature"]
    assert card == (None if expected[0] == "unknown" else indoor)


@pytest.mark.usefixtures("loaded_entry")
async def test_filter_alert_follows_the_unit(
    hass: HomeAssistant, living_room: SimulatedUnit, freezer: FrozenDateTimeFactory
) -> None:
    """The dust-filter sensor is a problem sensor: on while the unit asks for cleaning."""
    living_room.state.filter_alert = True
    await advance(hass, freezer, POLL_INTERVAL)
    sensor = hass.states.get("binary_sensor.living_room_dust_filter")
    assert (sensor.state, sensor.attributes["device_class"]) == ("on", "problem")

    living_room.state.filter_alert = False
    await advance(hass, freezer, POLL_INTERVAL)
    assert shown(hass, "binary_sensor.living_room_dust_filter") == "off"


@pytest.mark.usefixtures("loaded_entry")
async def test_last_successful_poll_stays_visible_while_polls_fail(
    hass: HomeAssistant, emulator: CloudEmulator, freezer: FrozenDateTimeFactory
) -> None:
    """The timestamp moves with each good poll and keeps the last one while the cloud fails."""
    await advance(hass, freezer, POLL_INTERVAL)
    good_poll = dt_util.utcnow()
    assert dt_util.parse_datetime(shown(hass, LAST_POLL)) == good_poll.replace(microsecond=0)

    emulator.faults.add(FaultKind.HTTP_STATUS, status=502, path=LIST, count=None)
    await advance(hass, freezer, timedelta(minutes=10))

    assert shown(hass, "climate.living_room") == "unavailable"
    assert dt_util.parse_datetime(shown(hass, LAST_POLL)) == good_poll.replace(microsecond=0)


async def test_last_cloud_error_shows_the_latest_code(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Unknown until the cloud answers with an error code; then the latest code."""
    emulator.add_unit(EMAIL, name="Study", capabilities=FULL)
    await setup_entry(hass, config_entry)
    assert shown(hass, LAST_ERROR) == "unknown"

    emulator.faults.add(FaultKind.ERROR_CODE, code=3123, path=SEND)
    await advance(hass, freezer, POLL_INTERVAL)

    assert shown(hass, LAST_ERROR) == "3123"
    assert shown(hass, "climate.study") == "unavailable"
