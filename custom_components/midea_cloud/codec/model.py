"""Typed values exchanged between the codec and its callers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Mode(IntEnum):
    """Operating modes (C0 body[2] b7-b5; SET body[2] b7-b5)."""

    AUTO = 1
    COOL = 2
    DRY = 3
    HEAT = 4
    FAN = 5
    SMART_DRY = 6


class FanSpeed(IntEnum):
    """Named fan values (body[3]); any 1..100 is also a valid percentage."""

    SILENT = 20
    LOW = 40
    MEDIUM = 60
    HIGH = 80
    TURBO = 100
    FIXED = 101
    AUTO = 102


@dataclass(frozen=True, slots=True)
class AcState:
    """The decoded C0 state of an air conditioner. ``None`` means the unit did not report it."""

    power: bool
    mode: int
    target_temperature: float
    fan_speed: int
    swing_vertical: bool
    swing_horizontal: bool
    eco: bool
    turbo: bool
    sleep: bool
    fahrenheit_display: bool
    display_on: bool
    display_state: int
    indoor_temperature: float | None
    outdoor_temperature: float | None
    error_code: int
    appliance_error: bool
    filter_alert: bool
    frost_protection: bool | None = None


@dataclass(frozen=True, slots=True)
class AcChanges:
    """Requested changes for a SET; ``None`` leaves the current value as it is."""

    power: bool | None = None
    mode: int | None = None
    target_temperature: float | None = None
    fan_speed: int | None = None
    swing_vertical: bool | None = None
    swing_horizontal: bool | None = None
    eco: bool | None = None
    turbo: bool | None = None
    sleep: bool | None = None
    fahrenheit_display: bool | None = None
    frost_protection: bool | None = None


@dataclass(frozen=True, slots=True)
class Appliance:
    """One item of the account's appliance list."""

    id: str
    name: str
    type: str
    online: bool
    model: str
    serial: str
    description: str = ""

    @property
    def is_air_conditioner(self) -> bool:
        """Only 0xAC appliances are controllable by this project."""
        return self.type.lower() == "0xac"
