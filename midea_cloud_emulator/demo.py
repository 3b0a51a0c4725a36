"""The demo account the command line creates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .capabilities import CapabilityProfile
from .cloud import Cloud
from .state import MODE_COOL, MODE_FAN, MODE_HEAT, UnitState
from .unit import SimulatedUnit

# What MSmartHome's Lua status reports for them: (power_w, energy_kwh, humidity, lua).
_LUA_READINGS: tuple[tuple[float | None, float | None, float | None, bool], ...] = (
    (820.0, 12.5, 48.0, True),
    (None, None, 55.0, True),
    (None, None, None, False),
)
_DEMO_UNITS: tuple[tuple[str, UnitState], ...] = (
    ("Living room", UnitState(power=True, mode=MODE_COOL, target=23.0, indoor=26.5, outdoor=31.0)),
    ("Bedroom", UnitState(power=False, mode=MODE_HEAT, target=21.0, indoor=19.5, outdoor=31.0)),
    ("Office", UnitState(power=True, mode=MODE_FAN, fan=60, indoor=24.2, outdoor=31.0)),
)


def add_demo_units(
    cloud: Cloud,
    email: str,
    count: int,
    capabilities: Sequence[CapabilityProfile | None] = (),
) -> list[SimulatedUnit]:
    """``count`` units named "Living room", "Bedroom", "Office", "Unit 4", ...

    ``capabilities`` gives the first units their 0xB5 profiles, in order; the others do not
    answer the capabilities query. On an MSmartHome account the Living room also reports
    power, energy and humidity, the Bedroom humidity only, and the Office no Lua status.
    """
    msmarthome = cloud.account(email).profile.is_msmarthome
    units = []
    for index in range(count):
        if index < len(_DEMO_UNITS):
            name, state = _DEMO_UNITS[index]
            unit = cloud.add_unit(email, name=name)
            unit.state = replace(state)
        else:
            unit = cloud.add_unit(email, name=f"Unit {index + 1}")
        unit.capabilities = capabilities[index] if index < len(capabilities) else None
        if msmarthome and index < len(_LUA_READINGS):
            unit.power_w, unit.energy_kwh, unit.humidity, unit.lua = _LUA_READINGS[index]
        units.append(unit)
    return units
