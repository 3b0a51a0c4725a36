"""The unit's error code (C0 body[16]) as the code its display shows (PROTOCOL.md 15.3)."""

from __future__ import annotations

from typing import Final

from .codec.state import FAULT_LABELS

NO_ERROR: Final = "no_error"
OTHER: Final = "other"
ERROR_CODE_STATES: Final = [
    NO_ERROR,
    *(label.lower() for code, label in sorted(FAULT_LABELS.items()) if code),
    OTHER,
]


def error_code_state(code: int) -> str:
    """The error-code sensor's state: ``no_error``, a display code such as ``eh00``, ``other``."""
    if code == 0:
        return NO_ERROR
    label = FAULT_LABELS.get(code)
    return OTHER if label is None else label.lower()


def fault_display_code(code: int) -> str:
    """What a repair shows: the display code when the thing model lists one, else the number."""
    return FAULT_LABELS[code] if code and code in FAULT_LABELS else str(code)
