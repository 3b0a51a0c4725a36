"""Capabilities (0xB5): each profile's controls, the cache, the daily refresh and the fallbacks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import DOMAIN as CLIMATE_DOMAIN, ClimateEntityFeature
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.midea_cloud.const import CONF_BEEP, CONF_TARGET_STEP
from midea_cloud_emulator import (
    COOL_ONLY,
    FULL,
    NO_SWING,
    CapabilityProfile,
    CloudEmulator,
    FaultKind,
    SimulatedUnit,
)

from .conftest import EMAIL, advance, setup_entry

SEND = "/v1/appliance/transparent/send/new"
STUDY = "climate.study"
EVERY_MODE = ["off", "auto", "cool", "dry", "heat", "fan_only"]
EVERY_FAN = ["auto", "silent", "low", "medium", "high", "turbo"]
EVERY_SWING = ["off", "vertical", "horizontal", "both"]
EVERY_PRESET = ["none", "eco", "boost", "sleep"]

# What each profile must show on the thermostat card while cooling, and which extra entities
# the unit gets.
EXPECTED: dict[str, dict[str, Any]] = {
    "full": {
        "hvac_modes": EVERY_MODE,
        "fan_modes": EVERY_FAN,
        "swing_modes": EVERY_SWING,
        "preset_modes": EVERY_PRESET,
        "min_temp": 16.0,
        "max_temp": 30.0,
        "target_temp_step": 0.5,
        "display_switch": True,
        "filter_sensor": True,
        "capability_requests": 2,
    },
    "cool_only": {
        "hvac_modes": ["off", "cool", "fan_only"],
        "fan_modes": ["low", "medium", "high"],
        "swing_modes": ["off", "vertical"],
        "preset_modes": EVERY_PRESET,
        "min_temp": 17.0,
        "max_temp": 30.0,
        "target_temp_step": 1.0,
        "display_switch": False,
        "filter_sensor": False,
        "capability_requests": 1,
    },
    "no_swing": {
        "hvac_modes": EVERY_MODE,
        "fan_modes": ["auto", "low", "medium", "high"],
        "swing_modes": None,
        "preset_modes": EVERY_PRESET,
        "min_temp": 16.0,
        "max_temp": 30.0,
        "target_temp_step": 0.5,
        "display_switch": True,
        "filter_sensor": True,
        "capability_requests": 1,
    },
    "silent": {
        "hvac_modes": EVERY_MODE,
        "fan_modes": EVERY_FAN,
        "swing_modes": EVERY_SWING,
        "preset_modes": EVERY_PRESET,
        "min_temp": 16.0,
        "max_temp": 30.0,
        "target_temp_step": 0.5,
        "display_switch": True,
        "filter_sensor": True,
        "capability_requests": 1,
    },
}
PROFILES: dict[str, CapabilityProfile | None] = {
    "full": FULL,
    "cool_only": COOL_ONLY,
    "no_swing": NO_SWING,
    "silent": None,
}


def capability_requests(unit: SimulatedUnit) -> int:
    """How many 0xB5 queries reached the unit."""
    return sum(1 for frame in unit.received_frames if frame[10] == 0xB5)


def card(hass: HomeAssistant) -> dict[str, Any]:
    """What the study's thermostat card offers."""
    attributes = hass.states.get(STUDY).attributes
    return {
        "hvac_modes": attributes["hvac_modes"],
        "fan_modes": attributes.get("fan_modes"),
        "swing_modes": attributes.get("swing_modes"),
        "preset_modes": attributes["preset_modes"],
        "min_temp": attributes["min_temp"],
        "max_temp": attributes["max_temp"],
        "target_temp_step": attributes["target_temp_step"],
    }


def study(emulator: CloudEmulator, profile: CapabilityProfile | None) -> SimulatedUnit:
    return emulator.add_unit(
        EMAIL, name="Study", power=True, mode=2, target=24.0, capabilities=profile
    )


async def call(hass: HomeAssistant, service: str, **data: Any) -> None:
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: STUDY, **data}, blocking=True
    )


