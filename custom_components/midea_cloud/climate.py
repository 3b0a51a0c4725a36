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
from homeassistant.const import (
    ATTR_TEMPERATURE,
    PRECISION_TENTHS,
    PRECISION_WHOLE,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .ac_mapping import (
    FAN_SPEED_BY_FAN_MODE,
    commanded_target,
    fahrenheit_range,
    fan_mode_of,
    fan_modes_for,
    hvac_mode_changes,
    hvac_mode_of,
    hvac_modes_for,
    indoor_temperature,
    preset_changes,
    preset_mode_of,
    preset_modes_for,
    shown_reading,
    shown_target,
    swing_changes,
    swing_mode_of,
    swing_modes_for,
    uses_fahrenheit,
)
from .codec.model import AcChanges
from .const import CONF_TARGET_STEP, DEFAULT_TARGET_STEP, DOMAIN
from .coordinator import MideaCloudConfigEntry, MideaCloudCoordinator
from .entity import MideaCloudEntity, add_unit_entities, async_handle_command

PARALLEL_UPDATES = 0
_ALWAYS = (
    ClimateEntityFeature.TARGET_TEMPERATURE
    | ClimateEntityFeature.PRESET_MODE
    | ClimateEntityFeature.TURN_ON
    | ClimateEntityFeature.TURN_OFF
)


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
    """An air conditioner as a thermostat, offering only what the unit supports.

    The temperatures are ``native_*`` properties, with the names older versions read at the
    end of the class. No ``hvac_action``: the unit does not report whether it is heating or
    cooling right now, and Home Assistant asks integrations not to estimate it. With Home
    Assistant in °F the entity works in whole °F through the vendor's table (ac_mapping), so
    every °F setpoint reads back unchanged.
    """

    _attr_name = None
    _attr_translation_key = "air_conditioner"

    def __init__(self, coordinator: MideaCloudCoordinator, unit_id: str) -> None:
        super().__init__(coordinator, unit_id)
        self._attr_unique_id = unit_id

    @property
    def _fahrenheit(self) -> bool:
        return uses_fahrenheit(self.hass)

    @property
    def supported_features(self) -> ClimateEntityFeature:
        """Fan and swing only when the unit has them."""
        features = _ALWAYS
        if self.fan_modes:
            features |= ClimateEntityFeature.FAN_MODE
        if self.swing_modes:
            features |= ClimateEntityFeature.SWING_MODE
        return features

    @property
    def hvac_modes(self) -> list[HVACMode]:
        """Off and the unit's operating modes."""
        return hvac_modes_for(self.capabilities)

    @property
    def fan_modes(self) -> list[str]:
        """The unit's named fan speeds."""
        return fan_modes_for(self.capabilities)

    @property
    def swing_modes(self) -> list[str]:
        """The unit's louver swing modes."""
        return swing_modes_for(self.capabilities)

    @property
    def native_temperature_unit(self) -> str:
        """Return °F when Home Assistant uses °F (through the table), else °C."""
        return UnitOfTemperature.FAHRENHEIT if self._fahrenheit else UnitOfTemperature.CELSIUS

    @property
    def precision(self) -> float:
        """Tenths of °C, or whole °F."""
        return PRECISION_WHOLE if self._fahrenheit else PRECISION_TENTHS

    @property
    def native_min_temp(self) -> float:
        """The lowest target the unit accepts."""
        if self._fahrenheit:
            return fahrenheit_range(self.capabilities)[0]
        return self.capabilities.min_target

    @property
    def min_temp(self) -> float:
        """The lowest target (the name Home Assistant reads, 2026.11 included)."""
        return self.native_min_temp

    @property
    def native_max_temp(self) -> float:
        """The highest target the unit accepts."""
        if self._fahrenheit:
            return fahrenheit_range(self.capabilities)[1]
        return self.capabilities.max_target

    @property
    def max_temp(self) -> float:
        """The highest target (the name Home Assistant reads, 2026.11 included)."""
        return self.native_max_temp

    @property
    def native_current_temperature(self) -> float | None:
        """Return the indoor temperature."""
        state = self.ac_state
        reading = None if state is None else indoor_temperature(state)
        return None if reading is None else shown_reading(reading, self._fahrenheit)

    @property
    def native_target_temperature(self) -> float | None:
        """Return the target temperature."""
        state = self.ac_state
        return None if state is None else shown_target(state.target_temperature, self._fahrenheit)

    @property
    def target_temperature_step(self) -> float:
        """Whole °F; in °C the step chosen in the options, or 1 on a unit without halves."""
        if self._fahrenheit or not self.capabilities.half_degrees:
            return 1.0
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
        return preset_modes_for(0 if state is None else state.mode, self.capabilities)

    def _mode_changes(self, hvac_mode: HVACMode) -> AcChanges:
        """The changes for a mode the unit has (Home Assistant checks none sent with a target)."""
        if hvac_mode not in self.hvac_modes:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="unsupported_mode",
                translation_placeholders={
                    "name": self.coordinator.units[self.unit_id].name,
                    "mode": hvac_mode,
                },
            )
        return hvac_mode_changes(hvac_mode, self.capabilities)

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Switch the unit off, or on in the given mode."""
        await self._async_apply(self._mode_changes(hvac_mode))

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Set the target temperature, and the mode when one is given, in one command."""
        hvac_mode = kwargs.get(ATTR_HVAC_MODE)
        changes = AcChanges() if hvac_mode is None else self._mode_changes(hvac_mode)
        target = commanded_target(
            float(kwargs[ATTR_TEMPERATURE]), self._fahrenheit, self.capabilities
        )
        await self._async_apply(replace(changes, target_temperature=target))

    async def async_set_fan_mode(self, fan_mode: str) -> None:
        """Set the fan speed."""
        changes = AcChanges(fan_speed=FAN_SPEED_BY_FAN_MODE[fan_mode])
        await self._async_apply(changes)

    async def async_set_swing_mode(self, swing_mode: str) -> None:
        """Set the louver swing."""
        await self._async_apply(swing_changes(swing_mode))

    async def async_set_preset_mode(self, preset_mode: str) -> None:
        """Select one preset, or none."""
        await self._async_apply(preset_changes(preset_mode))

    async def async_turn_on(self) -> None:
        """Switch the unit on in the mode it had before."""
        await self._async_apply(AcChanges(power=True))

    async def async_turn_off(self) -> None:
        """Switch the unit off."""
        await self._async_apply(AcChanges(power=False))

    @async_handle_command
    async def _async_apply(self, changes: AcChanges) -> None:
        await self.coordinator.async_apply(self.unit_id, changes)

    # Home Assistant before 2026.11 reads the unit and the temperatures under these names (2026.11
    # reads native_* and warns about entities that only have these). Delete the three when
    # hacs.json's floor reaches 2026.11.0; min_temp and max_temp keep their names.
    @property
    def temperature_unit(self) -> str:
        """Return native_temperature_unit."""
        return self.native_temperature_unit

    @property
    def current_temperature(self) -> float | None:
        """Return native_current_temperature."""
        return self.native_current_temperature

    @property
    def target_temperature(self) -> float | None:
        """Return native_target_temperature."""
        return self.native_target_temperature
