"""Capability profiles: the 0xB5 records a simulated unit answers with.

The values are the raw bytes a unit sends; docs/protocol.md explains each record. A unit
without a profile does not answer the capabilities query at all (the cloud says 3176), like
many older units.
"""

from __future__ import annotations

from dataclasses import dataclass

from .wire.b5 import Record

MODES = 0x0214
FAN_SPEEDS = 0x0210
SWING = 0x0215
ECO = 0x0212
TURBO = 0x021A
FILTER_REMINDER = 0x0217
TEMPERATURES = 0x0225
FROST_PROTECTION = 0x0213
FAHRENHEIT = 0x0222
DISPLAY_CONTROL = 0x0224

# 0x0225: cool, auto and heat minimum / maximum in half degrees, then "half degrees" (1 = yes).
_SIXTEEN_TO_THIRTY_IN_HALVES = bytes((32, 60, 32, 60, 32, 60, 1))
_SEVENTEEN_TO_THIRTY_WHOLE = bytes((34, 60, 34, 60, 34, 60, 0))


@dataclass(frozen=True, slots=True)
class CapabilityProfile:
    """The pages of records a unit answers 0xB5 queries with (page 0 first)."""

    name: str
    pages: tuple[tuple[Record, ...], ...]


FULL = CapabilityProfile(
    "full",
    (
        (
            (MODES, b"\x01"),  # cool, dry, auto and heat
            (FAN_SPEEDS, b"\x01"),  # any percentage, so every named speed
            (SWING, b"\x01"),  # vertical and horizontal
            (ECO, b"\x01"),
            (TURBO, b"\x01"),  # while cooling and while heating
            (FILTER_REMINDER, b"\x01"),
            (TEMPERATURES, _SIXTEEN_TO_THIRTY_IN_HALVES),
        ),
        (
            (FROST_PROTECTION, b"\x01"),
            (FAHRENHEIT, b"\x00"),  # 0: the display can show °F
            (DISPLAY_CONTROL, b"\x01"),
        ),
    ),
)

COOL_ONLY = CapabilityProfile(
    "cool_only",
    (
        (
            (MODES, b"\x03"),  # cooling only (fan-only is always there)
            (FAN_SPEEDS, b"\x07"),  # low, medium, high; no auto
            (SWING, b"\x00"),  # vertical only
            (ECO, b"\x01"),
            (TURBO, b"\x00"),  # while cooling only
            (TEMPERATURES, _SEVENTEEN_TO_THIRTY_WHOLE),
        ),
    ),
)

NO_SWING = CapabilityProfile(
    "no_swing",
    (
        (
            (MODES, b"\x01"),
            (FAN_SPEEDS, b"\x05"),  # auto, low, medium, high
            (SWING, b"\x02"),  # no louver swing
            (ECO, b"\x01"),
            (TURBO, b"\x01"),
            (FILTER_REMINDER, b"\x01"),
            (DISPLAY_CONTROL, b"\x01"),
            (TEMPERATURES, _SIXTEEN_TO_THIRTY_IN_HALVES),
        ),
    ),
)

PROFILES = {profile.name: profile for profile in (FULL, COOL_ONLY, NO_SWING)}
