"""The login check shared by the user, reauth and reconfigure steps of the config flow.

A successful check leaves a logged-in client behind; the entry the flow creates or updates takes
it over when it sets up, so that adding, reauthenticating or reconfiguring an account costs one
login, not two (the cloud allows one session per account and blocks logins after too many).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.const import CONF_EMAIL
from homeassistant.core import HomeAssistant, callback
from homeassistant.util.hass_dict import HassKey

from .cloud import create_client, format_deadline, other_app_name
from .codec.client import MideaCloudClient
from .codec.errors import (
    MideaAccountNotFoundError,
    MideaAuthError,
    MideaConfigError,
    MideaError,
    MideaNetworkError,
    MideaRateLimitedError,
)
from .codec.server import validate_server_url
from .const import CONF_APP, CONF_PASSWORD_DIGEST, CONF_SERVER, DOMAIN, LOGGER
from .login_blocks import async_get_login_blocks

type _Credentials = tuple[str, str, str, str | None]

_CHECKED_CLIENTS: HassKey[dict[str, tuple[_Credentials, MideaCloudClient]]] = HassKey(
    f"{DOMAIN}_checked_clients"
)


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


async def async_check_account(hass: HomeAssistant, data: Mapping[str, Any]) -> MideaCloudClient:
    """Log in with config entry data and list the units; return the logged-in client.

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
    return client


def _credentials(data: Mapping[str, Any]) -> _Credentials:
    return (
        data[CONF_EMAIL].lower(),
        data[CONF_PASSWORD_DIGEST],
        data[CONF_APP],
        data.get(CONF_SERVER),
    )


@callback
def async_hand_over(hass: HomeAssistant, data: Mapping[str, Any], client: MideaCloudClient) -> None:
    """Keep a checked client for the entry set up next with the same data."""
    hass.data.setdefault(_CHECKED_CLIENTS, {})[data[CONF_EMAIL].lower()] = (
        _credentials(data),
        client,
    )


@callback
def async_take_checked_client(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> MideaCloudClient | None:
    """Return the client a flow checked with exactly this data, once; None when there is none."""
    checked = hass.data.get(_CHECKED_CLIENTS, {}).pop(data[CONF_EMAIL].lower(), None)
    if checked is None or checked[0] != _credentials(data):
        return None
    return checked[1]