@pytest.mark.parametrize("profile", list(EXPECTED))
async def test_each_profile_shows_only_what_the_unit_supports(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    config_entry: MockConfigEntry,
    profile: str,
) -> None:
    """Modes, fans, swing, presets, range and step follow the unit's 0xB5 answer; a unit that
    does not answer keeps every control."""
    unit = study(emulator, PROFILES[profile])
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        config_entry, options={CONF_BEEP: False, CONF_TARGET_STEP: 0.5}
    )

    await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()

    expected = EXPECTED[profile]
    assert card(hass) == {key: expected[key] for key in card(hass)}
    features = hass.states.get(STUDY).attributes["supported_features"]
    assert bool(features & ClimateEntityFeature.SWING_MODE) is (expected["swing_modes"] is not None)
    assert (hass.states.get("switch.study_display") is not None) is expected["display_switch"]
    assert (hass.states.get("binary_sensor.study_dust_filter") is not None) is expected[
        "filter_sensor"
    ]
    assert capability_requests(unit) == expected["capability_requests"]


async def test_mode_the_unit_lacks_is_refused_without_a_command(
    hass: HomeAssistant, emulator: CloudEmulator, config_entry: MockConfigEntry
) -> None:
    """Heating on a cool-only unit, or a fan speed it lacks, never reaches the unit."""
    unit = study(emulator, COOL_ONLY)
    await setup_entry(hass, config_entry)

    for service, data in (
        ("set_hvac_mode", {"hvac_mode": "heat"}),
        ("set_fan_mode", {"fan_mode": "auto"}),
        ("set_swing_mode", {"swing_mode": "horizontal"}),
        ("set_temperature", {"temperature": 16.5}),
    ):
        with pytest.raises(ServiceValidationError):
            await call(hass, service, **data)

    assert unit.decoded_sets == []


async def test_temperature_with_a_mode_the_unit_lacks_is_refused(
    hass: HomeAssistant, emulator: CloudEmulator, config_entry: MockConfigEntry
) -> None:
    """Home Assistant does not check the mode given with a temperature; the integration does."""
    unit = study(emulator, COOL_ONLY)
    await setup_entry(hass, config_entry)

    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, "set_temperature", temperature=22, hvac_mode="heat")

    assert raised.value.translation_key == "unsupported_mode"
    assert raised.value.translation_placeholders == {"name": "Study", "mode": "heat"}
    assert unit.decoded_sets == []


async def test_unit_without_half_degrees_gets_whole_degrees(
    hass: HomeAssistant, emulator: CloudEmulator, config_entry: MockConfigEntry
) -> None:
    """A half degree asked of a unit that has none is rounded to the nearest whole degree."""
    unit = study(emulator, COOL_ONLY)
    await setup_entry(hass, config_entry)

    await call(hass, "set_temperature", temperature=22.5)

    assert unit.decoded_sets[-1]["target"] == 23.0
    assert hass.states.get(STUDY).attributes["temperature"] == 23.0


async def test_presets_follow_the_turbo_capability(
    hass: HomeAssistant, emulator: CloudEmulator, config_entry: MockConfigEntry
) -> None:
    """A unit with turbo only while cooling offers boost in cool, not in heat."""
    unit = emulator.add_unit(
        EMAIL,
        name="Study",
        power=True,
        mode=4,
        capabilities=CapabilityProfile("cool_turbo", (((0x021A, b"\x00"), (0x0212, b"\x00")),)),
    )
    await setup_entry(hass, config_entry)
    assert hass.states.get(STUDY).attributes["preset_modes"] == ["none", "sleep"]

    await call(hass, "set_hvac_mode", hvac_mode="cool")

    assert hass.states.get(STUDY).attributes["preset_modes"] == ["none", "boost", "sleep"]
    assert unit.decoded_sets[-1]["eco"] is False


