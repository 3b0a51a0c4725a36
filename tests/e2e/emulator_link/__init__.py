"""Test-only: the browser test's Home Assistant sends the Midea cloud's origins to the emulator.

Home Assistant runs in a process of its own there, so the test cannot put the emulator's
``server_map`` into ``hass.data`` itself. ``tests/e2e/home_assistant.py`` links this package into
the test's configuration as ``custom_components/midea_cloud_emulator_link`` and configures it with
the map; it stores the map under the integration's ``DATA_SERVER_MAP``, which ``create_client``
reads. It is not part of the integration and is never installed.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers.typing import ConfigType
import voluptuous as vol

from custom_components.midea_cloud.const import DATA_SERVER_MAP

DOMAIN = "midea_cloud_emulator_link"
CONF_SERVER_MAP = "server_map"

CONFIG_SCHEMA = vol.Schema(
    {DOMAIN: vol.Schema({vol.Required(CONF_SERVER_MAP): {str: str}})}, extra=vol.ALLOW_EXTRA
)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Store the map: canonical origin (``https://mapp-eu.appsmb.com``) -> emulator URL."""
    hass.data[DATA_SERVER_MAP] = dict(config[DOMAIN][CONF_SERVER_MAP])
    return True
