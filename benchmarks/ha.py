"""A Home Assistant test instance running the integration against the emulator.

The instance comes from pytest-homeassistant-custom-component's helpers, as in tests/integration,
but outside pytest. ``custom_components.midea_cloud`` must be imported before this module.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
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

from custom_components.midea_cloud.codec.signing import password_digest
from custom_components.midea_cloud.const import (
    CONF_APP,
    CONF_PASSWORD_DIGEST,
    CONF_SERVER,
    DOMAIN,
)
from midea_cloud_emulator import CloudEmulator

from .emulated import PASSWORD, email


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


def account_entry(cloud: CloudEmulator, account: int = 1) -> MockConfigEntry:
    """The config entry a user would create for the emulator's ``account``-th account."""
    return entry_for(cloud.url, account, cloud.account(email(account)).user_id)


def entry_for(url: str, account: int, user_id: str) -> MockConfigEntry:
    """The config entry of the ``account``-th account on the emulator at ``url``."""
    address = email(account)
    return MockConfigEntry(
        domain=DOMAIN,
        title=address,
        unique_id=user_id,
        data={
            CONF_EMAIL: address,
            CONF_PASSWORD_DIGEST: password_digest(PASSWORD),
            CONF_APP: "midea_air",
            CONF_SERVER: url,
        },
    )


async def set_up(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add the entry and set it up (login, unit list, first poll, entities)."""
    entry.add_to_hass(hass)
    if not await hass.config_entries.async_setup(entry.entry_id):
        raise RuntimeError(f"the integration did not set up: {entry.state}")
    await hass.async_block_till_done()
