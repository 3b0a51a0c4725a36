"""Translation between the unit's decoded state and Home Assistant's climate vocabulary.

Presets follow what Midea units accept in each mode: eco only while cooling, drying or in auto;
boost (turbo) only while cooling or heating; sleep in every mode except fan-only. The presets are
mutually exclusive, so choosing one clears the others. Each list offers only what the unit's
capabilities (0xB5) include; sleep has no capability record and is always offered.
"""

from __future__ import annotations

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

from .codec.capabilities import Capabilities
from .codec.model import AcChanges, AcState, FanSpeed, Mode

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
