"""What a unit supports: the records of its 0xB5 capabilities replies (docs/protocol.md).

A reply body is ``B5``, a record count, the records (``id`` LE16, ``size``, ``size`` value bytes)
and, after them, two trailing bytes of which the first says whether a second page follows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .errors import MideaProtocolError
from .frames import DEVICE_AC, parse_frame
from .model import FanSpeed, Mode

BODY_CAPABILITIES = 0xB5

FAN_SPEEDS = 0x0210
ECO = 0x0212
FROST_PROTECTION = 0x0213
MODES = 0x0214
SWING = 0x0215
FILTER_REMINDER = 0x0217
TURBO = 0x021A
FAHRENHEIT = 0x0222
DISPLAY_CONTROL = 0x0224
TEMPERATURES = 0x0225

_RECORD_HEADER = 3
_LOWEST_TARGET = 16.0
_HIGHEST_TARGET = 30.0

# 0x0214: which of the four switchable modes each value allows (fan-only is always there).
_MODES_BY_VALUE: dict[int, frozenset[Mode]] = {
    0: frozenset({Mode.COOL, Mode.DRY, Mode.AUTO}),
    1: frozenset({Mode.COOL, Mode.DRY, Mode.AUTO, Mode.HEAT}),
    2: frozenset({Mode.HEAT, Mode.AUTO}),
    3: frozenset({Mode.COOL}),
    4: frozenset({Mode.COOL, Mode.HEAT}),
    5: frozenset({Mode.COOL, Mode.DRY}),
    6: frozenset({Mode.COOL, Mode.DRY, Mode.HEAT}),
    7: frozenset({Mode.COOL, Mode.HEAT, Mode.AUTO}),
    8: frozenset({Mode.COOL, Mode.AUTO}),
    9: frozenset({Mode.COOL, Mode.DRY, Mode.AUTO, Mode.HEAT}),
}
_ALL_MODES = frozenset(Mode) - {Mode.SMART_DRY}

# 0x0210: the named speeds of each value; 1 means any percentage, so every speed.
_NAMED_SPEEDS = frozenset(
    {FanSpeed.SILENT, FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH, FanSpeed.TURBO, FanSpeed.AUTO}
)
_FAN_SPEEDS_BY_VALUE: dict[int, frozenset[FanSpeed]] = {
    1: _NAMED_SPEEDS,
    3: frozenset({FanSpeed.LOW, FanSpeed.HIGH}),
    4: frozenset({FanSpeed.LOW, FanSpeed.HIGH, FanSpeed.AUTO}),
    5: frozenset({FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH, FanSpeed.AUTO}),
    6: _NAMED_SPEEDS - {FanSpeed.TURBO},
    7: frozenset({FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH}),
}
_FAN_SPEEDS_WITHOUT_RECORD = frozenset(
    {FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH, FanSpeed.AUTO}
)

# 0x0215 gives (vertical, horizontal) louver swing; 0x021A gives (turbo while cooling, turbo
# while heating). Both use the same four values.
_PAIR_BY_VALUE: Mapping[int | None, tuple[bool, bool]] = {
    0: (True, False),
    1: (True, True),
    2: (False, False),
    3: (False, True),
}


@dataclass(frozen=True, slots=True)
class CapabilityPage:
    """One 0xB5 reply: its records by id, and whether the unit has a second page."""

    records: Mapping[int, bytes]
    more: bool


@dataclass(frozen=True, slots=True)
class TargetRange:
    """The target temperatures a mode accepts, in °C."""

    minimum: float
    maximum: float


@dataclass(frozen=True, slots=True)
class Capabilities:
    """The controls a unit has. ``reported`` is False for the defaults of a silent unit."""

    modes: frozenset[Mode]
    fan_speeds: frozenset[FanSpeed]
    swing_vertical: bool
    swing_horizontal: bool
    eco: bool
    turbo_cool: bool
    turbo_heat: bool
    frost_protection: bool
    fahrenheit_display: bool
    display_control: bool
    filter_reminder: bool
    target_ranges: Mapping[Mode, TargetRange]
    half_degrees: bool
    reported: bool
    records: Mapping[int, bytes] = field(default_factory=dict)

    @property
    def min_target(self) -> float:
        """The lowest target any mode accepts (never below what a SET can carry)."""
        return max(_LOWEST_TARGET, min(r.minimum for r in self.target_ranges.values()))

    @property
    def max_target(self) -> float:
        """The highest target any mode accepts (never above what a SET can carry)."""
        return min(_HIGHEST_TARGET, max(r.maximum for r in self.target_ranges.values()))


_DEFAULT_RANGE = TargetRange(_LOWEST_TARGET, _HIGHEST_TARGET)
_DEFAULT_RANGES = MappingProxyType(dict.fromkeys((Mode.COOL, Mode.AUTO, Mode.HEAT), _DEFAULT_RANGE))

FULL_CAPABILITIES = Capabilities(
    modes=_ALL_MODES,
    fan_speeds=_NAMED_SPEEDS,
    swing_vertical=True,
    swing_horizontal=True,
    eco=True,
    turbo_cool=True,
    turbo_heat=True,
    frost_protection=False,
    fahrenheit_display=True,
    display_control=True,
    filter_reminder=True,
    target_ranges=_DEFAULT_RANGES,
    half_degrees=True,
    reported=False,
)
"""What a unit that does not answer 0xB5 is offered: every control this project can send."""


def parse_capabilities_body(body: bytes) -> CapabilityPage:
    """Split a 0xB5 body (frame[10 : n-2]) into records; a record cut short ends the list."""
    if len(body) < 2 or body[0] != BODY_CAPABILITIES:
        raise MideaProtocolError("not a capabilities (0xB5) body")
    records: dict[int, bytes] = {}
    cursor = 2
    for _ in range(body[1]):
        if cursor + _RECORD_HEADER > len(body):
            break
        record_id = body[cursor] | body[cursor + 1] << 8
        size = body[cursor + 2]
        end = cursor + _RECORD_HEADER + size
        if end > len(body):
            break
        if size:
            records[record_id] = bytes(body[cursor + _RECORD_HEADER : end])
        cursor = end
    trailer = body[cursor:]
    return CapabilityPage(MappingProxyType(records), more=len(trailer) >= 2 and trailer[-2] != 0)


def parse_capabilities_frame(frame: bytes) -> CapabilityPage:
    """Validate a received frame and decode it as an air conditioner's 0xB5 reply."""
    parsed = parse_frame(frame)
    if parsed.device_type != DEVICE_AC or parsed.body_type != BODY_CAPABILITIES:
        raise MideaProtocolError(
            f"not a capabilities reply (device 0x{parsed.device_type:02X}, "
            f"body type 0x{parsed.body_type:02X})"
        )
    return parse_capabilities_body(parsed.body)


