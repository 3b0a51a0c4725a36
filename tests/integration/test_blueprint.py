"""The automation blueprint: valid for Home Assistant, and switching a unit in a real run."""

from __future__ import annotations

from pathlib import Path
import shutil
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.blueprint.models import Blueprint
from homeassistant.components.blueprint.schemas import BLUEPRINT_SCHEMA
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml
import pytest

from custom_components.midea_cloud.const import POLL_INTERVAL
from midea_cloud_emulator import SimulatedUnit

from .conftest import advance

BLUEPRINT = (
    Path(__file__).parents[2]
    / "blueprints"
    / "automation"
    / "midea_cloud"
    / "mode_by_outdoor_temperature.yaml"
)
INPUTS = {
    "air_conditioner",
    "outdoor_sensor",
    "changeover",
    "hysteresis",
    "cold_mode",
    "warm_mode",
    "only_when_on",
}


def test_blueprint_is_a_valid_automation_blueprint() -> None:
    """Home Assistant's own loader and schema accept it, with the inputs the README names."""
    blueprint = Blueprint(
        load_yaml(BLUEPRINT), expected_domain="automation", schema=BLUEPRINT_SCHEMA
    )

    assert set(blueprint.inputs) == INPUTS
    (unit_filter,) = blueprint.inputs["air_conditioner"]["selector"]["entity"]["filter"]
    assert unit_filter["integration"] == "midea_cloud"
    assert unit_filter["domain"] in ("climate", ["climate"])
    defaults = {
        name: spec["default"] for name, spec in blueprint.inputs.items() if "default" in spec
    }
    assert defaults == {
        "changeover": 18,
        "hysteresis": 2,
        "cold_mode": "heat",
        "warm_mode": "cool",
        "only_when_on": True,
    }


@pytest.fixture
async def automation(hass: HomeAssistant, tmp_path: Path, loaded_entry: Any) -> None:
    """The blueprint imported into a configuration folder and used for the living room."""
    hass.config.config_dir = str(tmp_path)
    folder = tmp_path / "blueprints" / "automation" / "midea_cloud"
    folder.mkdir(parents=True)
    shutil.copy(BLUEPRINT, folder)
    config = {
        "automation": {
            "id": "living_room_by_outdoor_temperature",
            "use_blueprint": {
                "path": f"midea_cloud/{BLUEPRINT.name}",
                "input": {
                    "air_conditioner": "climate.living_room",
                    "outdoor_sensor": "sensor.living_room_outdoor_temperature",
                },
            },
        }
    }
    assert await async_setup_component(hass, "automation", config)
    await hass.async_block_till_done()


async def outdoor(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, unit: SimulatedUnit, value: float
) -> None:
    """The outdoor temperature changes; the next poll shows it."""
    unit.state.outdoor = value
    await advance(hass, freezer, POLL_INTERVAL)


@pytest.mark.usefixtures("automation")
async def test_blueprint_switches_the_mode_with_hysteresis(
    hass: HomeAssistant, living_room: SimulatedUnit, freezer: FrozenDateTimeFactory
) -> None:
    """18 °C ± 2: heating below 16, cooling above 20, no change in between."""
    await outdoor(hass, freezer, living_room, 17.0)
    assert living_room.decoded_sets == []

    await outdoor(hass, freezer, living_room, 15.5)
    assert [sent["mode"] for sent in living_room.decoded_sets] == [4]
    assert hass.states.get("climate.living_room").state == "heat"

    await outdoor(hass, freezer, living_room, 19.5)
    assert len(living_room.decoded_sets) == 1

    await outdoor(hass, freezer, living_room, 20.5)
    assert [sent["mode"] for sent in living_room.decoded_sets] == [4, 2]
    assert hass.states.get("climate.living_room").state == "cool"


@pytest.mark.usefixtures("automation")
async def test_blueprint_leaves_a_unit_that_is_off_alone(
    hass: HomeAssistant, living_room: SimulatedUnit, freezer: FrozenDateTimeFactory
) -> None:
    """With the default "leave a unit that is off alone", cold weather does not switch it on."""
    living_room.state.power = False
    await advance(hass, freezer, POLL_INTERVAL)

    await outdoor(hass, freezer, living_room, 5.0)

    assert living_room.decoded_sets == []
    assert hass.states.get("climate.living_room").state == "off"
