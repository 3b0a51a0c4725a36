"""Each unit's capabilities (0xB5): asked at setup and once a day, kept in storage.

The stored records are what a unit reported last. When the cloud or the unit does not answer,
the controls stay as they were (the stored records), and a unit that never answered is offered
every control (``FULL_CAPABILITIES``) rather than fewer than it has.
"""

from __future__ import annotations

from datetime import datetime

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .codec.capabilities import (
    FULL_CAPABILITIES,
    Capabilities,
    capabilities_from_records,
    records_from_json,
    records_to_json,
)
from .codec.client import MideaCloudClient
from .codec.errors import MideaError, MideaNoReplyError, MideaProtocolError
from .const import CAPABILITY_REFRESH, CAPABILITY_RETRY, DOMAIN, LOGGER

_STORAGE_VERSION = 1


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, dict[str, str]]]:
    return Store(hass, _STORAGE_VERSION, f"{DOMAIN}.{entry_id}.capabilities")


async def async_remove_stored_capabilities(hass: HomeAssistant, entry_id: str) -> None:
    """Delete what the entry stored (the entry is being removed)."""
    await _store(hass, entry_id).async_remove()


class UnitCapabilities:
    """The capabilities of the units of one config entry."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        self._store = _store(hass, entry_id)
        self._known: dict[str, Capabilities] = {}
        self._next_query: dict[str, datetime] = {}

    async def async_load(self) -> None:
        """Read what the units reported before; unreadable entries are dropped."""
        for unit_id, records in (await self._store.async_load() or {}).items():
            try:
                self._known[unit_id] = capabilities_from_records(records_from_json(records))
            except MideaProtocolError:
                LOGGER.debug("Dropping unreadable stored capabilities of a unit")

    def get(self, unit_id: str) -> Capabilities:
        """What the unit reported last, or every control when it never answered."""
        return self._known.get(unit_id, FULL_CAPABILITIES)

    def due(self, unit_id: str) -> bool:
        """True when the unit has not been asked since setup, or its next query is due."""
        next_query = self._next_query.get(unit_id)
        return next_query is None or dt_util.utcnow() >= next_query

    async def async_refresh(self, client: MideaCloudClient, unit_id: str, *, name: str) -> None:
        """Ask the unit; on success keep and store the answer, else try again later.

        A unit that stays silent (3176) is asked again the next day: many units never answer,
        so this is no cloud error. Any other failure is retried after an hour.
        """
        unit = f"{name} ({unit_id})"
        now = dt_util.utcnow()
        try:
            capabilities = await client.query_capabilities(unit_id)
        except MideaNoReplyError:
            LOGGER.debug(
                "%s does not answer the capabilities query (many units do not); keeping its "
                "controls and asking again in a day",
                unit,
            )
            self._next_query[unit_id] = now + CAPABILITY_REFRESH
            return
        except MideaError as err:
            LOGGER.debug("Capabilities query of %s failed, retrying in an hour: %s", unit, err)
            self._next_query[unit_id] = now + CAPABILITY_RETRY
            return
        self._next_query[unit_id] = now + CAPABILITY_REFRESH
        if self._known.get(unit_id) != capabilities:
            self._known[unit_id] = capabilities
            await self._async_save()

    async def async_keep_only(self, unit_ids: set[str]) -> None:
        """Forget every unit not in ``unit_ids``: it left the account (maybe while stopped)."""
        stored_gone = set(self._known) - unit_ids
        for unit_id in stored_gone:
            del self._known[unit_id]
        for unit_id in set(self._next_query) - unit_ids:
            del self._next_query[unit_id]
        if stored_gone:
            await self._async_save()

    async def _async_save(self) -> None:
        await self._store.async_save(
            {
                unit_id: records_to_json(capabilities.records)
                for unit_id, capabilities in self._known.items()
            }
        )
