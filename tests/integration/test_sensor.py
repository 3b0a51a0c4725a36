"""Temperature, error-code, filter and account sensors: what they show, and what they refuse."""

from __future__ import annotations

from datetime import timedelta
import json
from pathlib import Path

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.sensor import DOMAIN as SENSOR_DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.midea_cloud.ac_mapping import CLOUD_ERROR_STATES, ERROR_CODE_STATES
from custom_components.midea_cloud.const import DOMAIN, POLL_INTERVAL
from midea_cloud_emulator import FULL, CloudEmulator, FaultKind, SimulatedUnit

from .conftest import EMAIL, advance, setup_entry, snapshot_platform

SEND = "/v1/appliance/transparent/send/new"
LIST = "/v1/appliance/user/list/get"
LAST_POLL = "sensor.owner_example_com_last_successful_poll"
LAST_ERROR = "sensor.owner_example_com_last_cloud_error"


def shown(hass: HomeAssistant, entity_id: str) -> str:
    return hass.states.get(entity_id).state


async def shown_text(hass: HomeAssistant, entity_id: str, translation_key: str) -> str:
    """The English text the frontend shows for the state of one of our enum sensors."""
    texts = await async_get_translations(hass, "en", "entity", {DOMAIN})
    state = shown(hass, entity_id)
    return texts[f"component.{DOMAIN}.entity.sensor.{translation_key}.state.{state}"]


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


@pytest.mark.usefixtures("loaded_entry")
@pytest.mark.parametrize(
    ("code", "text"),
    [
        (10, "EH60: room temperature sensor (T1) open or short-circuited"),
        (13, "PC00: inverter module (IPM) fault or overcurrent protection"),
        (33, "EL0C: refrigerant leak detected"),
        (3, "EH01"),
        (0, "No error"),
        (20, "Other code"),
    ],
)
async def test_error_code_says_what_it_means(
    hass: HomeAssistant,
    *,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
    code: int,
    text: str,
) -> None:
    """The frontend shows the display code with its meaning from Midea's service manuals; a
    code without a documented meaning (EH01) shows its display code alone."""
    living_room.state.error_code = code

    await advance(hass, freezer, POLL_INTERVAL)

    assert await shown_text(hass, "sensor.living_room_error_code", "error_code") == text


async def test_last_cloud_error_shows_what_the_latest_code_means(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Unknown until the cloud answers with an error code; then what the latest code means,
    with the number in the ``code`` attribute; a code the integration does not know is
    "Other error"."""
    emulator.add_unit(EMAIL, name="Study", capabilities=FULL)
    await setup_entry(hass, config_entry)
    assert shown(hass, LAST_ERROR) == "unknown"
    assert "code" not in hass.states.get(LAST_ERROR).attributes

    emulator.faults.add(FaultKind.ERROR_CODE, code=3123, path=SEND)
    await advance(hass, freezer, POLL_INTERVAL)

    sensor = hass.states.get(LAST_ERROR)
    assert (sensor.state, sensor.attributes["code"]) == ("unit_offline", 3123)
    assert await shown_text(hass, LAST_ERROR, "last_cloud_error") == "Unit offline"
    assert shown(hass, "climate.study") == "unavailable"

    emulator.faults.add(FaultKind.ERROR_CODE, code=4242, path=LIST)
    await advance(hass, freezer, timedelta(minutes=10))

    sensor = hass.states.get(LAST_ERROR)
    assert (sensor.state, sensor.attributes["code"]) == ("other", 4242)
    assert await shown_text(hass, LAST_ERROR, "last_cloud_error") == "Other error"


async def test_unit_silent_to_the_capabilities_query_is_no_cloud_error(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Many units never answer the capabilities query (3176): the last cloud error stays
    unknown and the debug log names the unit. A command the unit does not confirm (3176) is a
    cloud error."""
    caplog.set_level("DEBUG", logger="custom_components.midea_cloud")
    emulator.add_unit(EMAIL, name="Guest room", power=True, mode=2)
    await setup_entry(hass, config_entry)

    assert shown(hass, "climate.guest_room") == "cool"
    assert shown(hass, LAST_ERROR) == "unknown"
    assert any(
        "Guest room" in record.getMessage() and "capabilities query" in record.getMessage()
        for record in caplog.records
    )

    emulator.faults.add(FaultKind.ERROR_CODE, code=3176, path=SEND, deliver=True)
    await hass.services.async_call(
        "climate",
        "set_hvac_mode",
        {"entity_id": "climate.guest_room", "hvac_mode": "heat"},
        blocking=True,
    )
    await advance(hass, freezer, POLL_INTERVAL)

    sensor = hass.states.get(LAST_ERROR)
    assert (sensor.state, sensor.attributes["code"]) == ("unit_did_not_answer", 3176)
    assert await shown_text(hass, LAST_ERROR, "last_cloud_error") == "Unit did not answer in time"


@pytest.mark.parametrize(
    "language", ["de", "en", "es", "fr", "it", "nl", "pl", "pt-BR", "ru", "zh-Hans"]
)
def test_every_state_of_the_error_sensors_is_translated(language: str) -> None:
    """Each state the two enum sensors can take has a text in every language."""
    translations = Path(__file__).parents[2] / "custom_components" / DOMAIN / "translations"
    sensors = json.loads((translations / f"{language}.json").read_text())["entity"]["sensor"]
    assert set(sensors["error_code"]["state"]) == set(ERROR_CODE_STATES)
    assert set(sensors["last_cloud_error"]["state"]) == set(CLOUD_ERROR_STATES)


@pytest.mark.freeze_time("2026-01-01 12:00:00+00:00")
async def test_sensor_entities(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """The units' temperatures and error codes and the account's two sensors."""
    await snapshot_platform(hass, entity_registry, snapshot, loaded_entry, SENSOR_DOMAIN)
