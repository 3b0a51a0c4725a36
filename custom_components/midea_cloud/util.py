"""The account's client, and the login check of the config flow's user, reauth and reconfigure
steps.

A successful check returns the entry data to store, with the session the check logged in with:
the entry that sets up with it uses that session, so that adding, reauthenticating or
reconfiguring an account costs one login, not two (the cloud allows one session per account and
blocks logins after too many).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util import dt as dt_util

from .codec.client import ClientHooks, MideaCloudClient
from .codec.errors import (
    MideaAccountNotFoundError,
    MideaAuthError,
    MideaConfigError,
    MideaDeviceQuotaError,
    MideaError,
    MideaNetworkError,
    MideaRateLimitedError,
)
from .codec.msmarthome import iam_digest, is_device_id, new_device_id
from .codec.profiles import PROFILES
from .codec.server import validate_server_url
from .codec.session import StoredSession
from .codec.signing import password_digest
from .const import (
    CONF_APP,
    CONF_DEVICE_ID,
    CONF_IAM_DIGEST,
    CONF_PASSWORD_DIGEST,
    CONF_SERVER,
    CONF_SESSION,
    DATA_SERVER_MAP,
    LOGGER,
    RELAY_CONCURRENCY,
)
from .login_blocks import LoginBlocks, async_get_login_blocks


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
        login_blocked_until=login_blocks.until(account),
        iam_digest=data.get(CONF_IAM_DIGEST),
        device_id=data.get(CONF_DEVICE_ID),
        hooks=ClientHooks(server_map=server_map)
        if (server_map := hass.data.get(DATA_SERVER_MAP))
        else None,
    )
    if (stored := data.get(CONF_SESSION)) is not None:
        try:
            client.restore_session(StoredSession.from_dict(stored))
        except MideaConfigError:
            LOGGER.debug("The stored session is unreadable; the next call logs in")
    return client


def with_app(data: Mapping[str, Any], app: str, password: str | None = None) -> dict[str, Any]:
    """Entry data for ``app``, with the digests of ``password`` when one is given.

    Only an MSmartHome entry keeps the second digest its login needs, and the device id it logs
    in as: made once, kept when the entry moves to another app and back. Raise
    AccountCheckError (on the password field) when MSmartHome needs a password not given.
    """
    result = {**data, CONF_APP: app}
    if password is not None:
        result[CONF_PASSWORD_DIGEST] = password_digest(password)
    result.pop(CONF_IAM_DIGEST, None)
    if not PROFILES[app].is_msmarthome:
        return result
    if password is not None:
        result[CONF_IAM_DIGEST] = iam_digest(password)
    elif data.get(CONF_IAM_DIGEST):  # only an MSmartHome entry has one
        result[CONF_IAM_DIGEST] = data[CONF_IAM_DIGEST]
    else:
        raise AccountCheckError("password_needed", field=CONF_PASSWORD)
    if not is_device_id(result.get(CONF_DEVICE_ID)):
        result[CONF_DEVICE_ID] = new_device_id()
    return result


def account_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    """Config entry data without the session: what the user chose, which a reload applies."""
    return {key: value for key, value in data.items() if key != CONF_SESSION}


def session_data(client: MideaCloudClient) -> dict[str, Any] | None:
    """The client's session as config entry data keeps it."""
    stored = client.stored_session
    return None if stored is None else stored.as_dict()


def other_app_name(app: str) -> str:
    """Return the display names of the apps the user did not choose (a 3102 hint)."""
    return " / ".join(profile.name for key, profile in PROFILES.items() if key != app)


def format_deadline(until: datetime) -> str:
    """Return a login deadline as local date and time for messages."""
    return dt_util.as_local(until).strftime("%Y-%m-%d %H:%M")


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
    except MideaDeviceQuotaError as err:
        raise AccountCheckError("device_quota") from err
    except MideaNetworkError as err:
        raise AccountCheckError("cannot_connect") from err
    except MideaError as err:
        LOGGER.warning("Unexpected answer from the Midea cloud: %s", err)
        raise AccountCheckError("unknown") from err
    return {**settings, CONF_SESSION: session_data(client)}