async def test_cached_capabilities_survive_a_silent_start(
    hass: HomeAssistant, emulator: CloudEmulator, config_entry: MockConfigEntry
) -> None:
    """After a restart during which the unit does not answer 0xB5, the controls stay as the
    unit last reported them instead of growing back to every control."""
    unit = study(emulator, COOL_ONLY)
    await setup_entry(hass, config_entry)
    unit.capabilities = None

    await hass.config_entries.async_reload(config_entry.entry_id)
    await hass.async_block_till_done()

    assert card(hass)["hvac_modes"] == ["off", "cool", "fan_only"]
    assert capability_requests(unit) == 2


async def test_capabilities_are_asked_again_once_a_day(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A unit that changed (a new indoor board) shows its new controls after a day."""
    unit = study(emulator, COOL_ONLY)
    await setup_entry(hass, config_entry)
    unit.capabilities = FULL

    await advance(hass, freezer, timedelta(hours=23))
    assert card(hass)["hvac_modes"] == ["off", "cool", "fan_only"]
    assert capability_requests(unit) == 1
    await advance(hass, freezer, timedelta(hours=1, minutes=1))

    assert card(hass)["hvac_modes"] == EVERY_MODE
    assert capability_requests(unit) == 3


async def test_failed_capabilities_query_is_retried_after_an_hour(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A cloud error on the capabilities query leaves every control and asks again an hour
    later; a unit that stays silent (3176) is only asked again the next day."""
    unit = study(emulator, COOL_ONLY)
    silent = emulator.add_unit(EMAIL, name="Attic")
    emulator.faults.add(
        FaultKind.ERROR_CODE, code=1000, path=SEND, appliance_id=unit.appliance_id, after=1
    )
    await setup_entry(hass, config_entry)
    assert card(hass)["hvac_modes"] == EVERY_MODE

    await advance(hass, freezer, timedelta(hours=1, minutes=1))

    assert card(hass)["hvac_modes"] == ["off", "cool", "fan_only"]
    assert capability_requests(unit) == 1  # the first one never reached the unit
    assert capability_requests(silent) == 1


async def test_removed_unit_forgets_its_capabilities(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """The stored records go with the unit, and with the entry."""
    unit = study(emulator, COOL_ONLY)
    other = emulator.add_unit(EMAIL, name="Attic", capabilities=FULL)
    await setup_entry(hass, config_entry)
    key = f"midea_cloud.{config_entry.entry_id}.capabilities"
    assert set(hass_storage[key]["data"]) == {unit.appliance_id, other.appliance_id}
    assert hass_storage[key]["data"][unit.appliance_id]["0x0214"] == "03"

    emulator.remove_unit(EMAIL, other.appliance_id)
    await advance(hass, freezer, timedelta(minutes=10))
    await advance(hass, freezer, timedelta(minutes=1))  # the next list leaves it out again
    assert set(hass_storage[key]["data"]) == {unit.appliance_id}

    await hass.config_entries.async_remove(config_entry.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage


async def test_damaged_stored_capabilities_are_dropped(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """Stored records that cannot be read count as never reported: every control, no error."""
    unit = study(emulator, None)
    hass_storage[f"midea_cloud.{config_entry.entry_id}.capabilities"] = {
        "version": 1,
        "key": f"midea_cloud.{config_entry.entry_id}.capabilities",
        "data": {unit.appliance_id: {"0x02zz": "03"}},
    }

    await setup_entry(hass, config_entry)

    assert card(hass)["hvac_modes"] == EVERY_MODE


async def test_unit_removed_while_stopped_is_forgotten_at_the_next_start(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    unit = study(emulator, COOL_ONLY)
    other = emulator.add_unit(EMAIL, name="Attic", capabilities=FULL)
    await setup_entry(hass, config_entry)
    await hass.config_entries.async_unload(config_entry.entry_id)
    emulator.remove_unit(EMAIL, other.appliance_id)

    await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()

    key = f"midea_cloud.{config_entry.entry_id}.capabilities"
    assert set(hass_storage[key]["data"]) == {unit.appliance_id}
