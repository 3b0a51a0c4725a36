"""Setting up and unloading the entry, and account-wide failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.midea_cloud.const import (
    CONF_SERVER,
    CONFIRMATION_DELAY,
    DOMAIN,
    POLL_INTERVAL,
)
from midea_cloud_emulator import CloudEmulator, FaultKind, SimulatedUnit

from .conftest import EMAIL, advance, entry_data, setup_entry, unit_device
from .test_config_flow import closed_port_url

LOGIN_NEW = "/v1/user/login/new"
LIST = "/v1/appliance/user/list/get"
SEND = "/v1/appliance/transparent/send/new"


async def test_setup_polls_each_unit_once_and_unload_removes_the_entities(
    hass: HomeAssistant, emulator: CloudEmulator, loaded_entry: MockConfigEntry
) -> None:
    """Setup is one login, one list, one query and one capabilities query per unit.

    Unload leaves the entities unavailable.
    """
    assert loaded_entry.state is ConfigEntryState.LOADED
    assert emulator.logins(EMAIL) == 1
    assert emulator.count(LIST) == 1
    assert emulator.count(SEND) == 4
    assert hass.states.get("climate.living_room").state == "cool"

    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()

    assert loaded_entry.state is ConfigEntryState.NOT_LOADED
    assert hass.states.get("climate.living_room").state == "unavailable"


async def test_setup_retries_when_the_cloud_cannot_be_reached(
    hass: HomeAssistant, emulator: CloudEmulator
) -> None:
    """No answer from the server means "not ready yet", not a password problem."""
    entry = MockConfigEntry(
        domain=DOMAIN, title=EMAIL, data=entry_data(emulator, **{CONF_SERVER: closed_port_url()})
    )

    await setup_entry(hass, entry)

    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert "Failed to connect to the Midea cloud" in str(entry.reason)


async def test_setup_retries_on_a_cloud_fault(
    hass: HomeAssistant, emulator: CloudEmulator, config_entry: MockConfigEntry
) -> None:
    """A malformed answer during setup is a cloud error, retried later."""
    emulator.faults.add(FaultKind.NOT_JSON, path=LIST)

    await setup_entry(hass, config_entry)

    assert config_entry.state is ConfigEntryState.SETUP_RETRY
    assert "The Midea cloud answered with an error" in str(config_entry.reason)


async def test_rejected_password_at_setup_starts_reauth(
    hass: HomeAssistant, emulator: CloudEmulator, config_entry: MockConfigEntry
) -> None:
    """A 3101 at setup stops the entry and asks for the password."""
    emulator.account(EMAIL).password_digest = "0" * 64

    await setup_entry(hass, config_entry)

    assert config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_password_changed_while_running_starts_reauth(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """When the session ends and the password no longer works, the next poll asks for it."""
    emulator.account(EMAIL).password_digest = "0" * 64
    emulator.expire_sessions()

    await advance(hass, freezer, POLL_INTERVAL)

    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert emulator.logins(EMAIL) == 2  # set-up, then one try for both units: never repeated

    await advance(hass, freezer, POLL_INTERVAL)
    assert emulator.logins(EMAIL) == 2  # rejected credentials are not tried again


async def test_login_block_is_kept_across_reloads_and_shown_as_an_issue(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    config_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
    living_room: SimulatedUnit,
) -> None:
    """After a 7610 no login is tried for an hour, even by a reload; a repair issue says why."""
    emulator.faults.add(FaultKind.ERROR_CODE, code=7610, path=LOGIN_NEW)
    await setup_entry(hass, config_entry)
    assert config_entry.state is ConfigEntryState.SETUP_RETRY
    issue_id = f"login_rate_limited_{config_entry.entry_id}"
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders["account"] == EMAIL

    await hass.config_entries.async_reload(config_entry.entry_id)
    await hass.async_block_till_done()
    assert config_entry.state is ConfigEntryState.SETUP_RETRY
    assert emulator.logins(EMAIL) == 1

    freezer.tick(timedelta(hours=1, minutes=1))
    await hass.config_entries.async_reload(config_entry.entry_id)
    await hass.async_block_till_done()

    assert config_entry.state is ConfigEntryState.LOADED
    assert emulator.logins(EMAIL) == 2
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_account_moved_to_another_app_is_shown_as_an_issue(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """When the account disappears from the app's cloud, the entities go and an issue explains."""
    emulator.faults.add(FaultKind.ERROR_CODE, code=3102, path=LIST, count=3)
    emulator.faults.add(FaultKind.ERROR_CODE, code=3102, path="/v1/user/login/id/get", count=3)

    await advance(hass, freezer, timedelta(minutes=10))

    issue = issue_registry.async_get_issue(DOMAIN, f"account_not_found_{loaded_entry.entry_id}")
    assert issue is not None
    assert issue.translation_placeholders["other_app"] == "NetHome Plus / MSmartHome"
    assert hass.states.get("climate.living_room").state == "unavailable"


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ({"kind": FaultKind.HTTP_STATUS, "status": 502}, "Failed to connect"),
        ({"kind": FaultKind.ERROR_CODE, "code": 9999}, "answered with an error"),
    ],
)
async def test_unit_list_failure_makes_entities_unavailable_until_it_recovers(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    fault: dict[str, Any],
    message: str,
) -> None:
    """A failed list refresh fails the whole poll; the next good poll brings everything back."""
    emulator.faults.add(path=LIST, **fault)

    await advance(hass, freezer, timedelta(minutes=10))

    assert hass.states.get("climate.living_room").state == "unavailable"
    assert message in caplog.text
    await advance(hass, freezer, POLL_INTERVAL)
    assert hass.states.get("climate.living_room").state == "cool"


