"""Repair issues: about the account (login block, unknown account, too many devices, sessions
taken over) and about a unit (fault, dirty filter). Each disappears by itself once its cause is
gone.
"""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .ac_mapping import fault_display_code
from .codec.model import AcState
from .const import DOMAIN

ISSUE_RATE_LIMITED = "login_rate_limited"
ISSUE_ACCOUNT_NOT_FOUND = "account_not_found"
ISSUE_SESSION_TAKEN_OVER = "session_taken_over"
ISSUE_DEVICE_QUOTA = "device_quota"
ISSUE_UNIT_FAULT = "unit_fault"
ISSUE_FILTER = "filter_needs_cleaning"

ACCOUNT_ISSUES = (
    ISSUE_RATE_LIMITED,
    ISSUE_ACCOUNT_NOT_FOUND,
    ISSUE_DEVICE_QUOTA,
    ISSUE_SESSION_TAKEN_OVER,
)
UNIT_ISSUES = (ISSUE_UNIT_FAULT, ISSUE_FILTER)


def _create(hass: HomeAssistant, issue_id: str, issue: str, placeholders: dict[str, str]) -> None:
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=issue,
        translation_placeholders=placeholders,
    )


def async_raise_account_issue(
    hass: HomeAssistant, entry: ConfigEntry, issue: str, placeholders: dict[str, str]
) -> None:
    """Show an issue about the entry's account."""
    _create(hass, f"{issue}_{entry.entry_id}", issue, {"account": entry.title, **placeholders})


def async_delete_account_issue(hass: HomeAssistant, entry: ConfigEntry, issue: str) -> None:
    """Remove one of the entry's account issues."""
    ir.async_delete_issue(hass, DOMAIN, f"{issue}_{entry.entry_id}")


def async_clear_account_issues(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Remove the login-block, unknown-account and device-quota issues after a successful poll."""
    for issue in (ISSUE_RATE_LIMITED, ISSUE_ACCOUNT_NOT_FOUND, ISSUE_DEVICE_QUOTA):
        async_delete_account_issue(hass, entry, issue)


def _unit_issue_id(issue: str, entry: ConfigEntry, unit_id: str) -> str:
    return f"{issue}_{entry.entry_id}_{unit_id}"


def async_show_unit_issue(
    hass: HomeAssistant,
    entry: ConfigEntry,
    unit_id: str,
    issue: str,
    placeholders: dict[str, str] | None,
) -> None:
    """Show a unit's issue with ``placeholders``, or remove it when they are None."""
    if placeholders is None:
        ir.async_delete_issue(hass, DOMAIN, _unit_issue_id(issue, entry, unit_id))
    else:
        _create(hass, _unit_issue_id(issue, entry, unit_id), issue, placeholders)


def async_clear_unit_issues(hass: HomeAssistant, entry: ConfigEntry, unit_id: str) -> None:
    """Remove every issue of a unit (it left the account)."""
    for issue in UNIT_ISSUES:
        ir.async_delete_issue(hass, DOMAIN, _unit_issue_id(issue, entry, unit_id))


def async_clear_entry_issues(
    hass: HomeAssistant, entry: ConfigEntry, issues: tuple[str, ...]
) -> None:
    """Remove the entry's issues of the given kinds, for the account and for every unit."""
    registry = ir.async_get(hass)
    prefixes = tuple(f"{issue}_{entry.entry_id}" for issue in issues)
    for domain, issue_id in list(registry.issues):
        if domain == DOMAIN and issue_id.startswith(prefixes):
            ir.async_delete_issue(hass, DOMAIN, issue_id)


def async_update_unit_issues(
    hass: HomeAssistant, entry: ConfigEntry, unit_id: str, name: str, state: AcState
) -> None:
    """Show or remove a unit's fault and filter issues from its latest state.

    The fault issue follows the fault flag, not the error code: some units report a code while
    running normally (docs/protocol.md §D11).
    """
    fault = {"name": name, "code": fault_display_code(state.error_code)}
    async_show_unit_issue(
        hass, entry, unit_id, ISSUE_UNIT_FAULT, fault if state.appliance_error else None
    )
    async_show_unit_issue(
        hass, entry, unit_id, ISSUE_FILTER, {"name": name} if state.filter_alert else None
    )
