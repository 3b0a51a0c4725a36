"""A simulated day of random cloud trouble: how many logins it costs, never a login loop, and
no login for an hour after the cloud blocked them (with a repair saying so)."""

from __future__ import annotations

import logging

from freezegun.api import FrozenDateTimeFactory, real_perf_counter
from homeassistant.core import HomeAssistant
import pytest

from midea_cloud_emulator import CloudEmulator
from tests.integration.conftest import EMAIL

from . import logs
from .bounds import LOGIN_BUDGET, MAX_LOGINS_A_DAY
from .figures import LOGIN_DAY_HOURS, LOGIN_DAYS, assert_as_committed, observe, report
from .random_day import BadDay, logins_during_blocks, most_in_an_hour
from .scene import set_up


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

    started = real_perf_counter()
    await day.run(LOGIN_DAY_HOURS)
    recovery_polls = await day.recover()

    blocks = sum(login.code == 7610 for login in day.logins)
    observe(
        "login_days",
        str(seed),
        {
            "hours": LOGIN_DAY_HOURS,
            "login_attempts": len(day.logins),
            "answered_7610": blocks,
            "most_in_an_hour": most_in_an_hour(day.logins),
            "during_blocks": len(logins_during_blocks(day.logins)),
            "episodes": sum(day.episodes.values()),
            "episodes_by_kind": dict(sorted(day.episodes.items())),
            "commands": day.commands,
            "commands_refused": dict(sorted(day.command_errors.items())),
            "recovery_polls": recovery_polls,
        },
        varying={"wall_seconds": round(real_perf_counter() - started, 1)},
    )
    report(
        f"login discipline ({LOGIN_DAY_HOURS} simulated h, seed {seed}): "
        f"{len(day.logins)} login attempts ({blocks} answered 7610), "
        f"at most {most_in_an_hour(day.logins)} in any hour; "
        f"episodes {sum(day.episodes.values())} {dict(sorted(day.episodes.items()))}; "
        f"{day.commands} commands, refused: {dict(sorted(day.command_errors.items()))}; "
        f"recovered {recovery_polls} poll(s) after the last fault "
        f"({real_perf_counter() - started:.1f} s)"
    )
    assert blocks > 0, "the day had no login block to judge"
    assert len(day.logins) <= MAX_LOGINS_A_DAY
    assert most_in_an_hour(day.logins) <= LOGIN_BUDGET
    assert logins_during_blocks(day.logins) == []
    assert [key for key in day.command_errors if key.startswith("untranslated")] == []
    assert day.tracebacks + logs.tracebacks(caplog.records) == []
    assert scene.shown_differently() == []
    assert_as_committed("login_days", str(seed))
