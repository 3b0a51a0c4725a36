"""An MSmartHome account in Home Assistant, against the emulator's v5 proxy: adding it,
controlling a unit, its power, energy and humidity sensors, switching an entry to it, and the
device quota (65027)."""

from __future__ import annotations

from datetime import timedelta
import json
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.diagnostics import REDACTED
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.midea_cloud.codec.msmarthome import iam_digest, is_device_id
from custom_components.midea_cloud.codec.signing import password_digest
from custom_components.midea_cloud.const import (
    CONF_APP,
    CONF_DEVICE_ID,
    CONF_IAM_DIGEST,
    CONF_PASSWORD_DIGEST,
    CONF_SERVER,
    CONF_SESSION,
    DOMAIN,
    READINGS_INTERVAL,
)
from custom_components.midea_cloud.diagnostics import async_get_config_entry_diagnostics
from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from .conftest import EMAIL, PASSWORD, advance, entry_data, setup_entry

MSH_EMAIL = "msmarthome-owner@example.com"
LOGIN = "/mj/user/login"
LUA = "/v1/device/status/lua/get"
DEVICE_ID = "0123456789abcdef"


@pytest.fixture
def msmarthome_units(emulator: CloudEmulator) -> list[SimulatedUnit]:
    """An MSmartHome account in the EU region with the demo's three units."""
    emulator.add_account(MSH_EMAIL, PASSWORD, app="msmarthome", region="mp-eu-prod")
    return [
        emulator.add_unit(
            MSH_EMAIL, name="Living room", power=True, mode=2, target=23.0, indoor=26.5,
            power_w=820.0, energy_kwh=12.5, humidity=48.0,
        ),
        emulator.add_unit(MSH_EMAIL, name="Bedroom", power=False, mode=4, humidity=55.0),
        emulator.add_unit(MSH_EMAIL, name="Office", power=True, mode=5, lua=False),
    ]  # fmt: skip


def msmarthome_entry(emulator: CloudEmulator) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title=MSH_EMAIL,
        unique_id=MSH_EMAIL,
        minor_version=2,
        data={
            CONF_EMAIL: MSH_EMAIL,
            CONF_PASSWORD_DIGEST: password_digest(PASSWORD),
            CONF_IAM_DIGEST: iam_digest(PASSWORD),
            CONF_DEVICE_ID: DEVICE_ID,
            CONF_APP: "msmarthome",
            CONF_SERVER: None,
        },
    )


def logins(emulator: CloudEmulator) -> int:
    return emulator.count(LOGIN)


def reading_entities(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, str]:
    """The power, energy and humidity sensors: entity id -> state."""
    registry = er.async_get(hass)
    return {
        entity.entity_id: hass.states.get(entity.entity_id).state  # type: ignore[union-attr]
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
        if entity.unique_id.endswith(("-power", "-energy", "-humidity"))
    }


