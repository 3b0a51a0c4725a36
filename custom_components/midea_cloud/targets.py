"""Target temperatures in the unit Home Assistant shows: °C, or whole °F through the vendor table.

With Home Assistant in °F, each whole °F from 60 to 86 is the exact half degree Celsius of the
thing model's table (PROTOCOL.md 15.2), so 63 °F is sent as 17.5 °C and 17.5 °C is shown as
63 °F again; a formula would turn it into 63.5 and show 64 °F or 63 °F depending on rounding.
"""

from __future__ import annotations

import math
from typing import Final

from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant

from .codec.capabilities import Capabilities
from .codec.state import celsius_to_fahrenheit, fahrenheit_targets, fahrenheit_to_celsius

FAHRENHEIT_TABLE: Final = fahrenheit_targets()


def uses_fahrenheit(hass: HomeAssistant) -> bool:
    """True when Home Assistant shows temperatures in °F."""
    return hass.config.units.temperature_unit == UnitOfTemperature.FAHRENHEIT


def fahrenheit_range(capabilities: Capabilities) -> tuple[float, float]:
    """The lowest and highest whole °F whose table value the unit accepts."""
    allowed = [
        fahrenheit
        for fahrenheit, celsius in FAHRENHEIT_TABLE.items()
        if capabilities.min_target <= celsius <= capabilities.max_target
    ]
    return float(min(allowed)), float(max(allowed))


def shown_target(celsius: float, fahrenheit: bool) -> float:
    """A target from the unit, in the unit Home Assistant shows."""
    return celsius_to_fahrenheit(celsius) if fahrenheit else celsius


def shown_reading(celsius: float, fahrenheit: bool) -> float:
    """A measured temperature from the unit, in the unit Home Assistant shows."""
    return round(celsius * 9 / 5 + 32, 1) if fahrenheit else celsius


def commanded_target(value: float, fahrenheit: bool, capabilities: Capabilities) -> float:
    """A requested target as the °C a SET carries: through the table for °F, and in whole
    degrees for a unit without half degrees.
    """
    celsius = fahrenheit_to_celsius(value) if fahrenheit else value
    return celsius if capabilities.half_degrees else float(math.floor(celsius + 0.5))
