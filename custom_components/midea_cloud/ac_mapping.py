"""What the units' states mean in Home Assistant's vocabulary: modes, fan speeds, swing and
presets; believable temperature readings; targets in °C or °F; error codes.

Presets follow what Midea units accept in each mode: eco only while cooling, drying or in auto;
boost (turbo) only while cooling or heating; sleep in every mode except fan-only. The presets are
mutually exclusive, so choosing one clears the others. Each list offers only what the unit's
capabilities include; sleep has no capability record and is always offered.

Readings: a sentinel or an impossible value becomes unknown. What the unit can send spans -25 to
+102 °C, and "no reading" is already decoded as such. What remains implausible indoors is below
-20 °C or above 60 °C (the indoor unit hangs in a room it heats or cools, so such a value is a
broken sensor or a filler), and outdoors above 60 °C (the hottest air ever measured was
56.7 °C); the lowest value, -25 °C, is a real reading, and winters reach it.

Targets: with Home Assistant in °F, each whole °F from 60 to 86 is the exact half degree Celsius
of the vendor's table (docs/protocol.md), so 63 °F is sent as 17.5 °C and 17.5 °C is shown as
63 °F again; a formula would turn it into 63.5 and show 64 °F or 63 °F depending on rounding.

Error codes: the error-code and last-cloud-error sensors show states whose translations say what
a code means, with the number kept as an attribute. Midea's thing model gives each unit error
number the code the unit's display shows; what a display code means comes from Midea's service
manuals, cited per code in docs/error_codes.md (EH01, without a documented meaning, is
translated as its display code alone). The cloud's codes are the errorCode values the codec
knows.
"""

from __future__ import annotations

import math
from typing import Final

from homeassistant.components.climate.const import (
    FAN_AUTO,
    FAN_HIGH,
    FAN_LOW,
    FAN_MEDIUM,
    PRESET_BOOST,
    PRESET_ECO,
    PRESET_NONE,
    PRESET_SLEEP,
    SWING_BOTH,
    SWING_HORIZONTAL,
    SWING_OFF,
    SWING_VERTICAL,
    HVACMode,
)
from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant

from .codec.capabilities import Capabilities
from .codec.errors import (
    MideaAccountNotFoundError,
    MideaApplianceNotFoundError,
    MideaApplianceOfflineError,
    MideaAuthError,
    MideaDeviceQuotaError,
    MideaEncryptionError,
    MideaInvalidParameterError,
    MideaLegacyRelayError,
    MideaNoReplyError,
    MideaProxySignError,
    MideaRateLimitedError,
    MideaServerError,
    MideaSessionError,
    MideaSignError,
    MideaTokenExpiredError,
)
from .codec.model import AcChanges, AcState, FanSpeed, Mode
from .codec.state import (
    FAULT_LABELS,
    celsius_to_fahrenheit,
    fahrenheit_targets,
    fahrenheit_to_celsius,
)

FAN_SILENT: Final = "silent"
FAN_TURBO: Final = "turbo"

HVAC_MODE_BY_MODE: Final[dict[int, HVACMode]] = {
    Mode.AUTO: HVACMode.AUTO,
    Mode.COOL: HVACMode.COOL,
    Mode.DRY: HVACMode.DRY,
    Mode.HEAT: HVACMode.HEAT,
    Mode.FAN: HVACMode.FAN_ONLY,
    Mode.SMART_DRY: HVACMode.DRY,
}
MODE_BY_HVAC_MODE: Final[dict[HVACMode, Mode]] = {
    HVACMode.AUTO: Mode.AUTO,
    HVACMode.COOL: Mode.COOL,
    HVACMode.DRY: Mode.DRY,
    HVACMode.HEAT: Mode.HEAT,
    HVACMode.FAN_ONLY: Mode.FAN,
}

