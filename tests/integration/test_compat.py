"""Home Assistant 2026.x changes the integration meets, checked on every lane.

Each test runs where it makes sense; one that only makes sense from some version on says which
in its skip reason. The deprecation reports Home Assistant writes for custom integrations
("Detected that custom integration 'midea_cloud' …", "… provides the deprecated …") are
collected from the log, as Home Assistant only logs them for custom integrations.
"""

from __future__ import annotations

import logging
from pathlib import Path
import struct
from typing import Any
import warnings

from awesomeversion import AwesomeVersion
from freezegun.api import FrozenDateTimeFactory
from homeassistant import const as ha_const
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.translation import async_get_translations
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)
import voluptuous as vol

from custom_components.midea_cloud.config_flow import (
    OPTIONS_SCHEMA,
    REAUTH_SCHEMA,
    RECONFIGURE_SCHEMA,
    USER_SCHEMA,
)
from custom_components.midea_cloud.const import (
    CONF_APP,
    CONF_BEEP,
    CONF_SERVER,
    CONF_TARGET_STEP,
    DOMAIN,
    POLL_INTERVAL,
)
from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from .conftest import EMAIL, PASSWORD, advance, entry_data, setup_entry, unit_device

HA = AwesomeVersion(ha_const.__version__)
BRAND_DIR = Path(__file__).parents[2] / "custom_components" / DOMAIN / "brand"

# Home Assistant 2026.10 translates shared abort reasons in its own `homeassistant` domain.
CENTRAL_ABORTS = HA >= "2026.10.0"
# Who may word a shared abort reason: ours (no translation domain) on every version; Home
# Assistant's `homeassistant` domain only from 2026.10 (the floor's async_abort has no such
# argument).
WORDED_BY = {None, "homeassistant"} if CENTRAL_ABORTS else {None}


def deprecation_reports(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Every deprecated-use report Home Assistant logged about this integration."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.WARNING
        and (
            f"custom integration '{DOMAIN}'" in record.getMessage()
            or ("provides the deprecated" in record.getMessage() and DOMAIN in record.name)
        )
    ]


# 1. The device registry ------------------------------------------------------------------------


async def test_a_removed_unit_loses_its_device_without_a_deprecated_call(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    bedroom: SimulatedUnit,
    living_room: SimulatedUnit,
    device_registry: dr.DeviceRegistry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The device of a unit deleted in the app goes; the others stay; nothing is reported."""
    assert unit_device(device_registry, loaded_entry, bedroom.appliance_id) is not None
    emulator.remove_unit(EMAIL, bedroom.appliance_id)

    for _ in range(4):  # the unit list is read again within a few polls
        await advance(hass, freezer, POLL_INTERVAL)
        if unit_device(device_registry, loaded_entry, bedroom.appliance_id) is None:
            break

    assert unit_device(device_registry, loaded_entry, bedroom.appliance_id) is None
    assert unit_device(device_registry, loaded_entry, living_room.appliance_id) is not None
    account = f"account-{loaded_entry.unique_id}"
    assert unit_device(device_registry, loaded_entry, account) is not None
    assert deprecation_reports(caplog) == []


@pytest.mark.usefixtures("socket_enabled")
async def test_setup_polls_commands_diagnostics_and_unload_report_no_deprecated_use(
    hass: HomeAssistant,
    *,
    config_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    bedroom: SimulatedUnit,
    hass_client: ClientSessionGenerator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The everyday paths use no Home Assistant API that the running version reports."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        await setup_entry(hass, config_entry)
        await hass.services.async_call(
            "climate",
            "set_temperature",
            {"entity_id": "climate.living_room", "temperature": 22},
            blocking=True,
        )
        await hass.services.async_call(
            "switch", "turn_off", {"entity_id": "switch.bedroom_display"}, blocking=True
        )
        await get_diagnostics_for_config_entry(hass, hass_client, config_entry)
        assert await hass.config_entries.async_unload(config_entry.entry_id)
        await hass.async_block_till_done()

    assert hass.states.get("climate.living_room").state == "unavailable"
    assert deprecation_reports(caplog) == []


# 2. Centrally translated abort reasons ---------------------------------------------------------


async def abort_text(hass: HomeAssistant, result: Any) -> str:
    """The text the frontend shows for an abort, resolved the way it resolves it."""
    domain = result.get("translation_domain") or result["handler"]
    strings = await async_get_translations(hass, "en", "config", [domain])
    return strings[f"component.{domain}.config.abort.{result['reason']}"]


async def test_reauth_success_is_worded_by_the_version_that_ends_the_flow(
    hass: HomeAssistant, emulator: CloudEmulator
) -> None:
    """The text resolves in the domain the result names: ours, or from 2026.10 Home Assistant's.

    async_update_reload_and_abort without a reason names `homeassistant` from 2026.10; an
    explicit reason (or an older version) leaves it to our strings, which must then have it.
    """
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=EMAIL,
        unique_id=emulator.account(EMAIL).user_id,
        data=entry_data(emulator),
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: PASSWORD}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert result.get("translation_domain") in WORDED_BY
    assert await abort_text(hass, result)


async def test_reconfigure_success_is_worded_by_the_version_that_ends_the_flow(
    hass: HomeAssistant, emulator: CloudEmulator
) -> None:
    """As for reauth: the text resolves in the domain the result names."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=EMAIL,
        unique_id=emulator.account(EMAIL).user_id,
        data=entry_data(emulator),
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_APP: "midea_air", CONF_SERVER: emulator.url}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert result.get("translation_domain") in WORDED_BY
    assert await abort_text(hass, result)


