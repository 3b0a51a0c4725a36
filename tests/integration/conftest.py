"""Fixtures: Home Assistant with our integration, talking to the cloud emulator on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_EMAIL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props
from syrupy.types import PropertyPath, SerializableData

from custom_components.midea_cloud.codec.signing import password_digest
from custom_components.midea_cloud.const import (
    CONF_APP,
    CONF_PASSWORD_DIGEST,
    CONF_SERVER,
    DATA_SERVER_MAP,
    DOMAIN,
)
from midea_cloud_emulator import CloudEmulator, SimulatedUnit

EMAIL = "owner@example.com"
PASSWORD = "correct horse battery staple"
EMULATOR_URL_PLACEHOLDER = "http://127.0.0.1:<emulator port>"
# Entity registry fields that Home Assistant added after the floor (or serialises differently),
# left out of snapshots so that one snapshot holds on every version tested.
REGISTRY_FIELDS_OF_SOME_VERSIONS = ("aliases", "object_id_base", "suggested_object_id")


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom_components/midea_cloud."""


@pytest.fixture
async def emulator(socket_enabled: None) -> AsyncGenerator[CloudEmulator]:
    """The cloud emulator with one Midea Air account and no units yet."""
    cloud = CloudEmulator()
    cloud.add_account(EMAIL, PASSWORD)
    await cloud.start("127.0.0.1", 0)
    yield cloud
    await cloud.stop()


@pytest.fixture
def cloud_regions(hass: HomeAssistant, emulator: CloudEmulator) -> dict[str, str]:
    """Home Assistant sends the cloud's regional origins to the emulator's three regions.

    For entries without a server URL: region detection and regionDomain, as in production.
    """
    hass.data[DATA_SERVER_MAP] = emulator.server_map
    return emulator.server_map


@pytest.fixture
def living_room(emulator: CloudEmulator) -> SimulatedUnit:
    """A unit cooling to 24 °C with the fan on auto."""
    return emulator.add_unit(
        EMAIL, name="Living room", power=True, mode=2, target=24.0, fan=102, indoor=26.5
    )


@pytest.fixture
def bedroom(emulator: CloudEmulator) -> SimulatedUnit:
    """A unit that is off, last used for heating, and has no outdoor reading."""
    return emulator.add_unit(
        EMAIL, name="Bedroom", power=False, mode=4, target=21.5, fan=40, indoor=19.0, outdoor=None
    )


def entry_data(emulator: CloudEmulator, **changes: Any) -> dict[str, Any]:
    """Config entry data for the emulator's account."""
    return {
        CONF_EMAIL: EMAIL,
        CONF_PASSWORD_DIGEST: password_digest(PASSWORD),
        CONF_APP: "midea_air",
        CONF_SERVER: emulator.url,
        **changes,
    }


@pytest.fixture
def config_entry(emulator: CloudEmulator) -> MockConfigEntry:
    """A config entry for the emulator's account (not added to Home Assistant yet)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=EMAIL,
        unique_id=EMAIL,
        data=entry_data(emulator),
        minor_version=2,
    )


async def setup_entry(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add the entry to Home Assistant and set it up."""
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


@pytest.fixture
async def loaded_entry(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    config_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    bedroom: SimulatedUnit,
) -> MockConfigEntry:
    """The entry set up with two units on the account, on a frozen clock tests can move."""
    await setup_entry(hass, config_entry)
    return config_entry


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta) -> None:
    """Move the clock on and let every timer due by then (polls, confirmations) finish."""
    freezer.tick(delta)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion, emulator: CloudEmulator) -> SnapshotAssertion:
    """Home Assistant's snapshot extension, with the emulator's random port and the time of the
    last poll (tests on the real clock) made stable."""

    def hide_port(data: SerializableData, path: PropertyPath) -> SerializableData:
        if path and path[-1][0] == "last_successful" and data is not None:
            return "<time of the last poll>"
        if isinstance(data, str) and emulator.urls:
            for url in emulator.urls.values():
                data = data.replace(url, EMULATOR_URL_PLACEHOLDER)
        return data

    return snapshot.use_extension(HomeAssistantSnapshotExtension).with_defaults(
        matcher=hide_port, exclude=props(*REGISTRY_FIELDS_OF_SOME_VERSIONS)
    )


def unit_device(
    registry: dr.DeviceRegistry, entry: MockConfigEntry, identifier: str
) -> dr.DeviceEntry | None:
    """The entry's device with our identifier, looked up the same way on every version.

    `async_get_device` is deprecated from 2026.10 (and raises for callers outside an
    integration, such as tests); `async_get_device_by_identifier` does not exist on 2026.3.
    """
    return next(
        (
            device
            for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
            if (DOMAIN, identifier) in device.identifiers
        ),
        None,
    )


async def snapshot_platform(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    entry: MockConfigEntry,
    platform: str,
) -> None:
    """Snapshot the registry entry and the state of each of the entry's entities on a platform.

    Core's helper of the same name needs an entry with one platform loaded, which would mean
    patching the integration; this one picks the platform's entities instead.
    """
    entities = [
        entity
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if entity.domain == platform
    ]
    assert entities
    for entity in entities:
        assert entity == snapshot(name=f"{entity.entity_id}-entry")
        assert (state := hass.states.get(entity.entity_id))
        assert state == snapshot(name=f"{entity.entity_id}-state")
