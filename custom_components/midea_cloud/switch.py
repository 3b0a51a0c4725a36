"""The display light of each unit that can switch it."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import MideaCloudConfigEntry, MideaCloudCoordinator
from .entity import MideaCloudEntity, add_unit_entities, async_handle_command

PARALLEL_UPDATES = 0

DISPLAY = SwitchEntityDescription(
    key="display", translation_key="display", entity_category=EntityCategory.CONFIG
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: MideaCloudConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a display switch for every unit whose capabilities include display control."""
    add_unit_entities(
        entry,
        async_add_entities,
        lambda coordinator, unit_id: (
            [MideaCloudDisplaySwitch(coordinator, unit_id)]
            if coordinator.capabilities.get(unit_id).display_control
            else []
        ),
    )


class MideaCloudDisplaySwitch(MideaCloudEntity, SwitchEntity):
    """The unit's display light.

    The unit only knows "toggle"; the coordinator reads the display state first and toggles only
    when it differs, and the switch shows what the unit then reports, never an assumed state.
    """

    entity_description = DISPLAY

    def __init__(self, coordinator: MideaCloudCoordinator, unit_id: str) -> None:
        super().__init__(coordinator, unit_id)
        self._attr_unique_id = f"{unit_id}-{DISPLAY.key}"

    @property
    def available(self) -> bool:
        """Unavailable when the unit later reports that it has no display control."""
        return super().available and self.capabilities.display_control

    @property
    def is_on(self) -> bool | None:
        """Return whether the display is lit."""
        return None if (state := self.ac_state) is None else state.display_on

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Light the display."""
        await self._async_set_display(on=True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Darken the display."""
        await self._async_set_display(on=False)

    @async_handle_command
    async def _async_set_display(self, *, on: bool) -> None:
        await self.coordinator.async_set_display(self.unit_id, on)
