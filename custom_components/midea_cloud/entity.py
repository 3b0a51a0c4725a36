"""Base entities (of one unit, of the account) and the helper that adds units as they appear."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable
from functools import wraps
from typing import Any, Concatenate

from homeassistant.core import callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .codec.capabilities import FULL_CAPABILITIES, Capabilities
from .codec.errors import (
    MideaApplianceOfflineError,
    MideaAuthError,
    MideaDeviceQuotaError,
    MideaError,
    MideaNetworkError,
    MideaNoStateError,
    MideaRateLimitedError,
    MideaUnconfirmedError,
)
from .codec.model import AcState
from .codec.profiles import PROFILES
from .const import CONF_APP, DOMAIN, MANUFACTURER
from .coordinator import (
    MideaCloudConfigEntry,
    MideaCloudCoordinator,
    UnitData,
    account_device_id,
    login_block_key,
)
from .util import format_deadline


def async_handle_command[EntityT: "MideaCloudEntity", **P](
    func: Callable[Concatenate[EntityT, P], Coroutine[Any, Any, None]],
) -> Callable[Concatenate[EntityT, P], Coroutine[Any, Any, None]]:
    """Send a command, raising a failure as a translated error that names the unit."""

    @wraps(func)
    async def handle(entity: EntityT, /, *args: P.args, **kwargs: P.kwargs) -> None:
        name = entity.coordinator.unit_name(entity.unit_id)  # the unit may leave meanwhile
        try:
            await func(entity, *args, **kwargs)
        except MideaError as err:
            raise command_failure(err, name) from err

    return handle


def command_failure(err: MideaError, name: str) -> HomeAssistantError:
    """The translated exception for a command to the unit called ``name`` that failed."""
    if isinstance(err, MideaAuthError):
        return HomeAssistantError(translation_domain=DOMAIN, translation_key="invalid_auth")
    if isinstance(err, MideaDeviceQuotaError):
        return HomeAssistantError(translation_domain=DOMAIN, translation_key="device_quota")
    if isinstance(err, MideaRateLimitedError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=login_block_key(err),
            translation_placeholders={"until": format_deadline(err.until)},
        )
    if isinstance(err, MideaApplianceOfflineError):
        key = "unit_offline"
    elif isinstance(err, MideaNoStateError):
        key = "no_state"
    elif isinstance(err, MideaNetworkError) or (
        isinstance(err, MideaUnconfirmedError) and not err.reached_cloud
    ):
        key = "command_cannot_connect"
    else:
        key = "command_failed"
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={"name": name, "error": str(err)},
    )


class MideaCloudEntity(CoordinatorEntity[MideaCloudCoordinator]):
    """An entity of one air conditioner; unavailable while the unit is."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: MideaCloudCoordinator, unit_id: str) -> None:
        super().__init__(coordinator)
        self.unit_id = unit_id
        unit = coordinator.units[unit_id]
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, unit_id)},
            manufacturer=MANUFACTURER,
            model=unit.model or None,
            serial_number=unit.serial or None,
            name=unit.name,
        )

    @property
    def unit(self) -> UnitData | None:
        """Return the unit's latest data, None once it left the account."""
        return self.coordinator.data.get(self.unit_id)

    @property
    def ac_state(self) -> AcState | None:
        """Return the unit's latest decoded state."""
        return None if (unit := self.unit) is None else unit.state

    @property
    def capabilities(self) -> Capabilities:
        """What the unit reported it supports (every control when it never said)."""
        return FULL_CAPABILITIES if (unit := self.unit) is None else unit.capabilities

    @property
    def available(self) -> bool:
        """Return True when the account and the unit both answer."""
        return super().available and (unit := self.unit) is not None and unit.available


class MideaCloudAccountEntity(CoordinatorEntity[MideaCloudCoordinator]):
    """An entity of the cloud account; it stays available when polls fail, to tell about them."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: MideaCloudCoordinator, key: str) -> None:
        super().__init__(coordinator)
        entry = coordinator.config_entry
        device_id = account_device_id(entry)
        self._attr_unique_id = f"{device_id}-{key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, device_id)},
            manufacturer=MANUFACTURER,
            model=f"{PROFILES[entry.data[CONF_APP]].name} account",
            name=entry.title,
            entry_type=DeviceEntryType.SERVICE,
        )

    @property
    def available(self) -> bool:
        """Always available: the value says what happened to the polls."""
        return True


def add_unit_entities(
    entry: MideaCloudConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    create: Callable[[MideaCloudCoordinator, str], Iterable[Entity]],
) -> None:
    """Add the entities of every unit now and of every unit that joins the account later."""
    coordinator = entry.runtime_data
    known: set[str] = set()

    @callback
    def add_new_units() -> None:
        known.intersection_update(coordinator.data)
        new_units = [unit_id for unit_id in coordinator.data if unit_id not in known]
        known.update(new_units)
        if new_units:
            async_add_entities(
                [entity for unit_id in new_units for entity in create(coordinator, unit_id)]
            )

    add_new_units()
    entry.async_on_unload(coordinator.async_add_listener(add_new_units))
