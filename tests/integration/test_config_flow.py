"""The config flow against the emulator: sign-in, errors, reauth, reconfigure and options."""

from __future__ import annotations

from datetime import timedelta
import socket
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.midea_cloud.codec.signing import password_digest
from custom_components.midea_cloud.const import (
    CONF_APP,
    CONF_BEEP,
    CONF_PASSWORD_DIGEST,
    CONF_SERVER,
    CONF_SESSION,
    CONF_TARGET_STEP,
    DOMAIN,
)
from midea_cloud_emulator import CloudEmulator, FaultKind, SimulatedUnit

from .conftest import EMAIL, PASSWORD, entry_data, setup_entry

LOGIN_NEW = "/v1/user/login/new"
LOGIN_ID = "/v1/user/login/id/get"


def user_input(emulator: CloudEmulator, **changes: Any) -> dict[str, Any]:
    """What a user types into the first form for the emulator's account."""
    return {
        CONF_EMAIL: EMAIL,
        CONF_PASSWORD: PASSWORD,
        CONF_APP: "midea_air",
        CONF_SERVER: emulator.url,
        **changes,
    }


def closed_port_url() -> str:
    """A loopback URL on which nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def start_user_flow(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    return result["flow_id"]


async def test_user_flow_creates_entry_without_the_password(
    hass: HomeAssistant, emulator: CloudEmulator, living_room: SimulatedUnit
) -> None:
    """Signing in stores the e-mail, the app, the server, only a digest of the password, and the
    session it logged in with, which the entry uses: adding an account costs one login."""
    flow_id = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(flow_id, user_input(emulator))

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == EMAIL
    data = dict(result["data"])
    assert data.pop(CONF_SESSION)["server"] == emulator.url
    assert data == {
        CONF_EMAIL: EMAIL,
        CONF_PASSWORD_DIGEST: password_digest(PASSWORD),
        CONF_APP: "midea_air",
        CONF_SERVER: emulator.url,
    }
    assert PASSWORD not in str(result["data"])
    assert result["result"].unique_id == EMAIL
    await hass.async_block_till_done()
    assert hass.states.get("climate.living_room").state == "cool"
    assert emulator.logins(EMAIL) == 1


async def test_user_flow_normalises_the_server_url(
    hass: HomeAssistant, emulator: CloudEmulator
) -> None:
    """A trailing slash and surrounding spaces are dropped from the server URL."""
    flow_id = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        flow_id, user_input(emulator, **{CONF_SERVER: f" {emulator.url}/ "})
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SERVER] == emulator.url


@pytest.mark.parametrize(
    ("wrong", "error", "field", "placeholders"),
    [
        ({CONF_PASSWORD: "wrong password"}, "invalid_auth", "base", {}),
        (
            {CONF_EMAIL: "stranger@example.com"},
            "account_not_found",
            "base",
            {"other_app": "NetHome Plus / MSmartHome"},
        ),
        ({CONF_SERVER: "http://example.com"}, "invalid_server", CONF_SERVER, {}),
        ({CONF_SERVER: "https://example.com/path"}, "invalid_server", CONF_SERVER, {}),
    ],
)
async def test_user_flow_error_then_success(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    wrong: dict[str, str],
    error: str,
    field: str,
    placeholders: dict[str, str],
) -> None:
    """A wrong entry shows a translated error and the corrected entry creates the account."""
    flow_id = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(flow_id, user_input(emulator, **wrong))

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    assert result["description_placeholders"] == placeholders
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(emulator))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_mistyped_email_is_to_be_checked_before_the_other_app(
    hass: HomeAssistant, emulator: CloudEmulator
) -> None:
    """The cloud answers a mistyped e-mail address as it answers an account of the other app
    (3102): the form asks to check the address first, then names the other app."""
    flow_id = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        flow_id, user_input(emulator, **{CONF_EMAIL: "owner@exmaple.com"})
    )

    assert result["errors"] == {"base": "account_not_found"}
    texts = await async_get_translations(hass, "en", "config", {DOMAIN})
    shown = texts[f"component.{DOMAIN}.config.error.account_not_found"].format(
        **result["description_placeholders"]
    )
    assert shown == (
        "The Midea cloud knows no account with this e-mail address for the chosen app. Check the "
        "e-mail address first; if it is right, the account may belong to the other app: try "
        "NetHome Plus / MSmartHome."
    )


async def test_user_flow_cannot_connect_then_success(
    hass: HomeAssistant, emulator: CloudEmulator
) -> None:
    """A server that does not answer is a connection error, not a password error."""
    flow_id = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        flow_id, user_input(emulator, **{CONF_SERVER: closed_port_url()})
    )

    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(emulator))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_unknown_error_then_success(
    hass: HomeAssistant, emulator: CloudEmulator
) -> None:
    """An answer that is not JSON is reported as an unexpected error."""
    emulator.faults.add(FaultKind.NOT_JSON, path=LOGIN_ID)
    flow_id = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(flow_id, user_input(emulator))

    assert result["errors"] == {"base": "unknown"}
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(emulator))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_rate_limited_waits_for_the_block_to_end(
    hass: HomeAssistant, emulator: CloudEmulator, freezer: FrozenDateTimeFactory
) -> None:
    """After a 7610 the flow shows until when, and does not log in again before then."""
    emulator.faults.add(FaultKind.ERROR_CODE, code=7610, path=LOGIN_NEW)
    flow_id = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(flow_id, user_input(emulator))

    assert result["errors"] == {"base": "rate_limited"}
    assert result["description_placeholders"]["until"]
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(emulator))
    assert result["errors"] == {"base": "rate_limited"}
    assert emulator.logins(EMAIL) == 1

    freezer.tick(timedelta(hours=1, minutes=1))
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(emulator))

    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_aborts_for_an_account_already_configured(
    hass: HomeAssistant, emulator: CloudEmulator, config_entry: MockConfigEntry
) -> None:
    """The same cloud account cannot be added twice."""
    config_entry.add_to_hass(hass)
    flow_id = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(flow_id, user_input(emulator))

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reauth_error_then_success(
    hass: HomeAssistant, emulator: CloudEmulator, living_room: SimulatedUnit
) -> None:
    """Reauth asks for the new password, rejects a wrong one and stores the new digest."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=EMAIL,
        unique_id=emulator.account(EMAIL).user_id,
        data=entry_data(emulator, **{CONF_PASSWORD_DIGEST: password_digest("old password")}),
    )
    await setup_entry(hass, entry)
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    flow_id = flows[0]["flow_id"]
    result = await hass.config_entries.flow.async_configure(flow_id)
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"][CONF_EMAIL] == EMAIL

    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_PASSWORD: "still wrong"})
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_PASSWORD: PASSWORD})
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_PASSWORD_DIGEST] == password_digest(PASSWORD)
    assert hass.states.get("climate.living_room").state == "cool"