async def test_logins_pause_after_three_in_an_hour(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """When sessions keep ending, the integration stops logging in on its own after three."""
    for _ in range(2):
        emulator.expire_sessions()
        await advance(hass, freezer, POLL_INTERVAL)
    assert emulator.logins(EMAIL) == 3
    await hass.services.async_call(
        "climate",
        "set_temperature",
        {"entity_id": "climate.living_room", "temperature": 23},
        blocking=True,
    )
    emulator.expire_sessions()

    await advance(hass, freezer, CONFIRMATION_DELAY)
    assert hass.states.get("climate.living_room").attributes["temperature"] == 23
    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            "climate",
            "set_temperature",
            {"entity_id": "climate.living_room", "temperature": 22},
            blocking=True,
        )
    assert raised.value.translation_key == "login_paused"
    await advance(hass, freezer, POLL_INTERVAL)

    assert hass.states.get("climate.living_room").state == "unavailable"
    assert "Automatic logins are paused until" in caplog.text
    assert emulator.logins(EMAIL) == 3


@pytest.mark.parametrize("stopped", ["unloaded", "retrying"])
async def test_a_unit_device_can_be_removed_while_the_entry_is_not_running(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
    stopped: str,
) -> None:
    """Without a running entry nobody knows the account's units: a unit's device may go (it is
    made again if the unit is still there at the next setup); the account's device may not."""
    assert await async_setup_component(hass, "config", {})
    if stopped == "unloaded":
        await hass.config_entries.async_unload(loaded_entry.entry_id)
    else:
        emulator.faults.add(FaultKind.NOT_JSON, path=LIST, count=None)
        await hass.config_entries.async_reload(loaded_entry.entry_id)
        assert loaded_entry.state is ConfigEntryState.SETUP_RETRY
    await hass.async_block_till_done()
    client = await hass_ws_client(hass)
    unit = unit_device(device_registry, loaded_entry, living_room.appliance_id)
    account = unit_device(device_registry, loaded_entry, f"account-{loaded_entry.unique_id}")
    assert unit is not None
    assert account is not None

    results = []
    for device in (account, unit):
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": loaded_entry.entry_id,
                "device_id": device.id,
            }
        )
        results.append((await client.receive_json())["success"])

    assert results == [False, True]
    assert device_registry.async_get(unit.id) is None
    assert device_registry.async_get(account.id) is not None


@pytest.mark.freeze_time("2026-01-01 12:00:00+00:00")
async def test_devices(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """A device per unit (name, maker, model, serial) and a service device for the account.

    The fields the integration sets; the rest of a device entry differs between versions.
    """
    devices = dr.async_entries_for_config_entry(device_registry, loaded_entry.entry_id)
    assert {
        device.name: {
            "identifiers": device.identifiers,
            "manufacturer": device.manufacturer,
            "model": device.model,
            "serial_number": device.serial_number,
            "entry_type": device.entry_type,
        }
        for device in devices
    } == snapshot
