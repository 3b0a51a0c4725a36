"""The login check shared by the user, reauth and reconfigure steps of the config flow."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.const import CONF_EMAIL
from homeassistant.core import HomeAssistant

from .cloud import create_client, format_deadline, other_app_name
from .codec.errors import (
    MideaAccountNotFoundError,
    MideaAuthError,
    MideaConfigError,
    MideaError,
    MideaNetworkError,
    MideaRateLimitedError,
)
from .codec.server import validate_server_url
from .const import CONF_APP, CONF_SERVER, LOGGER
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


async def async_check_account(hass: HomeAssistant, data: Mapping[str, Any]) -> str:
    """Log in with config entry data, list the units and return the account's unique ID.

    The unique ID is the cloud's user id, or the lower-cased e-mail when the cloud gives none.
    Raise AccountCheckError on failure.
    """
    login_blocks = await async_get_login_blocks(hass)
    client = create_client(hass, data, login_blocks)
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
    return client.user_id or data[CONF_EMAIL].lower()
