"""The thermostat of each air conditioner."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from homeassistant.components.climate import ClimateEntity
from homeassistant.components.climate.const import (
    ATTR_HVAC_MODE,
    ClimateEntityFeature,
    HVACMode,
)
from homeassistant.const import ATTR_TEMPERATURE, PRECISION_TENTHS, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .ac_mapping import (
    FAN_MODES,
    FAN_SPEED_BY_FAN_MODE,
    HVAC_MODES,
    SWING_MODES,
    fan_mode_of,
    hvac_mode_changes,
    hvac_mode_of,
    preset_changes,
    preset_mode_of,
    preset_modes_for,
    swing_changes,
    swing_mode_of,
)
from .codec.model import AcChanges
from .const import (
    CONF_TARGET_STEP,
    DEFAULT_TARGET_STEP,
    MAX_TARGET_TEMPERATURE,
    MIN_TARGET_TEMPERATURE,
)
from .coordinator import MideaCloudConfigEntry, MideaCloudCoordinator
from .entity import MideaCloudEntity, add_unit_entities

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: MideaCloudConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a thermostat for every unit of the account."""
    add_unit_entities(
        entry,
        async_add_entities,
        lambda coordinator, unit_id: [MideaCloudClimate(coordinator, unit_id)],
    )


class MideaCloudClimate(MideaCloudEntity, ClimateEntity):
    """An air conditioner as a thermostat.

    The temperature properties exist in both spellings: Home Assistant 2026.11 reads the
    ``native_*`` ones and warns about classes that only provide the old ones, while older
    versions read the old ones.
    """

    _attr_name = None
    _attr_translation_key = "air_conditioner"
    _attr_hvac_modes = HVAC_MODES
    _attr_fan_modes = FAN_MODES
    _attr_swing_modes = SWING_MODES
    _attr_min_temp = MIN_TARGET_TEMPERATURE
    _attr_max_temp = MAX_TARGET_TEMPERATURE
    _attr_precision = PRECISION_TENTHS
    _attr_supported_features = (
        ClimateEntityFeature.TARGET_TEMPERATURE
        | ClimateEntityFeature.FAN_MODE
        | ClimateEntityFeature.SWING_MODE
        | ClimateEntityFeature.PRESET_MODE
        | ClimateEntityFeature.TURN_ON
        | ClimateEntityFeature.TURN_OFF
    )

    def __init__(self, coordinator: MideaCloudCoordinator, unit_id: str) -> None:
        super().__init__(coordinator, unit_id)
        self._attr_unique_id = unit_id

    @property
    def native_temperature_unit(self) -> str:
        """Return the unit the unit reports in (always Celsius on the wire)."""
        return UnitOfTemperature.CELSIUS

    @property
    def temperature_unit(self) -> str:
        """Return the unit the unit reports in (name used before Home Assistant 2026.11)."""
        return self.native_temperature_unit

    @property
    def native_current_temperature(self) -> float | None:
        """Return the indoor temperature."""
        return None if (state := self.ac_state) is None else state.indoor_temperature

    @property
    def current_temperature(self) -> float | None:
        """Return the indoor temperature (name used before Home Assistant 2026.11)."""
        return self.native_current_temperature

    @property
    def native_target_temperature(self) -> float | None:
        """Return the target temperature."""
        return None if (state := self.ac_state) is None else state.target_temperature

    @property
    def target_temperature(self) -> float | None:
        """Return the target temperature (name used before Home Assistant 2026.11)."""
        return self.native_target_temperature

    @property
    def target_temperature_step(self) -> float:
        """Return the step chosen in the options."""
        step: float = self.coordinator.config_entry.options.get(
            CONF_TARGET_STEP, DEFAULT_TARGET_STEP
        )
        return step

    @property
    def hvac_mode(self) -> HVACMode | None:
        """Return off, or the operating mode while the unit runs."""
        return None if (state := self.ac_state) is None else hvac_mode_of(state)

    @property
    def fan_mode(self) -> str | None:
        """Return the fan mode."""
        return None if (state := self.ac_state) is None else fan_mode_of(state.fan_speed)

    @property
    def swing_mode(self) -> str | None:
        """Return the swing mode."""
        return None if (state := self.ac_state) is None else swing_mode_of(state)

    @property
    def preset_mode(self) -> str | None:
        """Return the active preset."""
        return None if (state := self.ac_state) is None else preset_mode_of(state)

    @property
    def preset_modes(self) -> list[str]:
        """Return the presets the current operating mode allows."""
        state = self.ac_state
        return preset_modes_for(0 if state is None else state.mode)

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Switch the unit off, or on in the given mode."""
        await self.coordinator.async_apply(self._unit_id, hvac_mode_changes(hvac_mode))

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Set the target temperature, and the mode when one is given, in one command."""
        hvac_mode = kwargs.get(ATTR_HVAC_MODE)
        changes = AcChanges() if hvac_mode is None else hvac_mode_changes(hvac_mode)
        changes = replace(changes, target_temperature=float(kwargs[ATTR_TEMPERATURE]))
        await self.coordinator.async_apply(self._unit_id, changes)

    async def async_set_fan_mode(self, fan_mode: str) -> None:
        """Set the fan speed."""
        changes = AcChanges(fan_speed=FAN_SPEED_BY_FAN_MODE[fan_mode])
        await self.coordinator.async_apply(self._unit_id, changes)

    async def async_set_swing_mode(self, swing_mode: str) -> None:
        """Set the louver swing."""
        await self.coordinator.async_apply(self._unit_id, swing_changes(swing_mode))

    async def async_set_preset_mode(self, preset_mode: str) -> None:
        """Select one preset, or none."""
        await self.coordinator.async_apply(self._unit_id, preset_changes(preset_mode))

    async def async_turn_on(self) -> None:
        """Switch the unit on in the mode it had before."""
        await self.coordinator.async_apply(self._unit_id, AcChanges(power=True))

    async def async_turn_off(self) -> None:
        """Switch the unit off."""
        await self.coordinator.async_apply(self._unit_id, AcChanges(power=False))