FAN_SPEED_BY_FAN_MODE: Final[dict[str, FanSpeed]] = {
    FAN_AUTO: FanSpeed.AUTO,
    FAN_SILENT: FanSpeed.SILENT,
    FAN_LOW: FanSpeed.LOW,
    FAN_MEDIUM: FanSpeed.MEDIUM,
    FAN_HIGH: FanSpeed.HIGH,
    FAN_TURBO: FanSpeed.TURBO,
}
FAN_MODES: Final = list(FAN_SPEED_BY_FAN_MODE)
_PERCENT_FAN_MODES: Final = (
    (FanSpeed.SILENT, FAN_SILENT),
    (FanSpeed.LOW, FAN_LOW),
    (FanSpeed.MEDIUM, FAN_MEDIUM),
    (FanSpeed.HIGH, FAN_HIGH),
    (FanSpeed.TURBO, FAN_TURBO),
)

SWING_BY_AXES: Final[dict[tuple[bool, bool], str]] = {
    (False, False): SWING_OFF,
    (True, False): SWING_VERTICAL,
    (False, True): SWING_HORIZONTAL,
    (True, True): SWING_BOTH,
}
AXES_BY_SWING: Final = {swing: axes for axes, swing in SWING_BY_AXES.items()}

PRESET_MODES_BY_MODE: Final[dict[int, tuple[str, ...]]] = {
    Mode.AUTO: (PRESET_ECO, PRESET_SLEEP),
    Mode.COOL: (PRESET_ECO, PRESET_BOOST, PRESET_SLEEP),
    Mode.DRY: (PRESET_ECO, PRESET_SLEEP),
    Mode.HEAT: (PRESET_BOOST, PRESET_SLEEP),
    Mode.SMART_DRY: (PRESET_ECO, PRESET_SLEEP),
}


def hvac_modes_for(capabilities: Capabilities) -> list[HVACMode]:
    """Off, then the operating modes the unit has."""
    modes = capabilities.modes
    return [HVACMode.OFF, *(hvac for hvac, mode in MODE_BY_HVAC_MODE.items() if mode in modes)]


def fan_modes_for(capabilities: Capabilities) -> list[str]:
    """The named fan speeds the unit has."""
    return [
        name for name, speed in FAN_SPEED_BY_FAN_MODE.items() if speed in capabilities.fan_speeds
    ]


def swing_modes_for(capabilities: Capabilities) -> list[str]:
    """Off plus the louver axes the unit can swing, or nothing when it cannot swing at all."""
    can_vertical, can_horizontal = capabilities.swing_vertical, capabilities.swing_horizontal
    if not (can_vertical or can_horizontal):
        return []
    return [
        swing
        for (vertical, horizontal), swing in SWING_BY_AXES.items()
        if (can_vertical or not vertical) and (can_horizontal or not horizontal)
    ]


def hvac_mode_of(state: AcState) -> HVACMode | None:
    """Return the HVAC mode the card shows, or None for a mode this project does not know."""
    if not state.power:
        return HVACMode.OFF
    return HVAC_MODE_BY_MODE.get(state.mode)


def fan_mode_of(fan_speed: int) -> str | None:
    """Return the named fan mode; a percentage is shown as the named speed at or above it."""
    if fan_speed == FanSpeed.AUTO:
        return FAN_AUTO
    if 1 <= fan_speed <= FanSpeed.TURBO:
        return next(name for limit, name in _PERCENT_FAN_MODES if fan_speed <= limit)
    return None


def swing_mode_of(state: AcState) -> str:
    """Return the swing mode made of the two louver axes."""
    return SWING_BY_AXES[(state.swing_vertical, state.swing_horizontal)]


def _allowed_presets(mode: int, capabilities: Capabilities) -> tuple[str, ...]:
    offered = {
        PRESET_ECO: capabilities.eco,
        PRESET_BOOST: capabilities.turbo_heat if mode == Mode.HEAT else capabilities.turbo_cool,
        PRESET_SLEEP: True,
    }
    return tuple(preset for preset in PRESET_MODES_BY_MODE.get(mode, ()) if offered[preset])


