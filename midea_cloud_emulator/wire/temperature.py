"""Temperatures as a C0 reply carries them: a half-degree byte plus a tenths digit (D11)."""

from __future__ import annotations

NO_READING = 0xFF
_LOWEST = -25.0
_HIGHEST = 102.0


def encode_temperature(value: float | None) -> tuple[int, int]:
    """(raw byte, tenths digit) that a D11 reader decodes back to ``value`` (one decimal).

    The raw byte is 50 + 2 x the value in half degrees; the digit replaces the half degree
    when it is not 0 or 5. For a negative value the half bit is set whenever a digit follows,
    so that the reader's base is negative and the digit is subtracted.
    """
    if value is None:
        return NO_READING, 0
    clamped = min(max(value, _LOWEST), _HIGHEST)
    tenths_total = round(abs(clamped) * 10)
    whole, tenth = divmod(tenths_total, 10)
    negative = clamped < 0 and tenths_total > 0
    half = tenth >= 5 or (negative and tenth > 0)
    half_units = 2 * whole + int(half)
    raw = 50 - half_units if negative else 50 + half_units
    digit = 0 if tenth in (0, 5) else tenth
    return raw, digit
