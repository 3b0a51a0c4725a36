"""The dust-filter alert of each unit that has a filter reminder."""

from __future__ import annotations

# 2026.10 re-exports the device classes without listing them in __all__ (2026.11 lists them).
from homeassistant.components.binary_sensor import (  # type: ignore[attr-defined,unused-ignore]
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import MideaCloudConfigEntry, MideaCloudCoordinator
from .entity import MideaCloudEntity, add_unit_entities

PARALLEL_UPDATES = 0

FILTER_ALERT = BinarySensorEntityDescription(
    key="filter", translation_key="filter", device_class=BinarySensorDeviceClass.PROBLEM
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: MideaCloudConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a filter alert for every unit whose capabilities include the filter reminder."""
    add_unit_entities(
        entry,
        async_add_entities,
        lambda coordinator, unit_id: (
            [MideaCloudFilterAlert(coordinator, unit_id)]
            if coordinator.capabilities.get(unit_id).filter_reminder
            else []
        ),
    )


class MideaCloudFilterAlert(MideaCloudEntity, BinarySensorEntity):
    """On when the unit says its dust filter needs cleaning."""

    entity_description = FILTER_ALERT

    def __init__(self, coordinator: MideaCloudCoordinator, unit_id: str) -> None:
        super().__init__(coordinator, unit_id)
        self._attr_unique_id = f"{unit_id}-{FILTER_ALERT.key}"

    @property
    def is_on(self) -> bool | None:
        """Return True when the filter needs cleaning."""
        return None if (state := self.ac_state) is None else state.filter_alert
