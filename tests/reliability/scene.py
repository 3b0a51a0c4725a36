"""An account with two units set up in Home Assistant, and what a test reads from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_EMAIL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.midea_cloud.codec.msmarthome import iam_digest
from custom_components.midea_cloud.const import (
    CONF_APP,
    CONF_DEVICE_ID,
    CONF_IAM_DIGEST,
    CONF_SERVER,
    DATA_SERVER_MAP,
    DOMAIN,
)
from custom_components.midea_cloud.coordinator import MideaCloudCoordinator
from midea_cloud_emulator import CloudEmulator, SimulatedUnit
from tests.integration.conftest import EMAIL, PASSWORD, entry_data

from .clock import settle, track_executor_jobs

SEND = "/v1/appliance/transparent/send/new"
LOGIN_NEW = "/v1/user/login/new"
MSMARTHOME_EMAIL = "msmarthome-owner@example.com"


@dataclass(frozen=True, slots=True)
class CloudSide:
    """One of the two clouds as a scene uses it: its account, and its relay and login paths."""

    key: str
    app: str
    email: str
    send: str
    login: str


LEGACY = CloudSide("mapp", "midea_air", EMAIL, SEND, LOGIN_NEW)
MSMARTHOME = CloudSide(
    "msmarthome",
    "msmarthome",
    MSMARTHOME_EMAIL,
    "/v1/appliance/transparent/send",
    "/mj/user/login",
)
CLOUDS = (LEGACY, MSMARTHOME)
HVAC_MODES = {1: "auto", 2: "cool", 3: "dry", 4: "heat", 5: "fan_only"}
FAN_MODES = {20: "silent", 40: "low", 60: "medium", 80: "high", 100: "turbo", 102: "auto"}


@dataclass(frozen=True, slots=True)
class Scene:
    """Home Assistant, its clock, the emulator and the config entry of one account."""

    hass: HomeAssistant
    freezer: FrozenDateTimeFactory
    emulator: CloudEmulator
    entry: ConfigEntry
    cloud: CloudSide = LEGACY

    @property
    def send(self) -> str:
        """The path of this cloud's relay requests."""
        return self.cloud.send

    @property
    def login(self) -> str:
        """The path of this cloud's logins."""
        return self.cloud.login

    @property
    def coordinator(self) -> MideaCloudCoordinator:
        """The running entry's coordinator."""
        coordinator: MideaCloudCoordinator = self.entry.runtime_data
        return coordinator

    @property
    def units(self) -> list[SimulatedUnit]:
        """The account's units in the emulator."""
        return list(self.emulator.account(self.cloud.email).units.values())

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
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: CloudEmulator,
    cloud: CloudSide = LEGACY,
) -> Scene:
    """Add the account's entry to Home Assistant and wait until it is loaded."""
    data = entry_data(emulator, **cloud_entry_data(cloud))
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=cloud.email,
        unique_id=emulator.account(cloud.email).user_id,
        data=data,
    )
    if cloud.app == "msmarthome":
        hass.data[DATA_SERVER_MAP] = emulator.server_map
    track_executor_jobs(hass.loop)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await settle(hass, freezer)
    return Scene(hass, freezer, emulator, entry, cloud)


def cloud_entry_data(cloud: CloudSide) -> dict[str, Any]:
    """What the entry of ``cloud``'s account has beyond the legacy entry's data: the MSmartHome
    entry finds its server through the router (the emulator's origins are mapped) and keeps the
    iam digest and its device id."""
    if cloud.app != "msmarthome":
        return {}
    return {
        CONF_EMAIL: cloud.email,
        CONF_APP: cloud.app,
        CONF_SERVER: None,
        CONF_IAM_DIGEST: iam_digest(PASSWORD),
        CONF_DEVICE_ID: "0123456789abcdef",
    }
