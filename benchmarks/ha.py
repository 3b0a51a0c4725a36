"""A Home Assistant test instance running the integration against the emulator.

The instance comes from pytest-homeassistant-custom-component's helpers, as in tests/integration,
but outside pytest. ``custom_components.midea_cloud`` must be imported before this module.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from unittest.mock import patch

from aiohttp.resolver import AsyncResolver
from homeassistant import loader
from homeassistant.const import CONF_EMAIL
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.midea_cloud.codec.msmarthome import iam_digest
from custom_components.midea_cloud.codec.signing import password_digest
from custom_components.midea_cloud.const import (
    CONF_APP,
    CONF_DEVICE_ID,
    CONF_IAM_DIGEST,
    CONF_PASSWORD_DIGEST,
    CONF_SERVER,
    DATA_SERVER_MAP,
    DOMAIN,
)
from midea_cloud_emulator import CloudEmulator

from .emulated import DEVICE_ID, MIDEA_AIR, MSMARTHOME, PASSWORD, App, email


@asynccontextmanager
async def home_assistant() -> AsyncIterator[HomeAssistant]:
    """A running test instance that loads custom integrations; stopped on exit.

    As in pytest-homeassistant-custom-component, DNS does not go through zeroconf (the emulator
    is on 127.0.0.1 anyway).
    """
    resolver = AsyncResolver()
    resolver.real_close = resolver.close  # type: ignore[attr-defined]  # what HA closes
    with patch("homeassistant.helpers.aiohttp_client._async_make_resolver", return_value=resolver):
        async with async_test_home_assistant() as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
            try:
                yield hass
            finally:
                for entry in hass.config_entries.async_entries(DOMAIN):
                    await hass.config_entries.async_unload(entry.entry_id)
                await hass.async_stop(force=True)


def account_entry(cloud: CloudEmulator, account: int = 1, app: App = MIDEA_AIR) -> MockConfigEntry:
    """The config entry a user would create for the emulator's ``account``-th account.

    A Midea Air entry names the emulator's URL as its server; an MSmartHome entry names none
    (the router finds the account's region), as the config flow makes it, so ``set_up`` needs
    the emulator's ``server_map`` for it.
    """
    url = cloud.url if app == MIDEA_AIR else None
    return entry_for(url, account, cloud.account(email(account)).user_id, app)


def entry_for(url: str | None, account: int, user_id: str, app: App = MIDEA_AIR) -> MockConfigEntry:
    """The config entry of the ``account``-th account of ``app`` on the emulator at ``url``
    (None: no server URL, the cloud's own origins)."""
    address = email(account)
    data = {
        CONF_EMAIL: address,
        CONF_PASSWORD_DIGEST: password_digest(PASSWORD),
        CONF_APP: app.key,
    }
    if url is not None:
        data[CONF_SERVER] = url
    if app == MSMARTHOME:  # its login needs the second digest and a device id
        data |= {CONF_IAM_DIGEST: iam_digest(PASSWORD), CONF_DEVICE_ID: DEVICE_ID}
    return MockConfigEntry(domain=DOMAIN, title=address, unique_id=user_id, data=data)


async def set_up(
    hass: HomeAssistant, entry: MockConfigEntry, server_map: Mapping[str, str] | None = None
) -> None:
    """Add the entry and set it up (login, unit list, first poll, entities).

    ``server_map``: where the cloud's origins go (the emulator's ``server_map``), as the
    integration's tests do it; needed by entries without a server URL.
    """
    if server_map is not None:
        hass.data[DATA_SERVER_MAP] = server_map
    entry.add_to_hass(hass)
    if not await hass.config_entries.async_setup(entry.entry_id):
        raise RuntimeError(f"the integration did not set up: {entry.state}")
    await hass.async_block_till_done()
