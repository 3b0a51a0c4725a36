"""Reading a SET frame (message type 0x02, body 0x40) the way a unit does (D9)."""

from __future__ import annotations

from .frame import Frame

SET_LENGTH = 33
SET_BODY_TYPE = 0x40

SetFields = dict[str, int | float | bool | None]


def _byte(body: bytes, index: int) -> int | None:
    return body[index] if index < len(body) - 1 else None


def _flag(body: bytes, index: int, mask: int) -> bool | None:
    value = _byte(body, index)
    return None if value is None else bool(value & mask)


def _target(body: bytes) -> float | None:
    setting = _byte(body, 2)
    if setting is None:
        return None
    whole = (setting & 0x0F) + 16
    alternate = _byte(body, 18)
    if alternate is not None and alternate & 0x1F:
        whole = (alternate & 0x1F) + 12
    return whole + (0.5 if setting & 0x10 else 0.0)


def _mode(body: bytes) -> int | None:
    setting = _byte(body, 2)
    return None if setting is None else setting >> 5


def _turbo(body: bytes) -> bool | None:
    strong = _flag(body, 8, 0x20)
    boost = _flag(body, 10, 0x02)
    if strong is None and boost is None:
        return None
    return bool(strong) or bool(boost)


def decode_set(frame: Frame) -> SetFields:
    """The commanded fields; a field whose byte the frame does not carry is None.

    The message id is the byte before the check byte, so it is never read as a field.
    """
    body = frame.body
    return {
        "length": len(frame.raw),
        "power": _flag(body, 1, 0x01),
        "beep": _flag(body, 1, 0x40),
        "mode": _mode(body),
        "target": _target(body),
        "fan": _byte(body, 3),
        "swing_vertical": _flag(body, 7, 0x0C),
        "swing_horizontal": _flag(body, 7, 0x03),
        "turbo": _turbo(body),
        "eco": _flag(body, 9, 0x80),
        "sleep": _flag(body, 10, 0x01),
        "fahrenheit_display": _flag(body, 10, 0x04),
        "message_id": frame.message_id,
    }


def is_set(frame: Frame) -> bool:
    """Message type 0x02 with body type 0x40."""
    return frame.message_type == 0x02 and frame.body[:1] == bytes([SET_BODY_TYPE])
