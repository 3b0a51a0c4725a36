"""The dust-filter alert."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.binary_sensor import DOMAIN as BINARY_SENSOR_DOMAIN
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.midea_cloud.const import POLL_INTERVAL
from midea_cloud_emulator import SimulatedUnit

from .conftest import advance, snapshot_platform

BEDROOM_FILTER = "binary_sensor.bedroom_dust_filter"
LIVING_ROOM_FILTER = "binary_sensor.living_room_dust_filter"


@pytest.mark.freeze_time("2026-01-01 12:00:00+00:00")
async def test_binary_sensor_entities(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Each unit's dust-filter alert: its registry entry and what it shows."""
    await snapshot_platform(hass, entity_registry, snapshot, loaded_entry, BINARY_SENSOR_DOMAIN)


@pytest.mark.usefixtures("loaded_entry")
async def test_dust_filter_turns_on_when_the_unit_asks_and_off_when_reset(
    hass: HomeAssistant, bedroom: SimulatedUnit, freezer: FrozenDateTimeFactory
) -> None:
    """Only the unit that asks for its filter to be cleaned shows the problem, until reset."""
    assert hass.states.get(BEDROOM_FILTER).state == STATE_OFF

    bedroom.state.filter_alert = True
    await advance(hass, freezer, POLL_INTERVAL)
    assert hass.states.get(BEDROOM_FILTER).state == STATE_ON
    assert hass.states.get(LIVING_ROOM_FILTER).state == STATE_OFF

    bedroom.state.filter_alert = False
    await advance(hass, freezer, POLL_INTERVAL)
    assert hass.states.get(BEDROOM_FILTER).state == STATE_OFF


@pytest.mark.usefixtures("loaded_entry")
async def test_dust_filter_of_an_offline_unit_is_unavailable_not_clean(
    hass: HomeAssistant, bedroom: SimulatedUnit, freezer: FrozenDateTimeFactory
) -> None:
    """A unit the cloud reports offline says nothing about its filter; back online, it does."""
    bedroom.state.filter_alert = True
    bedroom.online = False
    await advance(hass, freezer, POLL_INTERVAL)
    assert hass.states.get(BEDROOM_FILTER).state == STATE_UNAVAILABLE

    bedroom.online = True
    await advance(hass, freezer, POLL_INTERVAL)
    assert hass.states.get(BEDROOM_FILTER).state == STATE_ON
