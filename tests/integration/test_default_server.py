"""Entries without a server URL, as users add them: the default path through Home Assistant.

The ``cloud_regions`` fixture sends the cloud's three regional origins to the emulator's three
regions, as the client tests' ``server_map`` does, so region detection (D2: the first server that
knows the account), the login's regionDomain, reauthentication and the "try the other app" advice
run exactly as against the real cloud.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntry,
    ConfigEntryState,
)
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.translation import async_get_translations
import pytest

from custom_components.midea_cloud.codec.signing import password_digest
from custom_components.midea_cloud.const import (
    CONF_APP,
    CONF_PASSWORD_DIGEST,
    CONF_SERVER,
    DOMAIN,
    POLL_INTERVAL,
)
from midea_cloud_emulator import CloudEmulator, RequestRecord

from .conftest import EMAIL, PASSWORD, advance

LOGIN_ID = "/v1/user/login/id/get"
LOGIN_NEW = "/v1/user/login/new"
LIST = "/v1/appliance/user/list/get"
SEND = "/v1/appliance/transparent/send/new"
SESSION_PATHS = (LOGIN_NEW, LIST, SEND)
NOT_FOUND = 3102
REGIONS = ("mapp", "mapp-eu", "mapp-us")
HOME = "home@example.com"
NEW_PASSWORD = "a new password set in the app"

pytestmark = pytest.mark.usefixtures("cloud_regions")


def sign_in(email: str = EMAIL, password: str = PASSWORD, app: str = "midea_air") -> dict[str, Any]:
    """The first form as the owner fills it in: the server field left untouched."""
    return {CONF_EMAIL: email, CONF_PASSWORD: password, CONF_APP: app}


async def start_user_flow(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    return result["flow_id"]


async def add_account(hass: HomeAssistant, form: dict[str, Any]) -> ConfigEntry:
    """Add the account through the config flow; the entry, set up."""
    flow_id = await start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, form)
    assert result["type"] is FlowResultType.CREATE_ENTRY, result.get("errors")
    await hass.async_block_till_done()
    entry = result["result"]
    assert entry.state is ConfigEntryState.LOADED
    return entry


def records(emulator: CloudEmulator, *paths: str, since: int = 0) -> list[RequestRecord]:
    """The requests to ``paths`` the emulator answered, from request number ``since`` on."""
    return [record for record in emulator.requests[since:] if record.path in paths]


def probes(emulator: CloudEmulator, since: int = 0) -> list[tuple[str, int | None]]:
    """Region and errorCode of each loginId request: the client's search for the account."""
    return [
        (record.region, record.error_code) for record in records(emulator, LOGIN_ID, since=since)
    ]


def search(region: str) -> list[tuple[str, int | None]]:
    """The probes of D2 for an account in ``region``: every server before it answers 3102."""
    answers: list[tuple[str, int | None]] = [
        (other, NOT_FOUND) for other in REGIONS[: REGIONS.index(region)]
    ]
    return [*answers, (region, 0)]


async def translated(hass: HomeAssistant, key: str, placeholders: Mapping[str, str] | None) -> str:
    """The English text the frontend shows for one of our translation keys."""
    texts = await async_get_translations(hass, "en", key.partition(".")[0], {DOMAIN})
    return texts[f"component.{DOMAIN}.{key}"].format(**(placeholders or {}))


@pytest.mark.parametrize("region", REGIONS)
async def test_user_flow_without_server_finds_the_accounts_region(
    hass: HomeAssistant, emulator: CloudEmulator, region: str
) -> None:
    """The flow searches the servers in order (D2); the session, the entry's too, stays in the
    region that knew the account, which is also the regionDomain its login answered."""
    emulator.add_account(HOME, PASSWORD, region=region)
    emulator.add_unit(HOME, name="Hall", power=True, mode=2, target=23.0)

    entry = await add_account(hass, sign_in(HOME))

    assert entry.data[CONF_SERVER] is None
    assert entry.data[CONF_APP] == "midea_air"
    assert probes(emulator)[: len(search(region))] == search(region)  # the flow's login
    assert {record.region for record in records(emulator, *SESSION_PATHS)} == {region}
    assert hass.states.get("climate.hall").state == "cool"


@pytest.mark.parametrize("typed", ["", "   "])
async def test_an_empty_server_field_means_the_default_servers(
    hass: HomeAssistant, emulator: CloudEmulator, typed: str
) -> None:
    """A server field emptied by the owner is no override: the search runs."""
    emulator.add_account(HOME, PASSWORD, region="mapp-eu")

    entry = await add_account(hass, {**sign_in(HOME), CONF_SERVER: typed})

    assert entry.data[CONF_SERVER] is None
    assert probes(emulator)[:2] == search("mapp-eu")


