"""The fault matrix inside Home Assistant: each cloud fault, what the entities show meanwhile,
how many logins it costs, what is logged, and that everything is back once it clears."""

from __future__ import annotations

import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest

from custom_components.midea_cloud.const import DOMAIN, POLL_INTERVAL
from midea_cloud_emulator import CloudEmulator
from tests.integration.conftest import EMAIL

from . import logs
from .clock import advance
from .matrix import DOC, FAULT_POLLS, ROWS, Row, render_table
from .scene import LOGIN_NEW, Scene, set_up


def account_issues(scene: Scene) -> list[str]:
    """The translation keys of the entry's account repairs."""
    registry = ir.async_get(scene.hass)
    return sorted(
        issue.translation_key or ""
        for (domain, issue_id), issue in registry.issues.items()
        if domain == DOMAIN and issue_id.endswith(scene.entry.entry_id)
    )


def check_log(records: list[logging.LogRecord], expected: tuple[str, ...]) -> None:
    messages = logs.notable(records)
    assert logs.tracebacks(records) == []
    assert logs.repeated(messages) == {}
    assert logs.unexpected(messages, expected) == []
    assert logs.missing(messages, expected) == []
    assert [key for key, count in logs.storage_writes(records).items() if count > 1] == []


@pytest.mark.parametrize("row", ROWS, ids=[row.key for row in ROWS])
async def test_fault(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: CloudEmulator,
    caplog: pytest.LogCaptureFixture,
    row: Row,
) -> None:
    emulator.add_unit(EMAIL, name="Living room", power=True, mode=2, target=24.0, indoor=26.5)
    emulator.add_unit(EMAIL, name="Bedroom", power=False, mode=4, target=21.5, indoor=19.0)
    scene = await set_up(hass, freezer, emulator)
    unit_entities, account_entities = scene.entity_ids()
    logins = emulator.count(LOGIN_NEW)
    caplog.clear()

    await row.arm(scene)
    await row.command(scene)
    for poll in range(1, FAULT_POLLS + 1):
        if row.rearm_each_poll and poll > 1:
            await row.arm(scene)
        await advance(hass, freezer, POLL_INTERVAL)
        expected = row.unavailable_from is None or poll < row.unavailable_from
        assert scene.available(unit_entities) == dict.fromkeys(unit_entities, expected), poll
        assert all(scene.available(account_entities).values()), poll
    assert emulator.count(LOGIN_NEW) - logins == row.logins
    assert account_issues(scene) == ([row.repair] if row.repair else [])
    await row.clear(scene)
    await row.before_recovery(scene)
    check_log(caplog.records, row.logged)

    caplog.clear()
    for _ in range(row.recovery_polls):
        await advance(hass, freezer, POLL_INTERVAL)
        if all(scene.available(unit_entities).values()):
            break
    assert all(scene.available(unit_entities).values())
    assert scene.shown_differently() == []
    assert account_issues(scene) == []
    check_log(caplog.records, row.recovered_log)


def test_the_documented_matrix_is_the_tested_one() -> None:
    """docs/reliability.md shows exactly these rows (regenerate: python -m tests.reliability)."""
    assert render_table() in DOC.read_text(encoding="utf-8")