async def test_a_second_sign_in_for_the_same_account_has_a_worded_abort(
    hass: HomeAssistant, emulator: CloudEmulator
) -> None:
    """`already_in_progress` comes from async_set_unique_id: before 2026.10 worded by ours.

    The first sign-in waits on its form after a wrong password, holding the account's unique
    ID; a second sign-in for the same account (another browser tab) is turned away.
    """
    sign_in = {CONF_EMAIL: EMAIL, CONF_APP: "midea_air", CONF_SERVER: emulator.url}
    first = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        first["flow_id"], {**sign_in, CONF_PASSWORD: "wrong password"}
    )
    assert result["type"] is FlowResultType.FORM
    second = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        second["flow_id"], {**sign_in, CONF_PASSWORD: PASSWORD}
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_in_progress"
    assert result.get("translation_domain") == ("homeassistant" if CENTRAL_ABORTS else None)
    assert await abort_text(hass, result)


async def test_our_own_abort_reason_stays_ours(hass: HomeAssistant) -> None:
    """`already_configured` is raised without a translation domain on every version."""
    strings = await async_get_translations(hass, "en", "config", [DOMAIN])
    assert strings[f"component.{DOMAIN}.config.abort.already_configured"]


# 3. Probatio behind `voluptuous` ---------------------------------------------------------------

USER = {CONF_EMAIL: "a@example.com", CONF_PASSWORD: "secret"}


@pytest.mark.parametrize(
    ("schema", "data", "expected"),
    [
        (USER_SCHEMA, USER, {**USER, CONF_APP: "midea_air"}),
        (
            USER_SCHEMA,
            {**USER, CONF_APP: "nethome_plus", CONF_SERVER: "https://example.com"},
            {**USER, CONF_APP: "nethome_plus", CONF_SERVER: "https://example.com"},
        ),
        (USER_SCHEMA, {**USER, CONF_SERVER: ""}, {**USER, CONF_APP: "midea_air", CONF_SERVER: ""}),
        (USER_SCHEMA, {CONF_EMAIL: "a@example.com"}, [CONF_PASSWORD]),
        (
            USER_SCHEMA,
            {**USER, CONF_APP: "msmarthome"},
            {**USER, CONF_APP: "msmarthome"},
        ),
        (USER_SCHEMA, {**USER, CONF_APP: "smartthings"}, [CONF_APP]),
        (USER_SCHEMA, {**USER, "extra": 1}, ["extra"]),
        (USER_SCHEMA, {**USER, CONF_EMAIL: 5}, [CONF_EMAIL]),
        (USER_SCHEMA, {**USER, CONF_SERVER: None}, [CONF_SERVER]),
        (REAUTH_SCHEMA, {CONF_PASSWORD: "secret"}, {CONF_PASSWORD: "secret"}),
        (RECONFIGURE_SCHEMA, {CONF_APP: "midea_air"}, {CONF_APP: "midea_air"}),
        (
            RECONFIGURE_SCHEMA,
            {CONF_APP: "msmarthome", CONF_PASSWORD: "secret"},
            {CONF_APP: "msmarthome", CONF_PASSWORD: "secret"},
        ),
        (RECONFIGURE_SCHEMA, {CONF_SERVER: "https://example.com"}, [CONF_APP]),
        (
            OPTIONS_SCHEMA,
            {CONF_BEEP: True, CONF_TARGET_STEP: "0.5"},
            {CONF_BEEP: True, CONF_TARGET_STEP: "0.5"},
        ),
        (
            OPTIONS_SCHEMA,
            {CONF_BEEP: 1, CONF_TARGET_STEP: "1.0"},
            {CONF_BEEP: True, CONF_TARGET_STEP: "1.0"},
        ),
        (OPTIONS_SCHEMA, {CONF_BEEP: True, CONF_TARGET_STEP: "0.75"}, [CONF_TARGET_STEP]),
        (OPTIONS_SCHEMA, {CONF_BEEP: True, CONF_TARGET_STEP: 0.5}, [CONF_TARGET_STEP]),
    ],
)
def test_flow_schemas_validate_alike_on_voluptuous_and_probatio(
    schema: vol.Schema, data: dict[str, Any], expected: dict[str, Any] | list[str]
) -> None:
    """The same input gives the same data, or fails at the same field, on either engine.

    From 2026.9 Home Assistant aliases `voluptuous` to probatio's shim (homeassistant/__init__.py
    calls probatio.compat.install_as_voluptuous); the floor runs voluptuous itself. The error
    wording differs between them ("extra keys not allowed" / "not a valid option"), the
    outcome must not.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if isinstance(expected, dict):
            assert schema(data) == expected
            return
        with pytest.raises(vol.MultipleInvalid) as raised:
            schema(data)
    assert [error.path for error in raised.value.errors] == [expected]


def test_voluptuous_is_the_engine_home_assistant_validates_with() -> None:
    """From 2026.9 `import voluptuous` is probatio's shim, so our schemas are probatio schemas."""
    engine = vol.Schema.__module__.split(".")[0]
    assert engine == ("probatio" if HA >= "2026.9.0" else "voluptuous")


