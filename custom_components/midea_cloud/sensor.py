"""Indoor and outdoor temperature, and the unit's error code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .codec.model import AcState
from .coordinator import MideaCloudConfigEntry, MideaCloudCoordinator
from .entity import MideaCloudEntity, add_unit_entities

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class MideaCloudSensorDescription(SensorEntityDescription):
    """A sensor and the state field it shows."""

    value: Callable[[AcState], float | int | None]


SENSORS: tuple[MideaCloudSensorDescription, ...] = (
    MideaCloudSensorDescription(
        key="indoor_temperature",
        translation_key="indoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        value=lambda state: state.indoor_temperature,
    ),
    MideaCloudSensorDescription(
        key="outdoor_temperature",
        translation_key="outdoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        value=lambda state: state.outdoor_temperature,
    ),
    MideaCloudSensorDescription(
        key="error_code",
        translation_key="error_code",
        entity_category=EntityCategory.DIAGNOSTIC,
        value=lambda state: state.error_code,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: MideaCloudConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of every unit of the account."""
    add_unit_entities(
        entry,
        async_add_entities,
        lambda coordinator, unit_id: [
            MideaCloudSensor(coordinator, unit_id, description) for description in SENSORS
        ],
    )


class MideaCloudSensor(MideaCloudEntity, SensorEntity):
    """One field of the unit's state."""

    entity_description: MideaCloudSensorDescription

    def __init__(
        self,
        coordinator: MideaCloudCoordinator,
        unit_id: str,
        description: MideaCloudSensorDescription,
    ) -> None:
        super().__init__(coordinator, unit_id)
        self.entity_description = description
        self._attr_unique_id = f"{unit_id}-{description.key}"

    @property
    def native_value(self) -> float | int | None:
        """Return the field; None (unknown) when the unit does not report it."""
        state = self.ac_state
        return None if state is None else self.entity_description.value(state)
