"""Snapshots of every entity and of the diagnostics."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.midea_cloud.codec.signing import password_digest
from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from .conftest import EMAIL, PASSWORD, setup_entry

# What the integration decides; attributes Home Assistant adds itself differ between versions.
SHOWN_ATTRIBUTES = {
    "code", "current_temperature", "device_class", "fan_mode", "fan_modes", "friendly_name",
    "hvac_modes", "max_temp", "min_temp", "options", "preset_mode", "preset_modes",
    "state_class", "supported_features", "swing_mode", "swing_modes", "target_temp_step",
    "temperature", "unit_of_measurement",
}  # fmt: skip


@pytest.mark.freeze_time("2026-01-01 12:00:00+00:00")
async def test_entities(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every entity: its registry entry, its device and what it shows."""
    entries = er.async_entries_for_config_entry(entity_registry, loaded_entry.entry_id)
    shown = {}
    for entry in sorted(entries, key=lambda entry: entry.entity_id):
        device = device_registry.async_get(entry.device_id or "")
        state = hass.states.get(entry.entity_id)
        shown[entry.entity_id] = {
            "unique_id": entry.unique_id,
            "translation_key": entry.translation_key,
            "original_name": entry.original_name,
            "has_entity_name": entry.has_entity_name,
            "entity_category": entry.entity_category,
            "device": device
            and {
                "name": device.name,
                "manufacturer": device.manufacturer,
                "model": device.model,
                "entry_type": device.entry_type,
            },
            "state": state.state,
            "attributes": {
                key: value for key, value in state.attributes.items() if key in SHOWN_ATTRIBUTES
            },
        }

    assert shown == snapshot


@pytest.mark.usefixtures("socket_enabled")
async def test_diagnostics_redact_every_secret(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    config_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    bedroom: SimulatedUnit,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
) -> None:
    """Diagnostics show the units' states but no e-mail, digest, user id, id or serial.

    Set up on the real clock: Home Assistant 2025.4 cannot serialise diagnostics under freezegun.
    """
    await setup_entry(hass, config_entry)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, config_entry)

    assert diagnostics == snapshot
    text = str(diagnostics)
    account = emulator.account(EMAIL)
    secrets = [EMAIL, password_digest(PASSWORD), account.user_id]
    for unit in account.units.values():
        secrets += [unit.appliance_id, unit.serial]
    assert [secret for secret in secrets if secret in text] == []
