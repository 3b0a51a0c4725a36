"""Repair issues about units (fault, filter) and about the account (sessions taken over)."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.midea_cloud.const import DOMAIN, POLL_INTERVAL
from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from .conftest import EMAIL, advance


def issue(
    registry: ir.IssueRegistry, kind: str, entry: MockConfigEntry, unit: SimulatedUnit | None = None
) -> ir.IssueEntry | None:
    suffix = f"_{unit.appliance_id}" if unit is not None else ""
    return registry.async_get_issue(DOMAIN, f"{kind}_{entry.entry_id}{suffix}")


async def test_fault_flag_raises_an_issue_until_it_clears(
    hass: HomeAssistant,
    *,
    loaded_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The fault flag (C0 body[1] b7) raises an issue naming the unit and its display code."""
    living_room.state.error_code = 5
    await advance(hass, freezer, POLL_INTERVAL)
    assert issue(issue_registry, "unit_fault", loaded_entry, living_room) is None

    living_room.state.appliance_error = True
    await advance(hass, freezer, POLL_INTERVAL)
    raised = issue(issue_registry, "unit_fault", loaded_entry, living_room)
    assert raised is not None
    assert raised.translation_placeholders == {"name": "Living room", "code": "EH03"}
    assert raised.translation_key == "unit_fault"

    living_room.state.appliance_error = False
    await advance(hass, freezer, POLL_INTERVAL)
    assert issue(issue_registry, "unit_fault", loaded_entry, living_room) is None


async def test_fault_with_a_code_outside_the_thing_model_shows_the_number(
    hass: HomeAssistant,
    *,
    loaded_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Codes the thing model does not list (17..32, above 33) are shown as numbers."""
    living_room.state.error_code = 25
    living_room.state.appliance_error = True

    await advance(hass, freezer, POLL_INTERVAL)

    raised = issue(issue_registry, "unit_fault", loaded_entry, living_room)
    assert raised is not None
    assert raised.translation_placeholders["code"] == "25"


async def test_dirty_filter_raises_an_issue_until_it_is_reset(
    hass: HomeAssistant,
    *,
    loaded_entry: MockConfigEntry,
    bedroom: SimulatedUnit,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The filter flag raises an issue for that unit only; resetting the reminder removes it."""
    bedroom.state.filter_alert = True
    await advance(hass, freezer, POLL_INTERVAL)
    raised = issue(issue_registry, "filter_needs_cleaning", loaded_entry, bedroom)
    assert raised is not None
    assert raised.translation_placeholders == {"name": "Bedroom"}
    assert [i.issue_id for i in issue_registry.issues.values() if i.domain == DOMAIN] == [
        raised.issue_id
    ]

    bedroom.state.filter_alert = False
    await advance(hass, freezer, POLL_INTERVAL)
    assert issue(issue_registry, "filter_needs_cleaning", loaded_entry, bedroom) is None


async def test_unit_issues_go_with_the_unit_and_with_the_unload(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    living_room: SimulatedUnit,
    bedroom: SimulatedUnit,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A unit removed from the account takes its issues along; unloading clears the rest."""
    for unit in (living_room, bedroom):
        unit.state.filter_alert = True
    await advance(hass, freezer, POLL_INTERVAL)
    emulator.remove_unit(EMAIL, bedroom.appliance_id)

    await advance(hass, freezer, timedelta(minutes=10))
    await advance(hass, freezer, POLL_INTERVAL)  # the next list leaves it out again
    assert issue(issue_registry, "filter_needs_cleaning", loaded_entry, bedroom) is None
    assert issue(issue_registry, "filter_needs_cleaning", loaded_entry, living_room) is not None

    await hass.config_entries.async_unload(loaded_entry.entry_id)
    assert issue(issue_registry, "filter_needs_cleaning", loaded_entry, living_room) is None


async def test_sessions_taken_over_repeatedly_raise_an_issue_that_clears_itself(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Three sessions ended by another login within six hours raise the family-account issue;
    six quiet hours remove it. Two are tolerated."""
    for round_number in range(3):
        assert issue(issue_registry, "session_taken_over", loaded_entry) is None, round_number
        emulator.expire_sessions(EMAIL)  # the phone app signs in
        await advance(hass, freezer, timedelta(minutes=25))

    raised = issue(issue_registry, "session_taken_over", loaded_entry)
    assert raised is not None
    assert raised.translation_placeholders == {"account": EMAIL, "count": "3", "hours": "6"}
    assert hass.states.get("climate.living_room").state == "cool"

    await advance(hass, freezer, timedelta(hours=6))
    assert issue(issue_registry, "session_taken_over", loaded_entry) is None


async def test_expired_sessions_are_not_taken_for_takeovers(
    hass: HomeAssistant,
    *,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A session the cloud ends after it lived its hour is an expiry, not the phone app."""
    for _ in range(4):
        await advance(hass, freezer, timedelta(hours=1, minutes=5))

    assert emulator.logins(EMAIL) == 5
    assert issue(issue_registry, "session_taken_over", loaded_entry) is None
