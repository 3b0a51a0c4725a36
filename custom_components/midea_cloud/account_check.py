"""The login check shared by the user, reauth and reconfigure steps of the config flow.

A successful check returns the entry data to store, with the session the check logged in with:
the entry that sets up with it uses that session, so that adding, reauthenticating or
reconfiguring an account costs one login, not two (the cloud allows one session per account and
blocks logins after too many).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.const import CONF_EMAIL
from homeassistant.core import HomeAssistant

from .cloud import (
    account_settings,
    create_client,
    format_deadline,
    other_app_name,
    session_data,
)
from .codec.errors import (
    MideaAccountNotFoundError,
    MideaAuthError,
    MideaConfigError,
    MideaError,
    MideaNetworkError,
    MideaRateLimitedError,
)
from .codec.server import validate_server_url
from .const import CONF_APP, CONF_SERVER, CONF_SESSION, LOGGER
from .login_blocks import async_get_login_blocks


class AccountCheckError(Exception):
    """A check failure, as a form error key (under ``field``) and its placeholders."""

    def __init__(
        self, error: str, placeholders: dict[str, str] | None = None, field: str = "base"
    ) -> None:
        super().__init__(error)
        self.error = error
        self.placeholders = placeholders or {}
        self.field = field


def normalise_server(value: str | None) -> str | None:
    """Return the override origin, None when left empty; raise AccountCheckError if invalid."""
    if value is None or not value.strip():
        return None
    try:
        return validate_server_url(value)
    except MideaConfigError as err:
        raise AccountCheckError("invalid_server", field=CONF_SERVER) from err


def account_unique_id(email: str) -> str:
    """The unique ID of an account's entry: its lower-cased e-mail, known before any login.

    Not the cloud's user id: that one is known only after a login (which would end the session
    of an entry that already runs for the account) and changes when the account moves to the
    other app.
    """
    return email.strip().lower()


async def async_check_account(hass: HomeAssistant, data: Mapping[str, Any]) -> dict[str, Any]:
    """Log in with config entry data (never with a stored session) and list the units.

    Return the data to store, with the new session; raise AccountCheckError on failure.
    """
    settings = account_settings(data)
    login_blocks = await async_get_login_blocks(hass)
    client = create_client(hass, settings, login_blocks)
    try:
        await client.list_appliances()
    except MideaAuthError as err:
        raise AccountCheckError("invalid_auth") from err
    except MideaAccountNotFoundError as err:
        raise AccountCheckError(
            "account_not_found", {"other_app": other_app_name(data[CONF_APP])}
        ) from err
    except MideaRateLimitedError as err:
        await login_blocks.async_block(data[CONF_EMAIL], err.until)
        raise AccountCheckError("rate_limited", {"until": format_deadline(err.until)}) from err
    except MideaNetworkError as err:
        raise AccountCheckError("cannot_connect") from err
    except MideaError as err:
        LOGGER.warning("Unexpected answer from the Midea cloud: %s", err)
        raise AccountCheckError("unknown") from err
    return {**settings, CONF_SESSION: session_data(client)}
