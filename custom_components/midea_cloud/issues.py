"""Repair issues about the account: a cloud login block, an account the app no longer knows."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN

ISSUE_RATE_LIMITED = "login_rate_limited"
ISSUE_ACCOUNT_NOT_FOUND = "account_not_found"


def async_raise_account_issue(
    hass: HomeAssistant, entry: ConfigEntry, issue: str, placeholders: dict[str, str]
) -> None:
    """Show an issue about the entry's account until the next successful poll."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"{issue}_{entry.entry_id}",
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=issue,
        translation_placeholders={"account": entry.title, **placeholders},
    )


def async_clear_account_issues(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Remove the entry's account issues after a successful poll."""
    for issue in (ISSUE_RATE_LIMITED, ISSUE_ACCOUNT_NOT_FOUND):
        ir.async_delete_issue(hass, DOMAIN, f"{issue}_{entry.entry_id}")