def preset_modes_for(mode: int, capabilities: Capabilities) -> list[str]:
    """Return the presets the unit accepts in an operating mode."""
    return [PRESET_NONE, *_allowed_presets(mode, capabilities)]


def preset_mode_of(state: AcState) -> str:
    """Return the active preset; boost wins over eco, eco over sleep."""
    if state.turbo:
        return PRESET_BOOST
    if state.eco:
        return PRESET_ECO
    if state.sleep:
        return PRESET_SLEEP
    return PRESET_NONE


def preset_changes(preset_mode: str) -> AcChanges:
    """Return the changes that select exactly one preset (or none)."""
    return AcChanges(
        eco=preset_mode == PRESET_ECO,
        turbo=preset_mode == PRESET_BOOST,
        sleep=preset_mode == PRESET_SLEEP,
    )


def hvac_mode_changes(hvac_mode: HVACMode, capabilities: Capabilities) -> AcChanges:
    """Return the changes for an HVAC mode; presets the new mode does not allow are cleared."""
    if hvac_mode == HVACMode.OFF:
        return AcChanges(power=False)
    mode = MODE_BY_HVAC_MODE[hvac_mode]
    allowed = _allowed_presets(mode, capabilities)
    return AcChanges(
        power=True,
        mode=mode,
        eco=None if PRESET_ECO in allowed else False,
        turbo=None if PRESET_BOOST in allowed else False,
        sleep=None if PRESET_SLEEP in allowed else False,
    )


def swing_changes(swing_mode: str) -> AcChanges:
    """Return the changes for a swing mode."""
    vertical, horizontal = AXES_BY_SWING[swing_mode]
    return AcChanges(swing_vertical=vertical, swing_horizontal=horizontal)


# Readings

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


# Targets in °C or °F

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


# Error codes

NO_ERROR: Final = "no_error"
OTHER: Final = "other"
ERROR_CODE_STATES: Final = [
    NO_ERROR,
    *(label.lower() for code, label in sorted(FAULT_LABELS.items()) if code),
    OTHER,
]

LOGIN_EXPIRED: Final = 3144
CLOUD_ERRORS: Final[dict[int, str]] = {
    MideaAuthError.code: "wrong_password",
    MideaAccountNotFoundError.code: "account_not_found",
    MideaSessionError.code: "session_ended",
    LOGIN_EXPIRED: "login_expired",
    MideaInvalidParameterError.code: "request_refused",
    MideaApplianceOfflineError.code: "unit_offline",
    MideaApplianceNotFoundError.code: "unit_not_on_account",
    MideaNoReplyError.code: "unit_did_not_answer",
    MideaSignError.code: "signature_refused",
    MideaRateLimitedError.code: "logins_blocked",
    MideaServerError.code: "server_error",
    MideaLegacyRelayError.code: "relay_refused",
    MideaEncryptionError.code: "encryption_mismatch",
    MideaDeviceQuotaError.code: "too_many_devices",
    MideaTokenExpiredError.code: "session_ended",
    MideaProxySignError.code: "signature_refused",
}
CLOUD_ERROR_STATES: Final = [*dict.fromkeys(CLOUD_ERRORS.values()), OTHER]


def error_code_state(code: int) -> str:
    """The error-code sensor's state: ``no_error``, a display code such as ``eh00``, ``other``."""
    if code == 0:
        return NO_ERROR
    label = FAULT_LABELS.get(code)
    return OTHER if label is None else label.lower()


def fault_display_code(code: int) -> str:
    """What a repair shows: the display code when the thing model lists one, else the number."""
    return FAULT_LABELS[code] if code and code in FAULT_LABELS else str(code)


def cloud_error_state(code: int | None) -> str | None:
    """The last-cloud-error sensor's state: what the code means, ``other``, or None (unknown)."""
    if code is None:
        return None
    return CLOUD_ERRORS.get(code, OTHER)
