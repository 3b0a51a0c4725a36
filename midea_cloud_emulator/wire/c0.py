"""The C0 state reply a unit sends (layout of docs/protocol.md §11)."""

from __future__ import annotations

from ..state import UnitState
from .frame import build_frame
from .temperature import encode_temperature

BODY_TYPE = 0xC0
REPLY_PROTOCOL = 0x03
_BASE_SWING = 0x30
_TIMER_OFF = 0x7F
_DISPLAY_OFF = 0x70


def _target_bytes(target: float) -> tuple[int, int]:
    """(body[2] low 5 bits, body[13] alternate target) for a target in °C."""
    half_units = round(target * 2)
    whole, half = divmod(half_units, 2)
    half_bit = 0x10 if half else 0
    if 16 <= whole <= 31:
        return half_bit | (whole - 16), 0
    return half_bit, min(max(whole, 13), 43) - 12


def encode_c0_body(state: UnitState, message_id: int) -> bytes:
    """The 23 body bytes (body[0..22], message id last) of a C0 reply."""
    target_low, alternate = _target_bytes(state.target)
    indoor_raw, indoor_digit = encode_temperature(state.indoor)
    outdoor_raw, outdoor_digit = encode_temperature(state.outdoor)
    body = bytearray(23)
    body[0] = BODY_TYPE
    body[1] = int(state.power) | (0x80 if state.appliance_error else 0)
    body[2] = ((state.mode & 0x07) << 5) | target_low
    body[3] = state.fan & 0x7F
    body[4] = _TIMER_OFF
    body[5] = _TIMER_OFF
    body[7] = (
        _BASE_SWING
        | (0x0C if state.swing_vertical else 0)
        | (0x03 if state.swing_horizontal else 0)
    )
    body[8] = 0x20 if state.turbo else 0
    body[9] = 0x10 if state.eco else 0
    body[10] = (
        (0x01 if state.sleep else 0)
        | (0x02 if state.turbo else 0)
        | (0x04 if state.fahrenheit_display else 0)
    )
    body[11] = indoor_raw
    body[12] = outdoor_raw
    body[13] = alternate | (0x20 if state.filter_alert else 0)
    body[14] = 0 if state.display_on else _DISPLAY_OFF
    body[15] = (outdoor_digit << 4) | indoor_digit
    body[16] = state.error_code & 0xFF
    body[22] = message_id & 0xFF
    return bytes(body)


def encode_c0_frame(state: UnitState, *, message_id: int, message_type: int) -> bytes:
    """A complete C0 reply frame (35 bytes) answering a request of ``message_type``."""
    return build_frame(message_type, encode_c0_body(state, message_id), protocol=REPLY_PROTOCOL)
