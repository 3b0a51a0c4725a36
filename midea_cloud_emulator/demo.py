"""The demo account the command line creates."""

from __future__ import annotations

from .cloud import Cloud
from .unit import SimulatedUnit

_DEMO_UNITS: tuple[tuple[str, dict[str, object]], ...] = (
    ("Living room", {"power": True, "mode": 2, "target": 23.0, "indoor": 26.5, "outdoor": 31.0}),
    ("Bedroom", {"power": False, "mode": 4, "target": 21.0, "indoor": 19.5, "outdoor": 31.0}),
    ("Office", {"power": True, "mode": 5, "fan": 60, "indoor": 24.2, "outdoor": 31.0}),
)


def unit_name(index: int) -> str:
    """Name of the demo unit number ``index`` (0-based)."""
    return _DEMO_UNITS[index][0] if index < len(_DEMO_UNITS) else f"Unit {index + 1}"


def add_demo_units(cloud: Cloud, email: str, count: int) -> list[SimulatedUnit]:
    """``count`` units with names "Living room", "Bedroom", "Office", "Unit 4", ..."""
    units = []
    for index in range(count):
        unit = cloud.add_unit(email, name=unit_name(index))
        if index < len(_DEMO_UNITS):
            for field_name, value in _DEMO_UNITS[index][1].items():
                setattr(unit.state, field_name, value)
        units.append(unit)
    return units