async def test_the_sign_in_form_reaches_the_frontend_alike(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    """The serialised form (field names, required, defaults, selectors) is the same."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_client()
    response = await client.post(
        "/api/config/config_entries/flow", json={"handler": DOMAIN, "show_advanced_options": False}
    )
    assert response.status == 200
    form = await response.json()

    fields = [
        {
            "required": field.get("required", False),
            **{key: field[key] for key in ("name", "default", "selector") if key in field},
        }
        for field in form["data_schema"]
    ]
    assert fields == [
        {"name": "email", "required": True, "selector": {"text": TEXT_EMAIL}},
        {"name": "password", "required": True, "selector": {"text": TEXT_PASSWORD}},
        {
            "name": "app",
            "required": True,
            "default": "midea_air",
            "selector": {"select": SELECT_APP},
        },
        {"name": "server", "required": False, "selector": {"text": TEXT_URL}},
    ]


TEXT_EMAIL = {"type": "email", "autocomplete": "username", "multiline": False, "multiple": False}
TEXT_PASSWORD = {
    "type": "password",
    "autocomplete": "current-password",
    "multiline": False,
    "multiple": False,
}
TEXT_URL = {"type": "url", "multiline": False, "multiple": False}
SELECT_APP = {
    "options": ["midea_air", "nethome_plus", "msmarthome"],
    "translation_key": "app",
    "mode": "list",
    "multiple": False,
    "custom_value": False,
    "sort": False,
}


# 4. Brand images -------------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert header[12:16] == b"IHDR"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_brand_folder_holds_the_icons_the_brands_proxy_serves() -> None:
    """icon.png 256x256 and icon@2x.png 512x512, as the brands repository asks; no other file.

    Every other name the proxy accepts (logo, dark_*) falls back to these two.
    """
    assert sorted(path.name for path in BRAND_DIR.iterdir()) == ["icon.png", "icon@2x.png"]
    assert png_size(BRAND_DIR / "icon.png") == (256, 256)
    assert png_size(BRAND_DIR / "icon@2x.png") == (512, 512)


@pytest.mark.parametrize(
    ("image", "served"),
    [
        ("icon.png", "icon.png"),
        ("icon@2x.png", "icon@2x.png"),
        ("dark_icon.png", "icon.png"),
        ("dark_icon@2x.png", "icon@2x.png"),
        ("logo.png", "icon.png"),
        ("dark_logo@2x.png", "icon.png"),
    ],
)
async def test_brand_images_are_served_from_our_brand_folder(
    hass: HomeAssistant,
    *,
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
    hass_ws_client: WebSocketGenerator,
    image: str,
    served: str,
) -> None:
    """The frontend's request, signed in and with the brands access token, gets our file."""
    assert await async_setup_component(hass, "brands", {})
    await hass.async_block_till_done()
    path = f"/api/brands/integration/{DOMAIN}/{image}"
    expected = (BRAND_DIR / served).read_bytes()

    response = await (await hass_client()).get(path)
    assert response.status == 200
    assert response.content_type == "image/png"
    assert await response.read() == expected

    websocket = await hass_ws_client(hass)
    await websocket.send_json_auto_id({"type": "brands/access_token"})
    token = (await websocket.receive_json())["result"]["token"]
    anonymous = await hass_client_no_auth()
    response = await anonymous.get(path, params={"token": token, "placeholder": "no"})
    assert response.status == 200
    assert await response.read() == expected
    assert (await anonymous.get(path)).status == 403
