"""What a simulated air conditioner reports: the fields of its C0 state reply."""

from __future__ import annotations

from dataclasses import dataclass

MODE_AUTO = 1
MODE_COOL = 2
MODE_DRY = 3
MODE_HEAT = 4
MODE_FAN = 5
MODE_SMART_DRY = 6


@dataclass(slots=True)
class UnitState:
    """Mutable state of one unit; tests read and change it directly.

    Temperatures are in °C (``None`` makes the unit report 0xFF, "no reading").
    ``appliance_error`` is the separate fault flag (C0 body[1] b7), independent of ``error_code``.
    """

    power: bool = False
    mode: int = MODE_COOL
    target: float = 24.0
    fan: int = 102
    indoor: float | None = 25.0
    outdoor: float | None = 30.0
    swing_vertical: bool = False
    swing_horizontal: bool = False
    eco: bool = False
    turbo: bool = False
    sleep: bool = False
    display_on: bool = True
    fahrenheit_display: bool = False
    error_code: int = 0
    filter_alert: bool = False
    appliance_error: bool = False
