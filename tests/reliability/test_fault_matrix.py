"""The fault matrix inside Home Assistant: each cloud fault, what the entities show meanwhile,
how many logins it costs, what is logged, and that everything is back once it clears.

Each row's observations go to tests/reliability/results/ci.json (figures.observe) before they are
judged; docs/reliability.md's matrix is rendered from that file (test_document.py)."""

from __future__ import annotations

import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest

from custom_components.midea_cloud.const import DOMAIN, POLL_INTERVAL
from midea_cloud_emulator import CloudEmulator

from . import logs
from .clock import advance
from .figures import assert_as_committed, observe
from .matrix import FAULT_POLLS, ROWS, Row, matrix_key
from .scene import CLOUDS, CloudSide, Scene, set_up


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


def logged(records: list[logging.LogRecord], expected: tuple[str, ...]) -> dict[str, int]:
    """The messages logged at INFO and above, each as the expected fragment it contains (the part
    that does not depend on the day), or whole when none does; with how often it was logged."""
    seen: dict[str, int] = {}
    for message in logs.notable(records):
        text = next((part for part in expected if part in message), message)
        seen[text] = seen.get(text, 0) + 1
    return seen


def most_writes(records: list[logging.LogRecord]) -> int:
    """The most writes of any one of the integration's stores."""
    return max(logs.storage_writes(records).values(), default=0)


@pytest.mark.parametrize("row", ROWS, ids=[row.key for row in ROWS])
@pytest.mark.parametrize("cloud", CLOUDS, ids=[cloud.key for cloud in CLOUDS])
async def test_fault(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: CloudEmulator,
    caplog: pytest.LogCaptureFixture,
    cloud: CloudSide,
    row: Row,
) -> None:
    email = cloud.email
    emulator.add_unit(email, name="Living room", power=True, mode=2, target=24.0, indoor=26.5)
    emulator.add_unit(email, name="Bedroom", power=False, mode=4, target=21.5, indoor=19.0)
    scene = await set_up(hass, freezer, emulator, cloud)
    key = matrix_key(cloud, row)
    unit_entities, account_entities = scene.entity_ids()
    logins = emulator.count(cloud.login)
    caplog.clear()

    await row.arm(scene)
    await row.command(scene)
    units_seen, account_seen = [], []
    for poll in range(1, FAULT_POLLS + 1):
        if row.rearm_each_poll and poll > 1:
            await row.arm(scene)
        await advance(hass, freezer, POLL_INTERVAL)
        units_seen.append(state_of(scene.available(unit_entities)))
        account_seen.append(state_of(scene.available(account_entities)))
    during = {
        "units": units_seen,
        "account": account_seen,
        "logins": emulator.count(cloud.login) - logins,
        "repairs": account_issues(scene),
    }
    await row.clear(scene)
    await row.before_recovery(scene)
    during |= {"logged": logged(caplog.records, row.logged)}
    during |= {"most_writes_of_a_store": most_writes(caplog.records)}
    observe("matrix", key, during)
    assert units_seen == row.expected_availability()
    assert account_seen == ["available"] * FAULT_POLLS
    assert during["logins"] == row.logins
    assert during["repairs"] == ([row.repair] if row.repair else [])
    check_log(caplog.records, row.logged)

    caplog.clear()
    recovered_after = None
    for polls in range(1, row.recovery_polls + 1):
        await advance(hass, freezer, POLL_INTERVAL)
        if all(scene.available(unit_entities).values()):
            recovered_after = polls
            break
    observe(
        "matrix",
        key,
        {
            "recovery_polls": recovered_after,
            "recovered_logged": logged(caplog.records, row.recovered_log),
            "shown_differently": scene.shown_differently(),
        },
    )
    assert recovered_after is not None
    assert scene.shown_differently() == []
    assert account_issues(scene) == []
    check_log(caplog.records, row.recovered_log)
    assert_as_committed("matrix", key)


def state_of(available: dict[str, bool]) -> str:
    """One word for a group of entities after a poll."""
    if all(available.values()):
        return "available"
    return "unavailable" if not any(available.values()) else "some unavailable"
