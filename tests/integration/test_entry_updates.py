"""Reauthentication, reconfiguration and options on a set-up entry: each costs at most one reload
and one login, and Home Assistant reports nothing of ours as deprecated (its 2026.11 release
reports a flow that reloads an entry which has an update listener; 2026.12 refuses it)."""

from __future__ import annotations

from collections.abc import Callable

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_PASSWORD
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.midea_cloud.codec.signing import password_digest
from custom_components.midea_cloud.const import (
    CONF_APP,
    CONF_BEEP,
    CONF_PASSWORD_DIGEST,
    CONF_SERVER,
    CONF_TARGET_STEP,
    DOMAIN,
    POLL_INTERVAL,
)
from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from ..conftest import deprecation_reports
from .conftest import EMAIL, PASSWORD, advance, entry_data, setup_entry

NEW_PASSWORD = "a new password for the app"


def count_setups(entry: MockConfigEntry) -> Callable[[], int]:
    """Count the times the entry finishes setting up from now on (a reload is one)."""
    setups = 0

    @callback
    def state_changed() -> None:
        nonlocal setups
        if entry.state is ConfigEntryState.LOADED:
            setups += 1

    entry.async_on_state_change(state_changed)
    return lambda: setups


def reauth_flow_id(hass: HomeAssistant) -> str:
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    return flows[0]["flow_id"]


async def test_reauth_of_a_running_entry_reloads_once_with_one_login(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The password changed in the app: the running entry asks for it, and the new one is used
    by a single reload that reuses the flow's session."""
    emulator.account(EMAIL).password_digest = password_digest(NEW_PASSWORD)
    emulator.expire_sessions()
    await advance(hass, freezer, POLL_INTERVAL)
    flow_id = reauth_flow_id(hass)
    setups, logins = count_setups(loaded_entry), emulator.logins(EMAIL)

    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_PASSWORD: NEW_PASSWORD})
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert loaded_entry.data[CONF_PASSWORD_DIGEST] == password_digest(NEW_PASSWORD)
    assert (setups(), emulator.logins(EMAIL) - logins) == (1, 1)
    assert loaded_entry.state is ConfigEntryState.LOADED
    assert hass.states.get("climate.living_room").state == "cool"
    assert deprecation_reports(caplog) == []


async def test_reauth_after_a_failed_setup_sets_up_once_with_one_login(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An entry whose setup the cloud refused (no update listener) is set up by the flow."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=EMAIL,
        unique_id=EMAIL,
        data=entry_data(emulator, **{CONF_PASSWORD_DIGEST: password_digest("old password")}),
        minor_version=2,
    )
    await setup_entry(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flow_id = reauth_flow_id(hass)
    setups, logins = count_setups(entry), emulator.logins(EMAIL)

    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_PASSWORD: PASSWORD})
    await hass.async_block_till_done()

    assert result["reason"] == "reauth_successful"
    assert (setups(), emulator.logins(EMAIL) - logins) == (1, 1)
    assert hass.states.get("climate.living_room").state == "cool"
    assert deprecation_reports(caplog) == []


async def test_reauth_with_the_stored_password_still_reloads_once(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Entering the password the entry already has changes no data, yet the entry is set up
    again with the flow's fresh session (the running one may be the one that failed)."""
    result = await loaded_entry.start_reauth_flow(hass)
    setups, logins = count_setups(loaded_entry), emulator.logins(EMAIL)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: PASSWORD}
    )
    await hass.async_block_till_done()

    assert result["reason"] == "reauth_successful"
    assert (setups(), emulator.logins(EMAIL) - logins) == (1, 1)
    assert deprecation_reports(caplog) == []


