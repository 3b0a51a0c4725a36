"""The air conditioner's state: C0 reply decoding (D11) and requested changes (D10)."""

from __future__ import annotations

import dataclasses
import math

from .errors import MideaConfigError, MideaProtocolError, MideaUnsupportedError
from .frames import BODY_STATE, DEVICE_AC, parse_frame
from .model import AcChanges, AcState, Mode

MIN_STATE_BODY = 17
MIN_TARGET = 16.0
MAX_TARGET = 30.0
FAN_AUTO = 102
DISPLAY_OFF = 7
_MODES = frozenset(Mode)

# docs/protocol.md §15.2: whole degrees Fahrenheit 60..89 -> Celsius.
_FAHRENHEIT_TABLE = dict(
    zip(
        range(60, 90),
        (
            *(16, 16.5, 17, 17.5, 18, 18.5, 19, 19.5, 20, 20.5, 21, 21.5, 22, 23, 23.5),
            *(24, 24.5, 25, 25.5, 26, 26.5, 27, 28, 28.5, 29, 29.5, 30, 30.5, 31, 31.5),
        ),
        strict=True,
    )
)

_CELSIUS_TO_FAHRENHEIT = {celsius: fahrenheit for fahrenheit, celsius in _FAHRENHEIT_TABLE.items()}

# docs/protocol.md §15.3: the thing model's faultCode labels.
FAULT_LABELS: dict[int, str] = {
    0: "no error",
    1: "EH0b",
    2: "EH00",
    3: "EH01",
    4: "EH02",
    5: "EH03",
    6: "EC52",
    7: "EC53",
    8: "EC54",
    9: "EC51",
    10: "EH60",
    11: "EH61",
    12: "EC07",
    13: "PC00",
    14: "PC01",
    15: "PC02",
    16: "PC0L",
    33: "EL0C",
}


def decode_temperature(raw: int, digit: int, fahrenheit: bool) -> float | None:
    """A C0 temperature: raw half degrees offset by 50, refined by the tenths digit (D11)."""
    if raw == 0xFF:
        return None
    base = (raw - 50) / 2
    sign = 1 if base >= 0 else -1
    if fahrenheit:
        value = math.trunc(base) + sign * 0.5 if digit >= 5 else base
    elif digit:
        value = math.trunc(base) + sign * digit / 10
    else:
        value = base
    return round(value, 1)


def parse_state_body(body: bytes) -> AcState:
    """Decode a C0 body (body[0] = 0xC0, without check bytes); fields past its end are None."""
    if len(body) < MIN_STATE_BODY or body[0] != BODY_STATE:
        raise MideaProtocolError("not a C0 state body of at least 17 bytes")
    fahrenheit = bool(body[10] & 0x04)
    half = 0.5 if body[2] & 0x10 else 0.0
    alternate = body[13] & 0x1F
    target = (alternate + 12 if alternate else (body[2] & 0x0F) + 16) + half
    display_state = body[14] >> 4 & 0x07
    return AcState(
        power=bool(body[1] & 0x01),
        mode=body[2] >> 5,
        target_temperature=target,
        fan_speed=body[3] & 0x7F,
        swing_vertical=bool(body[7] & 0x0C),
        swing_horizontal=bool(body[7] & 0x03),
        eco=bool(body[9] & 0x10),
        turbo=bool(body[8] & 0x20 or body[10] & 0x02),
        sleep=bool(body[10] & 0x01),
        fahrenheit_display=fahrenheit,
        display_on=display_state != DISPLAY_OFF,
        display_state=display_state,
        indoor_temperature=decode_temperature(body[11], body[15] & 0x0F, fahrenheit),
        outdoor_temperature=decode_temperature(body[12], body[15] >> 4, fahrenheit),
        error_code=body[16],
        appliance_error=bool(body[1] & 0x80),
        filter_alert=bool(body[13] & 0x20),
        frost_protection=bool(body[21] & 0x80) if len(body) > 21 else None,
    )


def state_extras(body: bytes) -> dict[str, object]:
    """C0 fields outside AcState that a SET never changes, for diagnostics (protocol §11)."""
    parse_state_body(body)
    return {
        "swing_mode": body[7] & 0x0F,
        "follow_me": bool(body[8] & 0x80),
        "aux_heat": bool(body[9] & 0x08),
        "purifier": bool(body[9] & 0x20),
        "target_humidity": body[19] & 0x7F if len(body) > 19 else None,
    }


