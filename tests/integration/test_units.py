"""Units on the account: polling, offline and failing units, units added and removed."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.midea_cloud.const import DOMAIN, POLL_INTERVAL
from midea_cloud_emulator import COOL_ONLY, FULL, CloudEmulator, FaultKind, SimulatedUnit

from .conftest import EMAIL, advance, setup_entry, unit_device

SEND = "/v1/appliance/transparent/send/new"
LIST = "/v1/appliance/user/list/get"
UNIT_LIST_INTERVAL = timedelta(minutes=10)


@pytest.fixture
def hallway(emulator: CloudEmulator) -> SimulatedUnit:
    """A unit the cloud reports offline."""
    return emulator.add_unit(EMAIL, name="Hallway", online=False)


async def test_each_poll_queries_every_online_unit_once(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    freezer: FrozenDateTimeFactory,
    config_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    bedroom: SimulatedUnit,
    hallway: SimulatedUnit,
) -> None:
    """Two online units cost two relay requests per poll; the offline one is not asked.

    While a unit is offline, the unit list is read at each poll instead (one request), so the
    unit is polled again as soon as the cloud lists it online.
    """
    await setup_entry(hass, config_entry)
    before = emulator.count(SEND)
    assert emulator.count(LIST) == 1

    await advance(hass, freezer, POLL_INTERVAL)

    assert emulator.count(SEND) - before == 2
    assert emulator.count(LIST) == 2
    assert hallway.received_frames == []
    assert hass.states.get("climate.hallway").state == "unavailable"
    assert hass.states.get("climate.living_room").state == "cool"


async def test_failing_unit_is_unavailable_after_three_polls_and_logged_once(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two failed polls keep the last state; the third makes the unit unavailable."""
    emulator.faults.add(
        FaultKind.HTTP_STATUS, status=502, path=SEND, appliance_id=living_room.appliance_id, count=4
    )

    for _ in range(2):
        await advance(hass, freezer, POLL_INTERVAL)
        assert hass.states.get("climate.living_room").state == "cool"
    await advance(hass, freezer, POLL_INTERVAL)
    assert hass.states.get("climate.living_room").state == "unavailable"
    assert hass.states.get("climate.bedroom").state == "off"
    await advance(hass, freezer, POLL_INTERVAL)
    await advance(hass, freezer, POLL_INTERVAL)

    assert hass.states.get("climate.living_room").state == "cool"
    assert caplog.text.count("Living room is unavailable") == 1
    assert caplog.text.count("Living room is available again") == 1


