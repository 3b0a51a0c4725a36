"""Temperature readings worth showing: a sentinel or an impossible value becomes unknown.

The C0 byte spans -25 to +102 °C; 0xFF (which would read 102.5 °C) already decodes to "no
reading". What remains implausible:

* indoors, below -20 °C or above 60 °C: the indoor unit hangs in a room it heats or cools, so
  such a value is a broken sensor or a filler byte;
* outdoors, above 60 °C: the hottest air ever measured was 56.7 °C. The lowest value the byte
  can carry, -25 °C, is kept: PROTOCOL.md D11 treats it as a real reading, and winters reach it.
"""

from __future__ import annotations

from typing import Final

from .codec.model import AcState

INDOOR_RANGE: Final = (-20.0, 60.0)
OUTDOOR_RANGE: Final = (-25.0, 60.0)


def _plausible(value: float | None, limits: tuple[float, float]) -> float | None:
    if value is None or not limits[0] <= value <= limits[1]:
        return None
    return value


def indoor_temperature(state: AcState) -> float | None:
    """The room temperature in °C, or None when the unit has no believable reading."""
    return _plausible(state.indoor_temperature, INDOOR_RANGE)


def outdoor_temperature(state: AcState) -> float | None:
    """The outdoor temperature in °C, or None when the unit has no believable reading."""
    return _plausible(state.outdoor_temperature, OUTDOOR_RANGE)