def _first(records: Mapping[int, bytes], record_id: int) -> int | None:
    value = records.get(record_id)
    return value[0] if value else None


def _target_ranges(value: bytes | None) -> tuple[Mapping[Mode, TargetRange], bool]:
    """0x0225: cool, auto and heat (minimum, maximum) in half degrees, then the decimals flag."""
    if value is None or len(value) < 6:
        return _DEFAULT_RANGES, True
    ranges = {
        mode: TargetRange(value[index] / 2, value[index + 1] / 2)
        for mode, index in ((Mode.COOL, 0), (Mode.AUTO, 2), (Mode.HEAT, 4))
    }
    half_degrees = value[6] != 0 if len(value) > 6 else True
    return MappingProxyType(ranges), half_degrees


def _modes(value: int | None) -> frozenset[Mode]:
    """0x0214; without the record, or with a value nobody has decoded, every mode."""
    switchable = _MODES_BY_VALUE.get(value, _ALL_MODES) if value is not None else _ALL_MODES
    return switchable | {Mode.FAN}


def _fan_speeds(value: int | None) -> frozenset[FanSpeed]:
    """0x0210; without the record, or with an unknown value, the speeds every unit has."""
    if value is None:
        return _FAN_SPEEDS_WITHOUT_RECORD
    return _FAN_SPEEDS_BY_VALUE.get(value, _FAN_SPEEDS_WITHOUT_RECORD)


def capabilities_from_records(records: Mapping[int, bytes]) -> Capabilities:
    """Interpret the records a unit reported (both pages merged).

    A record the unit does not send means the feature is absent, except for the modes, the fan
    speeds and the target ranges, which fall back to what every unit has.
    """
    vertical, horizontal = _PAIR_BY_VALUE.get(_first(records, SWING), (False, False))
    turbo_cool, turbo_heat = _PAIR_BY_VALUE.get(_first(records, TURBO), (False, False))
    ranges, half_degrees = _target_ranges(records.get(TEMPERATURES))
    return Capabilities(
        modes=_modes(_first(records, MODES)),
        fan_speeds=_fan_speeds(_first(records, FAN_SPEEDS)),
        swing_vertical=vertical,
        swing_horizontal=horizontal,
        eco=_first(records, ECO) in (1, 2),
        turbo_cool=turbo_cool,
        turbo_heat=turbo_heat,
        frost_protection=_first(records, FROST_PROTECTION) == 1,
        fahrenheit_display=_first(records, FAHRENHEIT) == 0,
        display_control=_first(records, DISPLAY_CONTROL) in (1, 2, 100),
        filter_reminder=_first(records, FILTER_REMINDER) in (1, 2, 4),
        target_ranges=ranges,
        half_degrees=half_degrees,
        reported=True,
        records=MappingProxyType(dict(records)),
    )


def records_to_json(records: Mapping[int, bytes]) -> dict[str, str]:
    """Records as ``{"0x0214": "01", ...}``, for a cache or diagnostics."""
    return {f"0x{record_id:04X}": value.hex() for record_id, value in sorted(records.items())}


def records_from_json(data: Mapping[str, str]) -> dict[int, bytes]:
    """The inverse of :func:`records_to_json`; raise MideaProtocolError on malformed data."""
    try:
        return {int(key, 16): bytes.fromhex(value) for key, value in data.items()}
    except (TypeError, ValueError, AttributeError) as err:
        raise MideaProtocolError("malformed capability records") from err