async def test_unit_going_offline_is_unavailable_at_once_and_back_within_one_poll(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A 3123 answer marks the unit unavailable; it is not asked again until listed online.

    While it is offline the unit list is read at each poll, so it is back one poll after the
    cloud lists it online again.
    """
    living_room.online = False
    await advance(hass, freezer, POLL_INTERVAL)
    assert hass.states.get("climate.living_room").state == "unavailable"
    frames = len(living_room.received_frames)
    lists = emulator.count(LIST)

    await advance(hass, freezer, POLL_INTERVAL)
    assert len(living_room.received_frames) == frames  # listed offline: not queried
    assert emulator.count(LIST) == lists + 1

    living_room.online = True
    await advance(hass, freezer, POLL_INTERVAL)

    assert len(living_room.received_frames) == frames + 1
    assert hass.states.get("climate.living_room").state == "cool"


async def test_new_unit_appears_with_the_next_list_refresh(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A unit added in the app gets its device and entities within ten minutes."""
    emulator.add_unit(EMAIL, name="Study", power=True, mode=4, target=22.0)
    await advance(hass, freezer, POLL_INTERVAL)
    assert hass.states.get("climate.study") is None

    await advance(hass, freezer, UNIT_LIST_INTERVAL)

    assert hass.states.get("climate.study").state == "heat"
    assert hass.states.get("sensor.study_indoor_temperature").state == "25.0"


async def test_new_units_get_the_entities_their_capabilities_call_for(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Units added later are asked for their capabilities before their entities are made."""
    emulator.add_unit(EMAIL, name="Study", power=True, capabilities=FULL)
    emulator.add_unit(EMAIL, name="Attic", power=True, capabilities=COOL_ONLY)

    await advance(hass, freezer, UNIT_LIST_INTERVAL)

    assert hass.states.get("switch.study_display").state == "on"
    assert hass.states.get("binary_sensor.study_dust_filter").state == "off"
    assert hass.states.get("climate.attic").attributes["hvac_modes"] == ["off", "cool", "fan_only"]
    assert hass.states.get("switch.attic_display") is None
    assert hass.states.get("binary_sensor.attic_dust_filter") is None


async def test_removed_unit_loses_its_device(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    bedroom: SimulatedUnit,
    device_registry: dr.DeviceRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A unit deleted in the app: its query fails, the list is read early, and the device goes
    when the list read at the next poll leaves it out again."""
    assert unit_device(device_registry, loaded_entry, bedroom.appliance_id)
    emulator.remove_unit(EMAIL, bedroom.appliance_id)

    await advance(hass, freezer, POLL_INTERVAL)
    assert emulator.count(LIST) == 1
    await advance(hass, freezer, POLL_INTERVAL)
    assert emulator.count(LIST) == 2
    assert unit_device(device_registry, loaded_entry, bedroom.appliance_id)
    assert hass.states.get("climate.bedroom").state == "off"
    await advance(hass, freezer, POLL_INTERVAL)

    assert emulator.count(LIST) == 3
    assert unit_device(device_registry, loaded_entry, bedroom.appliance_id) is None
    for entity_id in ("climate.bedroom", "switch.bedroom_display", "sensor.bedroom_error_code"):
        assert hass.states.get(entity_id) is None
    assert hass.states.get("climate.living_room").state == "cool"
    account = unit_device(device_registry, loaded_entry, f"account-{loaded_entry.unique_id}")
    assert account is not None
    assert hass.states.get("sensor.owner_example_com_last_successful_poll") is not None


async def test_only_a_device_no_longer_on_the_account_can_be_removed_by_hand(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Deleting a live unit's device or the account's is refused; a leftover may be deleted."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)
    live = unit_device(device_registry, loaded_entry, living_room.appliance_id)
    account = unit_device(device_registry, loaded_entry, f"account-{loaded_entry.unique_id}")
    leftover = device_registry.async_get_or_create(
        config_entry_id=loaded_entry.entry_id, identifiers={(DOMAIN, "1234567890")}
    )

    results = []
    for device in (live, account, leftover):
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": loaded_entry.entry_id,
                "device_id": device.id,
            }
        )
        results.append((await client.receive_json())["success"])

    assert results == [False, False, True]
    assert device_registry.async_get(live.id) is not None
    assert device_registry.async_get(leftover.id) is None


async def test_polls_are_concurrent_but_at_most_four_in_flight(
    hass: HomeAssistant, emulator: CloudEmulator, config_entry: MockConfigEntry
) -> None:
    """Ten units with a slow cloud: one query and one capabilities query each, four at a time."""
    for number in range(10):
        emulator.add_unit(EMAIL, name=f"Room {number}")
    emulator.faults.latency = 0.05

    await setup_entry(hass, config_entry)

    assert emulator.count(SEND) == 20
    assert emulator.peak_sends_in_flight == 4
    assert len(hass.states.async_entity_ids("climate")) == 10


def unit_devices(device_registry: dr.DeviceRegistry, entry: MockConfigEntry) -> set[str]:
    """The appliance ids of the entry's unit devices."""
    return {
        identifier
        for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
        for domain, identifier in device.identifiers
        if domain == DOMAIN and identifier.isdecimal()
    }


@pytest.mark.parametrize("kind", [FaultKind.NULL_RESULT, FaultKind.EMPTY_RESULT])
async def test_a_list_answer_without_a_list_removes_nothing(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    bedroom: SimulatedUnit,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
    kind: FaultKind,
) -> None:
    """``result: null`` (or a result without ``list``) is a broken answer, not an empty account:
    every device, entity, area and name the user gave stays, and the list is read again."""
    area = ar.async_get(hass).async_create("Living room")
    device = unit_device(device_registry, loaded_entry, living_room.appliance_id)
    device_registry.async_update_device(device.id, area_id=area.id, name_by_user="Salon")
    entity_registry.async_update_entity("climate.living_room", name="Big AC")
    ids = {living_room.appliance_id, bedroom.appliance_id}
    emulator.faults.add(kind, path=LIST)

    await advance(hass, freezer, UNIT_LIST_INTERVAL)
    assert unit_devices(device_registry, loaded_entry) == ids
    await advance(hass, freezer, POLL_INTERVAL)

    assert emulator.count(LIST) == 3
    assert unit_devices(device_registry, loaded_entry) == ids
    device = device_registry.async_get(device.id)
    assert (device.area_id, device.name_by_user) == (area.id, "Salon")
    assert entity_registry.async_get("climate.living_room").name == "Big AC"
    assert hass.states.get("climate.living_room").state == "cool"
    assert hass.states.get("climate.bedroom").state == "off"


async def test_unit_missing_from_one_list_only_is_kept(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    bedroom: SimulatedUnit,
    device_registry: dr.DeviceRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A list that leaves a unit out once (a cloud hiccup) costs it neither device nor entities."""
    device = unit_device(device_registry, loaded_entry, bedroom.appliance_id)
    device_registry.async_update_device(device.id, name_by_user="Guest room")
    units = emulator.account(EMAIL).units
    del units[bedroom.appliance_id]
    await advance(hass, freezer, UNIT_LIST_INTERVAL)
    assert hass.states.get("climate.bedroom").state == "off"
    units[bedroom.appliance_id] = bedroom
    await advance(hass, freezer, POLL_INTERVAL)
    await advance(hass, freezer, UNIT_LIST_INTERVAL)

    kept = unit_device(device_registry, loaded_entry, bedroom.appliance_id)
    assert (kept.id, kept.name_by_user) == (device.id, "Guest room")
    assert hass.states.get("climate.bedroom").state == "off"
    assert hass.states.get("switch.bedroom_display").state == "on"


async def test_failed_unit_list_while_a_unit_is_offline_keeps_the_others(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    freezer: FrozenDateTimeFactory,
    config_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    hallway: SimulatedUnit,
) -> None:
    """The extra list reads while a unit is offline may fail: the online units stay available,
    the polls count as successful and the offline unit is back once a read works."""
    await setup_entry(hass, config_entry)
    emulator.faults.add(FaultKind.HTTP_STATUS, status=502, path=LIST, count=None)
    last_poll = "sensor.owner_example_com_last_successful_poll"

    for _ in range(4):
        before = hass.states.get(last_poll).state
        await advance(hass, freezer, POLL_INTERVAL)
        assert hass.states.get("climate.living_room").state == "cool"
        assert hass.states.get(last_poll).state != before
    assert emulator.count(LIST) == 5
    hallway.online = True
    emulator.faults.clear()
    await advance(hass, freezer, POLL_INTERVAL)

    assert hass.states.get("climate.hallway").state == "off"
    assert hass.states.get("climate.living_room").state == "cool"
