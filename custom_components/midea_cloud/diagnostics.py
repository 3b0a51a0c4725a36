"""Diagnostics: the entry, the client's counters and every unit's last decoded state."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_EMAIL
from homeassistant.core import HomeAssistant

from .const import CONF_PASSWORD_DIGEST
from .coordinator import MideaCloudConfigEntry

TO_REDACT = {
    CONF_EMAIL,
    CONF_PASSWORD_DIGEST,
    "title",
    "unique_id",
    "user_id",
    "id",
    "serial",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: MideaCloudConfigEntry
) -> dict[str, Any]:
    """Return the diagnostics of one account with every secret and identifier redacted."""
    coordinator = entry.runtime_data
    client = coordinator.client
    return async_redact_data(
        {
            "entry": {
                "title": entry.title,
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "client": {
                "profile": client.profile.key,
                "server": client.server,
                "user_id": client.user_id,
                "login_blocked_until": (
                    None if (until := client.login_blocked_until) is None else until.isoformat()
                ),
                "stats": asdict(client.stats),
            },
            "units": [
                {
                    "appliance": asdict(unit.appliance),
                    "available": unit.available,
                    "state": None if unit.state is None else asdict(unit.state),
                }
                for unit in coordinator.data.values()
            ],
        },
        TO_REDACT,
    )
