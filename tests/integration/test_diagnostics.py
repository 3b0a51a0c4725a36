"""Diagnostics: what a user can share in an issue report."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
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
    """Diagnostics show the units' states but no e-mail, digest, user id, id or serial."""
    await setup_entry(hass, config_entry)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, config_entry)

    assert diagnostics == snapshot
    text = str(diagnostics)
    account = emulator.account(EMAIL)
    secrets = [EMAIL, password_digest(PASSWORD), account.user_id]
    for unit in account.units.values():
        secrets += [unit.appliance_id, unit.serial]
    assert [secret for secret in secrets if secret in text] == []