def parse_state_frame(frame: bytes) -> AcState:
    """Validate a received frame and decode it as an air conditioner's C0 state."""
    parsed = parse_frame(frame)
    if parsed.device_type != DEVICE_AC:
        raise MideaProtocolError(
            f"not an air-conditioner frame (device type 0x{parsed.device_type:02X})"
        )
    if parsed.body_type != BODY_STATE:
        raise MideaProtocolError(f"not a state reply (body type 0x{parsed.body_type:02X})")
    return parse_state_body(parsed.body)


def _round_half_up(value: float, step: float) -> float:
    return math.floor(value / step + 0.5) * step


def fahrenheit_to_celsius(value_f: float) -> float:
    """A °F command as °C: rounded to whole °F, then the table of docs/protocol.md §15.2
    (60..89 °F only)."""
    whole = int(_round_half_up(value_f, 1)) if -1000 < value_f < 1000 else None
    celsius = _FAHRENHEIT_TABLE.get(whole) if whole is not None else None
    if celsius is None:
        raise MideaConfigError(f"{value_f} °F is outside the 60..89 °F table")
    return float(celsius)


def celsius_to_fahrenheit(value_c: float) -> float:
    """A °C target as the whole °F that docs/protocol.md §15.2's table maps to it.

    The table has no entry for 22.5 and 27.5 °C (a remote control can set them); those, and
    anything outside the table, are converted with the formula and rounded to one decimal.
    """
    fahrenheit = _CELSIUS_TO_FAHRENHEIT.get(value_c)
    if fahrenheit is not None:
        return float(fahrenheit)
    return round(value_c * 9 / 5 + 32, 1)


def fahrenheit_targets() -> dict[int, float]:
    """docs/protocol.md §15.2's table: every whole °F from 60 to 89 and its °C value."""
    return {whole: float(celsius) for whole, celsius in _FAHRENHEIT_TABLE.items()}


def _valid_target(target: float) -> float:
    rounded = _round_half_up(target, 0.5) if -1000 < target < 1000 else math.nan
    if not MIN_TARGET <= rounded <= MAX_TARGET:
        raise MideaConfigError(f"target temperature {target} °C is outside 16..30 °C")
    return rounded


def apply_changes(state: AcState, changes: AcChanges) -> AcState:
    """``state`` with the validated ``changes`` applied: the content of the next SET (D10)."""
    if changes.frost_protection is not None:
        raise MideaUnsupportedError("frost protection cannot be set with the 33-byte SET frame")
    if changes.mode is not None and changes.mode not in _MODES:
        raise MideaConfigError(f"mode {changes.mode} is not one of 1..6")
    if changes.fan_speed is not None and not (
        1 <= changes.fan_speed <= 100 or changes.fan_speed == FAN_AUTO
    ):
        raise MideaConfigError(f"fan speed {changes.fan_speed} is not 1..100 or 102")
    updates = {
        field.name: value
        for field in dataclasses.fields(changes)
        if (value := getattr(changes, field.name)) is not None
    }
    if changes.target_temperature is not None:
        updates["target_temperature"] = _valid_target(changes.target_temperature)
    return dataclasses.replace(state, **updates)


def fault_label(code: int) -> str:
    """The display label of a faultCode (docs/protocol.md §15.3), or ``code N`` when unknown."""
    return FAULT_LABELS.get(code, f"code {code}")


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def state_to_dict(state: AcState) -> dict[str, object]:
    """A JSON-able view of ``state``: fields, labels and thing-model keys (protocol §15.1)."""
    mode_name = Mode(state.mode).name.lower() if state.mode in _MODES else None
    return {
        **dataclasses.asdict(state),
        "mode_name": mode_name,
        "fault_label": fault_label(state.error_code),
        "thing_model": {
            "power": int(state.power),
            "mode": state.mode,
            "windSpeed": state.fan_speed,
            "temp": state.target_temperature,
            "sleep": int(state.sleep),
            "horzWind": 3 if state.swing_horizontal else 0,
            "vertWind": 3 if state.swing_vertical else 0,
            "tempModeSwitch": int(state.fahrenheit_display),
            "strong": int(state.turbo),
            "eco": int(state.eco),
            "8DegreeHot": _flag(state.frost_protection),
            "ledDisplay": 0 if state.display_on else DISPLAY_OFF,
            "roomTemp": state.indoor_temperature,
            "outTemp": state.outdoor_temperature,
            "filterFlag": int(state.filter_alert),
            "faultCode": state.error_code,
        },
    }
