"""The Midea Cloud integration: air conditioners through the Midea Air / NetHome Plus cloud."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_EMAIL, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import DeviceEntry

from .codec.session import StoredSession
from .const import CONF_SESSION, DOMAIN
from .coordinator import MideaCloudConfigEntry, MideaCloudCoordinator, account_device_id
from .issues import ACCOUNT_ISSUES, ISSUE_SESSION_TAKEN_OVER, UNIT_ISSUES, async_clear_entry_issues
from .login_blocks import async_get_login_blocks
from .unit_capabilities import async_remove_stored_capabilities
from .util import account_settings, account_unique_id, create_client

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.CLIMATE,
    Platform.SENSOR,
    Platform.SWITCH,
]


async def async_setup_entry(hass: HomeAssistant, entry: MideaCloudConfigEntry) -> bool:
    """List the units, poll them once and set up the entities.

    The session stored with the entry (by the config flow, or before a reload or restart) is
    used until the cloud ends it; each new session is stored in its place.
    """
    login_blocks = await async_get_login_blocks(hass)
    client = create_client(hass, entry.data, login_blocks)
    client.session_listener = partial(_store_session, hass, entry)

    @callback
    def stop_storing_sessions() -> None:
        client.session_listener = None

    entry.async_on_unload(stop_storing_sessions)
    entry.async_on_unload(login_blocks.async_track(client))
    coordinator = MideaCloudCoordinator(hass, entry, client, login_blocks)
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = coordinator
    entry.async_on_unload(coordinator.async_cancel_confirmations)
    entry.async_on_unload(
        entry.add_update_listener(partial(_async_entry_updated, dict(entry.data)))
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_migrate_entry(hass: HomeAssistant, entry: MideaCloudConfigEntry) -> bool:
    """Version 1.2 identifies an account by its lower-cased e-mail instead of the cloud's user id.

    The account's device and its two sensors keep their history, names and areas.
    """
    if entry.version > 1:
        return False
    if entry.minor_version < 2:
        old_device_id = account_device_id(entry)
        hass.config_entries.async_update_entry(
            entry, unique_id=account_unique_id(entry.data[CONF_EMAIL]), minor_version=2
        )
        new_device_id = account_device_id(entry)
        devices = dr.async_get(hass)
        for device in dr.async_entries_for_config_entry(devices, entry.entry_id):
            if (DOMAIN, old_device_id) in device.identifiers:
                devices.async_update_device(device.id, new_identifiers={(DOMAIN, new_device_id)})

        @callback
        def new_unique_id(entity: er.RegistryEntry) -> dict[str, Any] | None:
            if not entity.unique_id.startswith(f"{old_device_id}-"):
                return None
            return {"new_unique_id": new_device_id + entity.unique_id.removeprefix(old_device_id)}

        await er.async_migrate_entries(hass, entry.entry_id, new_unique_id)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: MideaCloudConfigEntry) -> bool:
    """Unload the entities; pending confirmation polls are cancelled.

    Issues that only a running entry can clear (units, taken-over sessions) go with it; the
    login block stays, since a new setup would run into it again.
    """
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        async_clear_entry_issues(hass, entry, (*UNIT_ISSUES, ISSUE_SESSION_TAKEN_OVER))
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: MideaCloudConfigEntry) -> None:
    """Forget the entry's stored capabilities, its login block and every issue it raised.

    Its session goes with the entry's data.
    """
    await async_remove_stored_capabilities(hass, entry.entry_id)
    await (await async_get_login_blocks(hass)).async_forget(entry.data[CONF_EMAIL])
    async_clear_entry_issues(hass, entry, (*ACCOUNT_ISSUES, *UNIT_ISSUES))


@callback
def _store_session(
    hass: HomeAssistant, entry: MideaCloudConfigEntry, stored: StoredSession | None
) -> None:
    """Keep the client's newest session with the entry, as a token would be kept."""
    session = None if stored is None else stored.as_dict()
    if entry.data.get(CONF_SESSION) != session:
        hass.config_entries.async_update_entry(entry, data={**entry.data, CONF_SESSION: session})


async def _async_entry_updated(
    set_up_with: Mapping[str, Any], hass: HomeAssistant, entry: MideaCloudConfigEntry
) -> None:
    """Reload when the account's settings changed (reauth, reconfigure); apply options in place.

    A new session stored by the running client changes nothing else. New options need no
    reload either: the beep option is read at each command, the target step needs the cards
    redrawn.
    """
    if account_settings(entry.data) != account_settings(set_up_with):
        hass.config_entries.async_schedule_reload(entry.entry_id)
    else:
        entry.runtime_data.async_update_listeners()


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: MideaCloudConfigEntry, device: DeviceEntry
) -> bool:
    """Allow removing a device only when its unit is no longer on the account.

    The account's own device cannot be removed. While the entry is not running nobody knows
    which units the account has, so a unit's device may go; it comes back with fresh entities
    if the unit is still on the account at the next setup.
    """
    kept = {account_device_id(entry)}
    if entry.state is ConfigEntryState.LOADED:
        kept.update(entry.runtime_data.units)
    return not any(domain == DOMAIN and key in kept for domain, key in device.identifiers)