@pytest.mark.parametrize("answered", [True, False], ids=["regionDomain", "no regionDomain"])
async def test_session_goes_where_the_region_domain_points(
    hass: HomeAssistant, emulator: CloudEmulator, freezer: FrozenDateTimeFactory, answered: bool
) -> None:
    """After the login the unit list, queries and commands go to the regionDomain's origin (the
    emulator names the account's region); without one they stay where the account was found.
    A poll and a command later, nothing has searched the servers again."""
    account = emulator.add_account(HOME, PASSWORD, region="mapp-us")
    account.region_domain = answered
    unit = emulator.add_unit(HOME, name="Hall", power=True, mode=2, target=23.0)
    entry = await add_account(hass, sign_in(HOME))
    searched = len(records(emulator, LOGIN_ID))

    await advance(hass, freezer, POLL_INTERVAL)
    await hass.services.async_call(
        "climate",
        "set_temperature",
        {"entity_id": "climate.hall", "temperature": 21.0},
        blocking=True,
    )

    assert {record.region for record in records(emulator, *SESSION_PATHS)} == {"mapp-us"}
    assert len(records(emulator, LOGIN_ID)) == searched
    assert unit.decoded_sets[-1]["target"] == 21.0
    assert entry.state is ConfigEntryState.LOADED


async def test_reauth_without_server(
    hass: HomeAssistant, emulator: CloudEmulator, freezer: FrozenDateTimeFactory
) -> None:
    """The password changed in the app: the next login, on the regional server the account was
    found on, is refused; reauth checks the new password through the same search and the entry
    works again, still without a server URL."""
    account = emulator.add_account(HOME, PASSWORD, region="mapp-eu")
    emulator.add_unit(HOME, name="Hall", power=True, mode=2, target=23.0)
    entry = await add_account(hass, sign_in(HOME))
    account.password_digest = password_digest(NEW_PASSWORD)
    emulator.expire_sessions(HOME)
    before = len(emulator.requests)

    await advance(hass, freezer, POLL_INTERVAL)

    refused = records(emulator, LOGIN_NEW, since=before)
    assert [(record.region, record.error_code) for record in refused] == [("mapp-eu", 3101)]
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    flow_id = flows[0]["flow_id"]
    result = await hass.config_entries.flow.async_configure(flow_id)
    assert result["step_id"] == "reauth_confirm"

    before = len(emulator.requests)
    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_PASSWORD: PASSWORD})
    assert result["errors"] == {"base": "invalid_auth"}
    assert probes(emulator, since=before) == search("mapp-eu")

    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_PASSWORD: NEW_PASSWORD})
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_PASSWORD_DIGEST] == password_digest(NEW_PASSWORD)
    assert entry.data[CONF_SERVER] is None
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("climate.hall").state == "cool"


async def test_user_flow_names_the_other_app_and_creates_the_entry_with_it(
    hass: HomeAssistant, emulator: CloudEmulator
) -> None:
    """An account of NetHome Plus (with a user id of its own there) signed in as Midea Air: no
    server knows it, the form says in words to try NetHome Plus, and NetHome Plus works."""
    midea_air_user = emulator.account(EMAIL).user_id
    account = emulator.move_account(EMAIL, app="nethome_plus", region="mapp-us")
    assert account.user_id != midea_air_user
    emulator.add_unit(EMAIL, name="Hall", power=True, mode=2, target=23.0)
    flow_id = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(flow_id, sign_in(app="midea_air"))

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "account_not_found"}
    assert (
        await translated(hass, "config.error.account_not_found", result["description_placeholders"])
        == "The Midea cloud knows no account with this e-mail address for the chosen app. Check "
        "the e-mail address first; if it is right, the account may belong to the other app: try "
        "NetHome Plus / MSmartHome."
    )
    assert probes(emulator) == [(region, NOT_FOUND) for region in REGIONS]
    assert not records(emulator, LOGIN_NEW)

    result = await hass.config_entries.flow.async_configure(flow_id, sign_in(app="nethome_plus"))
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_APP] == "nethome_plus"
    assert result["data"][CONF_SERVER] is None
    assert {record.region for record in records(emulator, *SESSION_PATHS)} == {"mapp-us"}
    assert hass.states.get("climate.hall").state == "cool"


async def test_account_moved_to_the_other_app_follow_the_repair(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """The account is re-registered with NetHome Plus, where its user id differs: the repair
    says to reconfigure with NetHome Plus, doing so keeps the entry and its units, and the
    repair goes with the next successful poll."""
    emulator.add_unit(EMAIL, name="Hall", power=True, mode=2, target=23.0)
    entry = await add_account(hass, sign_in(app="midea_air"))
    midea_air_user = emulator.account(EMAIL).user_id
    account = emulator.move_account(EMAIL, app="nethome_plus", region="mapp-eu")
    assert account.user_id != midea_air_user

    await advance(hass, freezer, POLL_INTERVAL)

    issue_id = f"account_not_found_{entry.entry_id}"
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert await translated(
        hass, "issues.account_not_found.description", issue.translation_placeholders
    ) == (
        f"The Midea cloud no longer knows {EMAIL} for the configured app. Check that you can "
        "still sign in to the phone app with this e-mail address. If the account was moved to "
        "NetHome Plus / MSmartHome, reconfigure the integration and choose that app. Home "
        "Assistant does not sign in again by itself: once the account is right, reload the "
        "integration."
    )
    assert hass.states.get("climate.hall").state == "unavailable"

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_APP: "nethome_plus"}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_APP] == "nethome_plus"
    assert entry.data[CONF_SERVER] is None
    assert entry.state is ConfigEntryState.LOADED
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    assert hass.states.get("climate.hall").state == "cool"
    assert hass.config_entries.async_entries(DOMAIN) == [entry]