async def test_reconfigure_of_a_running_entry_reloads_once_with_one_login(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The account moved to NetHome Plus (a new cloud user id): choosing that app is checked with
    one login, and that session carries the reloaded entry."""
    emulator.move_account(EMAIL, app="nethome_plus")
    result = await loaded_entry.start_reconfigure_flow(hass)
    setups, logins = count_setups(loaded_entry), emulator.logins(EMAIL)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_APP: "nethome_plus", CONF_SERVER: emulator.url}
    )
    await hass.async_block_till_done()

    assert result["reason"] == "reconfigure_successful"
    assert loaded_entry.data[CONF_APP] == "nethome_plus"
    assert (setups(), emulator.logins(EMAIL) - logins) == (1, 1)
    assert hass.states.get("climate.living_room").state == "cool"
    assert deprecation_reports(caplog) == []


async def test_reconfigure_that_changes_nothing_costs_nothing(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Submitting the form as it is shown neither logs in nor reloads."""
    result = await loaded_entry.start_reconfigure_flow(hass)
    setups, logins = count_setups(loaded_entry), emulator.logins(EMAIL)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_APP: "midea_air", CONF_SERVER: emulator.url}
    )
    await hass.async_block_till_done()

    assert result["reason"] == "reconfigure_successful"
    assert (setups(), emulator.logins(EMAIL) - logins) == (0, 0)
    assert deprecation_reports(caplog) == []


async def test_options_apply_without_a_reload_or_a_login(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """New options reach the card at once; the entry keeps running on its session."""
    result = await hass.config_entries.options.async_init(loaded_entry.entry_id)
    setups, logins = count_setups(loaded_entry), emulator.logins(EMAIL)

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_BEEP: True, CONF_TARGET_STEP: "0.5"}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert hass.states.get("climate.living_room").attributes["target_temp_step"] == 0.5
    assert (setups(), emulator.logins(EMAIL) - logins) == (0, 0)
    assert deprecation_reports(caplog) == []


async def test_adding_an_account_costs_one_login(
    hass: HomeAssistant, emulator: CloudEmulator, living_room: SimulatedUnit
) -> None:
    """The entry the user flow creates sets up on the session the flow checked the account with."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": "user"})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {"email": EMAIL, CONF_PASSWORD: PASSWORD, CONF_APP: "midea_air", CONF_SERVER: emulator.url},
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].state is ConfigEntryState.LOADED
    assert emulator.logins(EMAIL) == 1
    assert hass.states.get("climate.living_room").state == "cool"


async def test_adding_a_configured_e_mail_aborts_before_logging_in(
    hass: HomeAssistant, emulator: CloudEmulator, loaded_entry: MockConfigEntry
) -> None:
    """The running entry keeps its session: the same e-mail, in any case, is refused at once."""
    logins = emulator.logins(EMAIL)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": "user"})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            "email": EMAIL.upper(),
            CONF_PASSWORD: PASSWORD,
            CONF_APP: "nethome_plus",
            CONF_SERVER: emulator.url,
        },
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert emulator.logins(EMAIL) == logins


async def test_entries_of_version_1_1_keep_the_account_device_and_its_sensors(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    entity_registry: er.EntityRegistry,
) -> None:
    """Entries made before 1.2 were identified by the cloud's user id; the migration moves the
    account's device and sensors to the e-mail, keeping their entity ids."""
    user_id = emulator.account(EMAIL).user_id
    entry = MockConfigEntry(
        domain=DOMAIN, title=EMAIL, unique_id=user_id, data=entry_data(emulator), minor_version=1
    )
    entry.add_to_hass(hass)
    entity_registry.async_get_or_create(
        "sensor",
        DOMAIN,
        f"account-{user_id}-last_cloud_error",
        config_entry=entry,
        suggested_object_id="my_midea_cloud_errors",
    )

    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert (entry.unique_id, entry.minor_version) == (EMAIL, 2)
    assert (
        entity_registry.async_get_entity_id("sensor", DOMAIN, f"account-{EMAIL}-last_cloud_error")
        == "sensor.my_midea_cloud_errors"
    )
    assert hass.states.get("sensor.my_midea_cloud_errors") is not None
    assert hass.states.get("climate.living_room").state == "cool"
