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
from .codec.errors import MideaConfigError
from .codec.profiles import PROFILES
from .codec.session import StoredSession
from .const import (
    CONF_APP,
    CONF_PASSWORD_DIGEST,
    CONF_SERVER,
    CONF_SESSION,
    DATA_SERVER_MAP,
    LOGGER,
    RELAY_CONCURRENCY,
)
from .login_blocks import LoginBlocks


def create_client(
    hass: HomeAssistant, data: Mapping[str, Any], login_blocks: LoginBlocks
) -> MideaCloudClient:
    """Return a client for the account described by config entry data.

    The session stored with the data, if any, is used until the cloud ends it: a reload or a
    restart costs no login. The client sends the cloud's regional origins to the URLs of
    ``DATA_SERVER_MAP`` when the cloud emulator's tests put one in ``hass.data`` (never in
    production).
    """
    account: str = data[CONF_EMAIL]
    client = MideaCloudClient(
        async_get_clientsession(hass),
        account,
        data[CONF_PASSWORD_DIGEST],
        data[CONF_APP],
        data.get(CONF_SERVER),
        relay_concurrency=RELAY_CONCURRENCY,
        server_map=hass.data.get(DATA_SERVER_MAP),
        login_blocked_until=login_blocks.until(account),
    )
    if (stored := data.get(CONF_SESSION)) is not None:
        try:
            client.restore_session(StoredSession.from_dict(stored))
        except MideaConfigError:
            LOGGER.debug("The stored session is unreadable; the next call logs in")
    return client


def account_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    """Config entry data without the session: what the user chose, which a reload applies."""
    return {key: value for key, value in data.items() if key != CONF_SESSION}


def session_data(client: MideaCloudClient) -> dict[str, Any] | None:
    """The client's session as config entry data keeps it."""
    stored = client.stored_session
    return None if stored is None else stored.as_dict()


def other_app_name(app: str) -> str:
    """Return the display name of the app the user did not choose (a 3102 hint)."""
    return next(profile.name for key, profile in PROFILES.items() if key != app)


def format_deadline(until: datetime) -> str:
    """Return a login deadline as local date and time for messages."""
    return dt_util.as_local(until).strftime("%Y-%m-%d %H:%M")
