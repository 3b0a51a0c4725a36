"""A simulated day of random cloud trouble: how many logins it costs, never a login loop, and
no login for an hour after the cloud blocked them (with a repair saying so)."""

from __future__ import annotations

import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

from midea_cloud_emulator import CloudEmulator
from tests.integration.conftest import EMAIL

from . import logs
from .figures import LOGIN_DAY_HOURS, LOGIN_DAYS, report
from .random_day import BadDay, logins_during_blocks, most_in_an_hour
from .scene import set_up

LOGINS_PER_HOUR_ON_AVERAGE = 6  # one per 10 minutes
LOGIN_BUDGET = 3  # automatic logins in any hour (PROTOCOL.md D13)


@pytest.mark.parametrize("seed", LOGIN_DAYS)
async def test_a_bad_day_costs_few_logins_and_never_a_loop(
    hass: HomeAssistant,
    *,
    freezer: FrozenDateTimeFactory,
    emulator: CloudEmulator,
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
    seed: int,
) -> None:
    caplog.set_level(logging.INFO)
    emulator.add_unit(EMAIL, name="Living room", power=True, mode=2, target=24.0, fan=102)
    emulator.add_unit(EMAIL, name="Bedroom", power=False, mode=4, target=21.5, fan=40)
    emulator.add_unit(EMAIL, name="Study", power=True, mode=4, target=22.0, fan=80)
    scene = await set_up(hass, freezer, emulator)
    day = BadDay(scene, caplog, seed, logs.forgetter(caplog, request.config))

    await day.run(LOGIN_DAY_HOURS)
    recovery_polls = await day.recover()

    blocks = sum(login.code == 7610 for login in day.logins)
    report(
        f"login discipline ({LOGIN_DAY_HOURS} simulated h, seed {seed}): "
        f"{len(day.logins)} login attempts ({blocks} answered 7610), "
        f"at most {most_in_an_hour(day.logins)} in any hour; "
        f"episodes {sum(day.episodes.values())} {dict(sorted(day.episodes.items()))}; "
        f"{day.commands} commands, refused: {dict(sorted(day.command_errors.items()))}; "
        f"recovered {recovery_polls} poll(s) after the last fault"
    )
    assert blocks > 0, "the day had no login block to judge"
    assert len(day.logins) <= LOGIN_DAY_HOURS * LOGINS_PER_HOUR_ON_AVERAGE
    assert most_in_an_hour(day.logins) <= LOGIN_BUDGET
    assert logins_during_blocks(day.logins) == []
    assert [key for key in day.command_errors if key.startswith("untranslated")] == []
    assert day.tracebacks + logs.tracebacks(caplog.records) == []
    assert scene.shown_differently() == []
