"""The simulated room: indoor temperature follows the target while the unit runs."""

from __future__ import annotations

import pytest

from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from .raw_cloud import RawClient, RawSession


async def test_cooling_brings_the_room_down_over_time(
    emulator: CloudEmulator, client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    unit.state.mode, unit.state.target, unit.state.indoor = 2, 22.0, 26.0
    start = await client.state(session, unit.appliance_id)

    emulator.advance(5 * 60)
    later = await client.state(session, unit.appliance_id)
    emulator.advance(30 * 60)
    settled = await client.state(session, unit.appliance_id)

    assert start.indoor == 26.0
    assert later.indoor is not None
    assert 22.0 < later.indoor < 26.0
    assert settled.indoor == 22.0
    assert settled.outdoor == start.outdoor


@pytest.mark.parametrize(
    ("power", "mode", "target"),
    [(False, 2, 18.0), (True, 5, 18.0), (True, 2, 30.0), (True, 4, 18.0)],
    ids=["off", "fan-only", "cool-below-target", "heat-above-target"],
)
def test_room_stays_put(
    emulator: CloudEmulator, unit: SimulatedUnit, power: bool, mode: int, target: float
) -> None:
    unit.state.power, unit.state.mode, unit.state.target, unit.state.indoor = (
        power,
        mode,
        target,
        24.0,
    )

    emulator.advance(30 * 60)

    assert unit.state.indoor == 24.0


def test_heating_warms_the_room(emulator: CloudEmulator, unit: SimulatedUnit) -> None:
    unit.state.mode, unit.state.target, unit.state.indoor = 4, 22.0, 18.0

    emulator.advance(5 * 60)

    assert unit.state.indoor is not None
    assert 18.0 < unit.state.indoor < 22.0
