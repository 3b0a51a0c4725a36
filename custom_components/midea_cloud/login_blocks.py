"""Login deadlines set by the cloud's 7610 answer, kept across restarts.

docs/protocol.md §14.2, §D13.

After a 7610 the cloud refuses logins for an hour, and every further attempt may extend the block.
The deadline is stored so that neither a reload, a restart nor the config flow logs in before it.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .codec.client import MideaCloudClient
from .const import DOMAIN

_STORAGE_VERSION = 1
_STORAGE_KEY = f"{DOMAIN}.login_blocks"
_DATA_KEY: HassKey[LoginBlocks] = HassKey(f"{DOMAIN}_login_blocks")


class LoginBlocks:
    """The accounts whose logins the cloud has blocked, with the time the block ends."""

    def __init__(self, hass: HomeAssistant) -> None:
        self._store: Store[dict[str, str]] = Store(hass, _STORAGE_VERSION, _STORAGE_KEY)
        self._until: dict[str, datetime] = {}
        self._clients: set[MideaCloudClient] = set()

    async def async_load(self) -> None:
        """Read the stored deadlines; unreadable entries are dropped."""
        stored = await self._store.async_load() or {}
        for account, text in stored.items():
            if (deadline := dt_util.parse_datetime(text)) is not None:
                self._until[account] = deadline

    def until(self, account: str) -> datetime | None:
        """Return the end of the account's block, or None when it may log in."""
        deadline = self._until.get(account.lower())
        if deadline is None or deadline <= dt_util.utcnow():
            return None
        return deadline

    @callback
    def async_track(self, client: MideaCloudClient) -> CALLBACK_TYPE:
        """Tell a running client of the blocks found by others (a config flow's login) until
        the returned callback is called."""
        self._clients.add(client)
        return partial(self._clients.discard, client)

    async def async_block(self, account: str, until: datetime) -> None:
        """Remember that the account may not log in before ``until``.

        Every poll during a block reports it again; storage is written only when it changes.
        """
        for client in self._clients:
            if client.account.lower() == account.lower():
                client.login_blocked_until = until
        if self._until.get(account.lower()) == until:
            return
        now = dt_util.utcnow()
        self._until = {key: value for key, value in self._until.items() if value > now}
        self._until[account.lower()] = until
        await self._async_save()

    async def async_forget(self, account: str) -> None:
        """Forget the account's block (its entry was deleted)."""
        if self._until.pop(account.lower(), None) is not None:
            await self._async_save()

    async def _async_save(self) -> None:
        await self._store.async_save({key: value.isoformat() for key, value in self._until.items()})


async def async_get_login_blocks(hass: HomeAssistant) -> LoginBlocks:
    """Return the shared, loaded login blocks."""
    if (blocks := hass.data.get(_DATA_KEY)) is not None:
        return blocks
    blocks = LoginBlocks(hass)
    await blocks.async_load()
    return hass.data.setdefault(_DATA_KEY, blocks)