@pytest.mark.usefixtures("cloud_regions")
async def test_adding_an_msmarthome_account(
    hass: HomeAssistant, emulator: CloudEmulator, msmarthome_units: list[SimulatedUnit]
) -> None:
    """The form with MSmartHome chosen: one login through the router, an entry that keeps the
    two digests and a device id (never the password), and the units with their sensors."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_EMAIL: MSH_EMAIL, CONF_PASSWORD: PASSWORD, CONF_APP: "msmarthome"},
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.state is ConfigEntryState.LOADED
    data = dict(entry.data)
    assert data[CONF_IAM_DIGEST] == iam_digest(PASSWORD)
    assert data[CONF_PASSWORD_DIGEST] == password_digest(PASSWORD)
    assert is_device_id(data[CONF_DEVICE_ID])
    assert PASSWORD not in json.dumps(data)
    assert logins(emulator) == 1
    sent = [r.params.get("deviceId") for r in emulator.requests if r.path == LOGIN]
    assert sent == [data[CONF_DEVICE_ID]]
    shown = reading_entities(hass, entry)
    assert float(shown.pop("sensor.living_room_energy")) == pytest.approx(12.5, abs=0.01)
    assert shown == {
        "sensor.living_room_power": "820.0",
        "sensor.living_room_humidity": "48.0",
        "sensor.bedroom_humidity": "55.0",
    }
    energy = hass.states.get("sensor.living_room_energy")
    assert energy is not None
    assert energy.attributes["state_class"] == "total_increasing"
    assert energy.attributes["unit_of_measurement"] == "kWh"
    assert energy.attributes["device_class"] == "energy"


@pytest.mark.usefixtures("cloud_regions")
async def test_thermostat_and_readings_on_msmarthome(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: CloudEmulator,
    msmarthome_units: list[SimulatedUnit],
) -> None:
    """A card command reaches the unit as a decoded SET; readings follow every five minutes;
    a reload costs no login."""
    entry = msmarthome_entry(emulator)
    await setup_entry(hass, entry)
    living_room = msmarthome_units[0]

    await hass.services.async_call(
        "climate",
        "set_hvac_mode",
        {"entity_id": "climate.living_room", "hvac_mode": "heat"},
        blocking=True,
    )
    await hass.services.async_call(
        "climate",
        "set_temperature",
        {"entity_id": "climate.living_room", "temperature": 25.5},
        blocking=True,
    )
    assert [(s["power"], s["mode"], s["target"]) for s in living_room.decoded_sets] == [
        (True, 4, 23.0),
        (True, 4, 25.5),
    ]
    state = hass.states.get("climate.living_room")
    assert state is not None
    assert (state.state, state.attributes["temperature"]) == ("heat", 25.5)

    asked = emulator.count(LUA)
    living_room.power_w = 1000.0
    await advance(hass, freezer, READINGS_INTERVAL - timedelta(minutes=1))
    assert emulator.count(LUA) == asked
    await advance(hass, freezer, timedelta(minutes=1))
    assert emulator.count(LUA) == asked + 3, "living room twice, bedroom's humidity once"
    assert hass.states.get("sensor.living_room_power").state == "1000.0"  # type: ignore[union-attr]
    energy = float(hass.states.get("sensor.living_room_energy").state)  # type: ignore[union-attr]
    assert energy > 12.5, "the meter counts while the unit runs"

    before = logins(emulator)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert logins(emulator) == before == 1


@pytest.mark.usefixtures("cloud_regions")
async def test_reconfigure_to_msmarthome_asks_for_the_password(
    hass: HomeAssistant, emulator: CloudEmulator, living_room: SimulatedUnit
) -> None:
    """A Midea Air entry moved to MSmartHome: without the password the form says it is needed;
    with it, the entry keeps the new digest and a device id, and logs in once."""
    entry = MockConfigEntry(
        domain=DOMAIN, title=EMAIL, unique_id=EMAIL, minor_version=2, data=entry_data(emulator)
    )
    await setup_entry(hass, entry)
    emulator.move_account(EMAIL, app="msmarthome", region="mp-prod")
    before = logins(emulator)

    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_APP: "msmarthome", CONF_SERVER: ""}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_PASSWORD: "password_needed"}
    assert logins(emulator) == before

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_APP: "msmarthome", CONF_SERVER: "", CONF_PASSWORD: PASSWORD}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_APP] == "msmarthome"
    assert entry.data[CONF_IAM_DIGEST] == iam_digest(PASSWORD)
    assert is_device_id(entry.data[CONF_DEVICE_ID])
    assert entry.state is ConfigEntryState.LOADED
    assert logins(emulator) == before + 1
    assert hass.states.get("climate.living_room").state == "cool"  # type: ignore[union-attr]


@pytest.mark.usefixtures("cloud_regions")
async def test_device_quota_in_the_form(
    hass: HomeAssistant, emulator: CloudEmulator, msmarthome_units: list[SimulatedUnit]
) -> None:
    """65027 while adding the account: a translated error on the form, the form kept."""
    emulator.account(MSH_EMAIL).device_quota = 0
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_EMAIL: MSH_EMAIL, CONF_PASSWORD: PASSWORD, CONF_APP: "msmarthome"},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "device_quota"}
    assert hass.config_entries.async_entries(DOMAIN) == []


@pytest.mark.usefixtures("cloud_regions")
async def test_device_quota_at_setup_shows_a_repair_and_is_not_retried(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: CloudEmulator,
    msmarthome_units: list[SimulatedUnit],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """After 65027 the entry stops with the repair's fix and a sign-in request; no login follows
    by itself. Once the owner has signed devices out, confirming the sign-in brings everything
    back (no password needed) and the repair goes."""
    emulator.account(MSH_EMAIL).device_quota = 0
    entry = msmarthome_entry(emulator)
    await setup_entry(hass, entry)

    assert entry.state is ConfigEntryState.SETUP_ERROR
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"device_quota_{entry.entry_id}")
    assert issue is not None
    assert issue.translation_placeholders == {"account": MSH_EMAIL}
    await advance(hass, freezer, timedelta(hours=2))
    assert logins(emulator) == 1
    assert [
        r.getMessage() for r in caplog.records if r.levelno >= logging.INFO and r.exc_info
    ] == []
    [flow] = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["step_id"] == "reauth_device_quota"

    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "device_quota"}, "not fixed yet: the form says so"
    emulator.account(MSH_EMAIL).device_quota = 5
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {})
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.state is ConfigEntryState.LOADED
    assert logins(emulator) == 3
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"device_quota_{entry.entry_id}") is None


@pytest.mark.usefixtures("cloud_regions")
async def test_diagnostics_redact_the_msmarthome_secrets(
    hass: HomeAssistant, emulator: CloudEmulator, msmarthome_units: list[SimulatedUnit]
) -> None:
    """The second digest, the device id and the session are redacted; readings are shown."""
    entry = msmarthome_entry(emulator)
    await setup_entry(hass, entry)
    diagnostics: dict[str, Any] = await async_get_config_entry_diagnostics(hass, entry)

    data = diagnostics["entry"]["data"]
    assert data[CONF_IAM_DIGEST] == data[CONF_DEVICE_ID] == data[CONF_SESSION] == REDACTED
    text = json.dumps(diagnostics)
    for secret in (iam_digest(PASSWORD), password_digest(PASSWORD), DEVICE_ID, MSH_EMAIL):
        assert secret not in text
    readings = {unit["listing"]["name"]: unit["readings"] for unit in diagnostics["units"]}
    assert readings["Living room"] == {
        "power_w": 820.0,
        "energy_kwh": pytest.approx(12.5, abs=0.01),
        "humidity": 48.0,
    }
    assert readings["Office"] == {"power_w": None, "energy_kwh": None, "humidity": None}