async def test_reconfigure_error_then_success(hass: HomeAssistant, emulator: CloudEmulator) -> None:
    """Reconfigure suggests the other app on 3102 and stores the new app and server."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=EMAIL,
        unique_id=emulator.account(EMAIL).user_id,
        data=entry_data(emulator, **{CONF_APP: "nethome_plus", CONF_SERVER: None}),
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure"
    flow_id = result["flow_id"]

    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_APP: "nethome_plus", CONF_SERVER: emulator.url}
    )
    assert result["errors"] == {"base": "account_not_found"}
    assert result["description_placeholders"] == {"other_app": "Midea Air / MSmartHome"}

    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_APP: "midea_air", CONF_SERVER: "ftp://127.0.0.1"}
    )
    assert result["errors"] == {CONF_SERVER: "invalid_server"}

    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_APP: "midea_air", CONF_SERVER: emulator.url}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_APP] == "midea_air"
    assert entry.data[CONF_SERVER] == emulator.url


async def test_options_change_step_and_beep_without_logging_in_again(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    living_room: SimulatedUnit,
) -> None:
    """New options apply at once (card step, next command's beep) and need no new login."""
    assert hass.states.get("climate.living_room").attributes["target_temp_step"] == 1.0
    logins = emulator.logins(EMAIL)
    result = await hass.config_entries.options.async_init(loaded_entry.entry_id)
    assert result["step_id"] == "init"

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_BEEP: True, CONF_TARGET_STEP: "0.5"}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert loaded_entry.options == {CONF_BEEP: True, CONF_TARGET_STEP: 0.5}
    assert hass.states.get("climate.living_room").attributes["target_temp_step"] == 0.5
    await hass.services.async_call(
        "climate",
        "set_temperature",
        {"entity_id": "climate.living_room", "temperature": 22.5},
        blocking=True,
    )
    assert living_room.decoded_sets[-1]["beep"] is True
    assert emulator.logins(EMAIL) == logins


async def test_user_flow_honours_a_login_block_stored_before_a_restart(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """A 7610 deadline from before the restart is kept: no login until it has passed."""
    until = dt_util.utcnow() + timedelta(minutes=30)
    hass_storage["midea_cloud.login_blocks"] = {
        "version": 1,
        "key": "midea_cloud.login_blocks",
        "data": {EMAIL: until.isoformat(), "other@example.com": "not a time"},
    }
    flow_id = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        flow_id, user_input(emulator, **{CONF_SERVER: ""})
    )

    assert result["errors"] == {"base": "rate_limited"}
    assert emulator.count() == 0
    freezer.tick(timedelta(minutes=31))
    result = await hass.config_entries.flow.async_configure(flow_id, user_input(emulator))
    assert result["type"] is FlowResultType.CREATE_ENTRY
