"""The session outlives reloads and restarts: logins are spent only when the cloud ends one.

The cloud allows one session per account and answers 7610 for an hour after too many logins, so
the entry keeps its session (and keys) in its data, as Home Assistant keeps tokens, and a reload
during a login block keeps every entity up while the cloud still accepts that session.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.midea_cloud.const import (
    CONF_APP,
    CONF_SERVER,
    CONF_SESSION,
    DATA_SERVER_MAP,
    DOMAIN,
    POLL_INTERVAL,
)
from midea_cloud_emulator import CloudEmulator

from .conftest import EMAIL, PASSWORD, advance

UNIT_ENTITIES = (
    "climate.living_room",
    "climate.bedroom",
    "sensor.living_room_indoor_temperature",
    "switch.living_room_display",
)
ACCOUNT_ENTITIES = (
    "sensor.owner_example_com_last_successful_poll",
    "sensor.owner_example_com_last_cloud_error",
)


def unavailable(hass: HomeAssistant, entity_ids: tuple[str, ...]) -> list[str]:
    return [
        entity_id
        for entity_id in entity_ids
        if (state := hass.states.get(entity_id)) is None or state.state == STATE_UNAVAILABLE
    ]


def session_id(entry: MockConfigEntry) -> str | None:
    session = entry.data.get(CONF_SESSION)
    return None if session is None else session["session_id"]


async def restart(hass: HomeAssistant, entry: MockConfigEntry) -> MockConfigEntry:
    """Stop the entry and start it again from what Home Assistant stored of it (its data and
    options), as a restart of Home Assistant does."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def block_logins(
    hass: HomeAssistant, emulator: CloudEmulator, entry: MockConfigEntry
) -> None:
    """Use up the account's logins: the next one answers 7610, and the integration knows it
    (here from a reconfigure to server detection that tried to log in)."""
    hass.data[DATA_SERVER_MAP] = emulator.server_map
    emulator.login_limit_per_hour = 0
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_APP: "midea_air", CONF_SERVER: ""}
    )
    assert result["errors"] == {"base": "rate_limited"}


async def test_reload_and_restart_use_the_stored_session(
    hass: HomeAssistant, emulator: CloudEmulator, loaded_entry: MockConfigEntry
) -> None:
    """Setting up logs in once and stores the session; reloads and a restart log in no more."""
    assert emulator.logins(EMAIL) == 1
    first_session = session_id(loaded_entry)
    assert first_session is not None

    for _ in range(2):
        assert await hass.config_entries.async_reload(loaded_entry.entry_id)
        await hass.async_block_till_done()
    entry = await restart(hass, loaded_entry)

    assert entry.state is ConfigEntryState.LOADED
    assert emulator.logins(EMAIL) == 1
    assert session_id(entry) == first_session
    assert unavailable(hass, UNIT_ENTITIES + ACCOUNT_ENTITIES) == []


async def test_a_session_the_cloud_ended_is_replaced_once_and_stored(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """When the cloud ends the session (3106), the next poll logs in once; the new session is
    stored, so the restart after it needs no login either."""
    old_session = session_id(loaded_entry)
    emulator.expire_sessions(EMAIL)

    await advance(hass, freezer, POLL_INTERVAL)

    assert emulator.logins(EMAIL) == 2
    assert session_id(loaded_entry) not in (None, old_session)
    assert unavailable(hass, UNIT_ENTITIES) == []
    entry = await restart(hass, loaded_entry)
    assert emulator.logins(EMAIL) == 2
    assert unavailable(hass, UNIT_ENTITIES + ACCOUNT_ENTITIES) == []
    assert entry.state is ConfigEntryState.LOADED


async def test_a_reload_during_a_login_block_keeps_every_entity(
    hass: HomeAssistant, emulator: CloudEmulator, loaded_entry: MockConfigEntry
) -> None:
    """A block on logins does not take the entry down while the cloud accepts its session."""
    await block_logins(hass, emulator, loaded_entry)
    logins = emulator.logins(EMAIL)

    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    entry = await restart(hass, loaded_entry)

    assert entry.state is ConfigEntryState.LOADED
    assert unavailable(hass, UNIT_ENTITIES + ACCOUNT_ENTITIES) == []
    assert emulator.logins(EMAIL) == logins


async def test_without_a_session_during_a_block_only_the_units_wait(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """When the cloud ends the session during a block, nothing logs in before the block ends:
    the units go unavailable, the account's sensors stay to tell why, and a reload waits for the
    block (setup retry) instead of logging in."""
    await block_logins(hass, emulator, loaded_entry)
    logins = emulator.logins(EMAIL)
    emulator.expire_sessions(EMAIL)

    await advance(hass, freezer, POLL_INTERVAL)

    assert set(unavailable(hass, UNIT_ENTITIES)) == set(UNIT_ENTITIES)
    assert unavailable(hass, ACCOUNT_ENTITIES) == []
    assert session_id(loaded_entry) is None
    assert await hass.config_entries.async_reload(loaded_entry.entry_id) is False
    await hass.async_block_till_done()
    assert loaded_entry.state is ConfigEntryState.SETUP_RETRY
    assert emulator.logins(EMAIL) == logins


async def test_an_unreadable_stored_session_costs_one_login(
    hass: HomeAssistant, emulator: CloudEmulator, loaded_entry: MockConfigEntry
) -> None:
    """A stored session that cannot be read is replaced by a login, never an error."""
    hass.config_entries.async_update_entry(
        loaded_entry, data={**loaded_entry.data, CONF_SESSION: {"session_id": 7}}
    )
    entry = await restart(hass, loaded_entry)

    assert entry.state is ConfigEntryState.LOADED
    assert emulator.logins(EMAIL) == 2
    assert session_id(entry) is not None
    assert unavailable(hass, UNIT_ENTITIES) == []


async def test_deleting_the_entry_forgets_its_login_block(
    hass: HomeAssistant, emulator: CloudEmulator, loaded_entry: MockConfigEntry
) -> None:
    """After the entry is deleted, adding the account again asks the cloud, which may have lifted
    the block (a new emulator, the owner waited at the phone app): the stored block is gone."""
    await block_logins(hass, emulator, loaded_entry)
    assert await hass.config_entries.async_remove(loaded_entry.entry_id)
    emulator.login_limit_per_hour = 10
    logins = emulator.logins(EMAIL)

    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_EMAIL: EMAIL,
            CONF_PASSWORD: PASSWORD,
            CONF_APP: "midea_air",
            CONF_SERVER: emulator.url,
        },
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert emulator.logins(EMAIL) == logins + 1
    assert unavailable(hass, UNIT_ENTITIES) == []
