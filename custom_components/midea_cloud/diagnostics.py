"""Diagnostics: the entry, the client's counters, and every unit's capabilities and state."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_EMAIL
from homeassistant.core import HomeAssistant

from .codec.capabilities import Capabilities, records_to_json
from .const import CONF_DEVICE_ID, CONF_IAM_DIGEST, CONF_PASSWORD_DIGEST, CONF_SESSION
from .coordinator import MideaCloudConfigEntry

TO_REDACT = {
    CONF_EMAIL,
    CONF_PASSWORD_DIGEST,
    CONF_IAM_DIGEST,
    CONF_DEVICE_ID,
    CONF_SESSION,
    "title",
    "unique_id",
    "user_id",
    "id",
    "serial",
}


def _capabilities(capabilities: Capabilities) -> dict[str, Any]:
    """The raw 0xB5 records and what they were read as."""
    return {
        "reported": capabilities.reported,
        "records": records_to_json(capabilities.records),
        "modes": sorted(mode.name.lower() for mode in capabilities.modes),
        "fan_speeds": sorted(speed.name.lower() for speed in capabilities.fan_speeds),
        "swing_vertical": capabilities.swing_vertical,
        "swing_horizontal": capabilities.swing_horizontal,
        "eco": capabilities.eco,
        "turbo_cool": capabilities.turbo_cool,
        "turbo_heat": capabilities.turbo_heat,
        "display_control": capabilities.display_control,
        "filter_reminder": capabilities.filter_reminder,
        "fahrenheit_display": capabilities.fahrenheit_display,
        "half_degrees": capabilities.half_degrees,
        "target_range": [capabilities.min_target, capabilities.max_target],
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
            "polls": {
                "last_successful": (
                    None if (last := coordinator.last_successful_poll) is None else last.isoformat()
                ),
                "sessions_taken_over_recently": coordinator.takeovers.recent,
            },
            "units": [
                {
                    "listing": asdict(unit.listing),
                    "available": unit.available,
                    "capabilities": _capabilities(unit.capabilities),
                    "state": None if unit.state is None else asdict(unit.state),
                    "readings": None if unit.readings is None else asdict(unit.readings),
                }
                for unit in coordinator.data.values()
            ],
        },
        TO_REDACT,
    )
