"""Codec errors as the translated exceptions Home Assistant shows."""

from __future__ import annotations

from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers.update_coordinator import UpdateFailed

from .cloud import format_deadline
from .codec.errors import (
    MideaAccountNotFoundError,
    MideaApplianceOfflineError,
    MideaAuthError,
    MideaError,
    MideaLoginBudgetError,
    MideaNetworkError,
    MideaNoStateError,
    MideaRateLimitedError,
    MideaUnconfirmedError,
)
from .const import DOMAIN


def _login_block_key(err: MideaRateLimitedError) -> str:
    """The cloud's 7610, or the client's own pause after three logins in an hour."""
    return "login_paused" if isinstance(err, MideaLoginBudgetError) else "rate_limited"


def account_failure(err: MideaError, other_app: str) -> HomeAssistantError:
    """Return the exception for a poll that failed for the whole account."""
    if isinstance(err, MideaAuthError):
        return ConfigEntryAuthFailed(translation_domain=DOMAIN, translation_key="invalid_auth")
    if isinstance(err, MideaRateLimitedError):
        key, placeholders = _login_block_key(err), {"until": format_deadline(err.until)}
    elif isinstance(err, MideaAccountNotFoundError):
        key, placeholders = "account_not_found", {"other_app": other_app}
    elif isinstance(err, MideaNetworkError):
        key, placeholders = "cannot_connect", {"error": str(err)}
    else:
        key, placeholders = "cloud_error", {"error": str(err)}
    return UpdateFailed(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def command_failure(err: MideaError, name: str) -> HomeAssistantError:
    """Return the exception for a command to the unit called ``name`` that failed."""
    if isinstance(err, MideaAuthError):
        return HomeAssistantError(translation_domain=DOMAIN, translation_key="invalid_auth")
    if isinstance(err, MideaRateLimitedError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=_login_block_key(err),
            translation_placeholders={"until": format_deadline(err.until)},
        )
    if isinstance(err, MideaApplianceOfflineError):
        key = "unit_offline"
    elif isinstance(err, MideaNoStateError):
        key = "no_state"
    elif isinstance(err, MideaNetworkError) or (
        isinstance(err, MideaUnconfirmedError) and not err.reached_cloud
    ):
        key = "command_cannot_connect"
    else:
        key = "command_failed"
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={"name": name, "error": str(err)},
    )
