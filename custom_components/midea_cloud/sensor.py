"""Per unit: indoor and outdoor temperature, the error code, and power, energy and humidity where
the cloud gives them. Per account: poll health."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfEnergy,
    UnitOfPower,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .ac_mapping import (
    CLOUD_ERROR_STATES,
    ERROR_CODE_STATES,
    cloud_error_state,
    error_code_state,
    indoor_temperature,
    outdoor_temperature,
)
from .codec.lua_status import LuaReadings
from .codec.model import AcState
from .coordinator import MideaCloudConfigEntry, MideaCloudCoordinator
from .entity import MideaCloudAccountEntity, MideaCloudEntity, add_unit_entities

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class MideaCloudSensorDescription(SensorEntityDescription):
    """A sensor, the state field it shows and the attributes it adds."""

    value: Callable[[AcState], float | str | None]
    attributes: Callable[[AcState], dict[str, Any]] | None = None


@dataclass(frozen=True, kw_only=True)
class MideaCloudReadingSensorDescription(SensorEntityDescription):
    """A reading the cloud gives besides the unit's state, and where it is in the readings."""

    value: Callable[[LuaReadings], float | None]


@dataclass(frozen=True, kw_only=True)
class MideaCloudAccountSensorDescription(SensorEntityDescription):
    """An account sensor, what it reads from the coordinator and the attributes it adds."""

    value: Callable[[MideaCloudCoordinator], datetime | str | None]
    attributes: Callable[[MideaCloudCoordinator], dict[str, Any]] | None = None


def _code_attribute(code: int | None) -> dict[str, Any]:
    return {} if code is None else {"code": code}


SENSORS: tuple[MideaCloudSensorDescription, ...] = (
    MideaCloudSensorDescription(
        key="indoor_temperature",
        translation_key="indoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        value=indoor_temperature,
    ),
    MideaCloudSensorDescription(
        key="outdoor_temperature",
        translation_key="outdoor_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        value=outdoor_temperature,
    ),
    MideaCloudSensorDescription(
        key="error_code",
        translation_key="error_code",
        entity_category=EntityCategory.DIAGNOSTIC,
        device_class=SensorDeviceClass.ENUM,
        options=ERROR_CODE_STATES,
        value=lambda state: error_code_state(state.error_code),
        attributes=lambda state: {"code": state.error_code},
    ),
)

READING_SENSORS: tuple[MideaCloudReadingSensorDescription, ...] = (
    MideaCloudReadingSensorDescription(
        key="power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value=lambda readings: readings.power_w,
    ),
    MideaCloudReadingSensorDescription(
        key="energy",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        value=lambda readings: readings.energy_kwh,
    ),
    MideaCloudReadingSensorDescription(
        key="humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
        value=lambda readings: readings.humidity,
    ),
)

ACCOUNT_SENSORS: tuple[MideaCloudAccountSensorDescription, ...] = (
    MideaCloudAccountSensorDescription(
        key="last_successful_poll",
        translation_key="last_successful_poll",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value=lambda coordinator: coordinator.last_successful_poll,
    ),
    MideaCloudAccountSensorDescription(
        key="last_cloud_error",
        translation_key="last_cloud_error",
        entity_category=EntityCategory.DIAGNOSTIC,
        device_class=SensorDeviceClass.ENUM,
        options=CLOUD_ERROR_STATES,
        value=lambda coordinator: cloud_error_state(coordinator.client.stats.last_error_code),
        attributes=lambda coordinator: _code_attribute(coordinator.client.stats.last_error_code),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: MideaCloudConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the account's sensors and the sensors of every unit."""
    coordinator = entry.runtime_data
    async_add_entities(
        MideaCloudAccountSensor(coordinator, description) for description in ACCOUNT_SENSORS
    )
    add_unit_entities(
        entry,
        async_add_entities,
        lambda coordinator, unit_id: [
            *(MideaCloudSensor(coordinator, unit_id, description) for description in SENSORS),
            *(
                MideaCloudReadingSensor(coordinator, unit_id, description)
                for description in READING_SENSORS
                if (readings := coordinator.client.last_readings(unit_id)) is not None
                and description.value(readings) is not None
            ),
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
    def native_value(self) -> float | str | None:
        """Return the field; None (unknown) when the unit does not report it."""
        state = self.ac_state
        return None if state is None else self.entity_description.value(state)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The error code sensor also gives the number the unit sent."""
        attributes = self.entity_description.attributes
        if attributes is None or (state := self.ac_state) is None:
            return None
        return attributes(state)


class MideaCloudReadingSensor(MideaCloudEntity, SensorEntity):
    """Power, energy or humidity, for a unit whose cloud status reported it."""

    entity_description: MideaCloudReadingSensorDescription

    def __init__(
        self,
        coordinator: MideaCloudCoordinator,
        unit_id: str,
        description: MideaCloudReadingSensorDescription,
    ) -> None:
        super().__init__(coordinator, unit_id)
        self.entity_description = description
        self._attr_unique_id = f"{unit_id}-{description.key}"

    @property
    def native_value(self) -> float | None:
        """Return the last reading; None (unknown) when the last answer lacked it."""
        readings = None if (unit := self.unit) is None else unit.readings
        return None if readings is None else self.entity_description.value(readings)


class MideaCloudAccountSensor(MideaCloudAccountEntity, SensorEntity):
    """How the account's polls are going."""

    entity_description: MideaCloudAccountSensorDescription

    def __init__(
        self, coordinator: MideaCloudCoordinator, description: MideaCloudAccountSensorDescription
    ) -> None:
        super().__init__(coordinator, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> datetime | str | None:
        """Return the value; unknown until there is one."""
        return self.entity_description.value(self.coordinator)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The last cloud error also gives the number the cloud sent."""
        attributes = self.entity_description.attributes
        return None if attributes is None else attributes(self.coordinator)
