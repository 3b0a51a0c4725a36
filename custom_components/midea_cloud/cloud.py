"""Creation of the codec client for a config entry or a config flow."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from homeassistant.const import CONF_EMAIL
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util import dt as dt_util

from .codec.client import MideaCloudClient
from .codec.profiles import PROFILES
from .const import (
    CONF_APP,
    CONF_PASSWORD_DIGEST,
    CONF_SERVER,
    DATA_SERVER_MAP,
    RELAY_CONCURRENCY,
)
from .login_blocks import LoginBlocks


def create_client(
    hass: HomeAssistant, data: Mapping[str, Any], login_blocks: LoginBlocks
) -> MideaCloudClient:
    """Return a client for the account described by config entry data.

    The client sends the cloud's regional origins to the URLs of ``DATA_SERVER_MAP`` when the
    cloud emulator's tests put one in ``hass.data`` (never in production).
    """
    account: str = data[CONF_EMAIL]
    return MideaCloudClient(
        async_get_clientsession(hass),
        account,
        data[CONF_PASSWORD_DIGEST],
        data[CONF_APP],
        data.get(CONF_SERVER),
        relay_concurrency=RELAY_CONCURRENCY,
        server_map=hass.data.get(DATA_SERVER_MAP),
        login_blocked_until=login_blocks.until(account),
    )


def other_app_name(app: str) -> str:
    """Return the display name of the app the user did not choose (a 3102 hint)."""
    return next(profile.name for key, profile in PROFILES.items() if key != app)


def format_deadline(until: datetime) -> str:
    """Return a login deadline as local date and time for messages."""
    return dt_util.as_local(until).strftime("%Y-%m-%d %H:%M")
