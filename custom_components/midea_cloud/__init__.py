"""The Midea Cloud integration: air conditioners through the Midea Air / NetHome Plus cloud."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.device_registry import DeviceEntry

from .cloud import create_client
from .const import DOMAIN
from .coordinator import MideaCloudConfigEntry, MideaCloudCoordinator, account_device_id
from .issues import ACCOUNT_ISSUES, ISSUE_SESSION_TAKEN_OVER, UNIT_ISSUES, async_clear_entry_issues
from .login_blocks import async_get_login_blocks
from .unit_capabilities import async_remove_stored_capabilities

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.CLIMATE,
    Platform.SENSOR,
    Platform.SWITCH,
]


async def async_setup_entry(hass: HomeAssistant, entry: MideaCloudConfigEntry) -> bool:
    """Log in, list the units, poll them once and set up the entities."""
    login_blocks = await async_get_login_blocks(hass)
    client = create_client(hass, entry.data, login_blocks)
    coordinator = MideaCloudCoordinator(hass, entry, client, login_blocks)
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = coordinator
    entry.async_on_unload(coordinator.async_cancel_confirmations)
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
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
    """Forget the entry's stored capabilities and every issue it raised."""
    await async_remove_stored_capabilities(hass, entry.entry_id)
    async_clear_entry_issues(hass, entry, (*ACCOUNT_ISSUES, *UNIT_ISSUES))


async def _async_options_updated(hass: HomeAssistant, entry: MideaCloudConfigEntry) -> None:
    """Apply new options without a reload, which would log in again.

    The beep option is read at each command; the target step needs the cards redrawn.
    """
    entry.runtime_data.async_update_listeners()


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: MideaCloudConfigEntry, device: DeviceEntry
) -> bool:
    """Allow removing a device only when its unit is no longer on the account.

    The account's own device cannot be removed either.
    """
    kept = {*entry.runtime_data.appliances, account_device_id(entry)}
    return not any(domain == DOMAIN and key in kept for domain, key in device.identifiers)
