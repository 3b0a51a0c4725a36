"""An account with two units set up in Home Assistant, and what a test reads from it."""

from __future__ import annotations

from dataclasses import dataclass

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.midea_cloud.const import DOMAIN
from custom_components.midea_cloud.coordinator import MideaCloudCoordinator
from midea_cloud_emulator import CloudEmulator, SimulatedUnit
from tests.integration.conftest import EMAIL, entry_data

from .clock import settle, track_executor_jobs

SEND = "/v1/appliance/transparent/send/new"
LOGIN_NEW = "/v1/user/login/new"
HVAC_MODES = {1: "auto", 2: "cool", 3: "dry", 4: "heat", 5: "fan_only"}
FAN_MODES = {20: "silent", 40: "low", 60: "medium", 80: "high", 100: "turbo", 102: "auto"}


@dataclass(frozen=True, slots=True)
class Scene:
    """Home Assistant, its clock, the emulator and the config entry of one account."""

    hass: HomeAssistant
    freezer: FrozenDateTimeFactory
    emulator: CloudEmulator
    entry: ConfigEntry

    @property
    def coordinator(self) -> MideaCloudCoordinator:
        """The running entry's coordinator."""
        coordinator: MideaCloudCoordinator = self.entry.runtime_data
        return coordinator

    @property
    def units(self) -> list[SimulatedUnit]:
        """The account's units in the emulator."""
        return list(self.emulator.account(EMAIL).units.values())

    def entity_ids(self) -> tuple[list[str], list[str]]:
        """The entities of the units and those of the account itself."""
        registry = er.async_get(self.hass)
        units: list[str] = []
        account: list[str] = []
        for entity in er.async_entries_for_config_entry(registry, self.entry.entry_id):
            (account if entity.unique_id.startswith("account-") else units).append(entity.entity_id)
        return sorted(units), sorted(account)

    def available(self, entity_ids: list[str]) -> dict[str, bool]:
        """Whether each entity is available now."""
        return {
            entity_id: self.hass.states.get(entity_id).state != "unavailable"  # type: ignore[union-attr]
            for entity_id in entity_ids
        }

    def shown_differently(self) -> list[str]:
        """What the units' thermostats and indoor sensors show that the emulator's units are not:
        power and mode, target, fan speed and room temperature."""
        registry = er.async_get(self.hass)
        wrong = []
        for unit in self.units:
            climate = self.hass.states.get(
                registry.async_get_entity_id("climate", DOMAIN, unit.appliance_id) or ""
            )
            indoor = self.hass.states.get(
                registry.async_get_entity_id(
                    "sensor", DOMAIN, f"{unit.appliance_id}-indoor_temperature"
                )
                or ""
            )
            if climate is None or indoor is None:
                wrong.append(f"{unit.name}: no entities")
                continue
            shown = (
                climate.state,
                climate.attributes.get("temperature"),
                climate.attributes.get("fan_mode"),
                indoor.state,
            )
            state = unit.state
            real = (
                HVAC_MODES[state.mode] if state.power else "off",
                state.target,
                FAN_MODES.get(state.fan),
                "unknown" if state.indoor is None else str(round(state.indoor, 1)),
            )
            if shown != real:
                wrong.append(f"{unit.name}: shows {shown}, is {real}")
        return wrong


async def set_up(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, emulator: CloudEmulator
) -> Scene:
    """Add the account's entry to Home Assistant and wait until it is loaded."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=EMAIL,
        unique_id=emulator.account(EMAIL).user_id,
        data=entry_data(emulator),
    )
    track_executor_jobs(hass.loop)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await settle(hass, freezer)
    return Scene(hass, freezer, emulator, entry)
