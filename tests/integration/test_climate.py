"""Every climate service call: the SET the unit received and what the card shows afterwards."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import DOMAIN as CLIMATE_DOMAIN
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.midea_cloud.const import CONFIRMATION_DELAY, POLL_INTERVAL
from midea_cloud_emulator import CloudEmulator, FaultKind, SimulatedUnit

from .conftest import EMAIL, advance, snapshot_platform

LIVING_ROOM = "climate.living_room"
BEDROOM = "climate.bedroom"
SEND = "/v1/appliance/transparent/send/new"


async def call(hass: HomeAssistant, service: str, entity_id: str, **data: Any) -> None:
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
    )


def only_set(unit: SimulatedUnit) -> dict[str, Any]:
    """The one SET the unit received; fails when there were none or several."""
    assert len(unit.decoded_sets) == 1
    fields = unit.decoded_sets[0]
    assert fields["length"] == 33
    return fields


@pytest.mark.usefixtures("loaded_entry")
@pytest.mark.parametrize(
    ("service", "data", "sent", "state", "attributes"),
    [
        ("set_hvac_mode", {"hvac_mode": "heat"}, {"power": True, "mode": 4}, "heat", {}),
        ("set_hvac_mode", {"hvac_mode": "dry"}, {"power": True, "mode": 3}, "dry", {}),
        ("set_hvac_mode", {"hvac_mode": "auto"}, {"power": True, "mode": 1}, "auto", {}),
        ("set_hvac_mode", {"hvac_mode": "off"}, {"power": False, "mode": 2}, "off", {}),
        (
            "set_hvac_mode",
            {"hvac_mode": "fan_only"},
            {"power": True, "mode": 5, "eco": False, "turbo": False, "sleep": False},
            "fan_only",
            {"preset_modes": ["none"]},
        ),
        ("set_temperature", {"temperature": 22.5}, {"target": 22.5}, "cool", {"temperature": 22.5}),
        (
            "set_temperature",
            {"temperature": 20, "hvac_mode": "heat"},
            {"target": 20.0, "mode": 4, "power": True},
            "heat",
            {"temperature": 20.0},
        ),
        ("set_fan_mode", {"fan_mode": "silent"}, {"fan": 20}, "cool", {"fan_mode": "silent"}),
        ("set_fan_mode", {"fan_mode": "low"}, {"fan": 40}, "cool", {"fan_mode": "low"}),
        ("set_fan_mode", {"fan_mode": "medium"}, {"fan": 60}, "cool", {"fan_mode": "medium"}),
        ("set_fan_mode", {"fan_mode": "high"}, {"fan": 80}, "cool", {"fan_mode": "high"}),
        ("set_fan_mode", {"fan_mode": "turbo"}, {"fan": 100}, "cool", {"fan_mode": "turbo"}),
        (
            "set_swing_mode",
            {"swing_mode": "vertical"},
            {"swing_vertical": True, "swing_horizontal": False},
            "cool",
            {"swing_mode": "vertical"},
        ),
        (
            "set_swing_mode",
            {"swing_mode": "horizontal"},
            {"swing_vertical": False, "swing_horizontal": True},
            "cool",
            {"swing_mode": "horizontal"},
        ),
        (
            "set_swing_mode",
            {"swing_mode": "both"},
            {"swing_vertical": True, "swing_horizontal": True},
            "cool",
            {"swing_mode": "both"},
        ),
        (
            "set_preset_mode",
            {"preset_mode": "eco"},
            {"eco": True, "turbo": False, "sleep": False},
            "cool",
            {"preset_mode": "eco"},
        ),
        (
            "set_preset_mode",
            {"preset_mode": "boost"},
            {"eco": False, "turbo": True, "sleep": False},
            "cool",
            {"preset_mode": "boost"},
        ),
        (
            "set_preset_mode",
            {"preset_mode": "sleep"},
            {"eco": False, "turbo": False, "sleep": True},
            "cool",
            {"preset_mode": "sleep"},
        ),
        ("turn_off", {}, {"power": False}, "off", {}),
    ],
)
async def test_service_sends_one_set_and_shows_its_reply(
    hass: HomeAssistant,
    *,
    living_room: SimulatedUnit,
    service: str,
    data: dict[str, Any],
    sent: dict[str, Any],
    state: str,
    attributes: dict[str, Any],
) -> None:
    """One service call is one 33-byte SET; the card shows the unit's reply at once."""
    await call(hass, service, LIVING_ROOM, **data)

    fields = only_set(living_room)
    assert {key: fields[key] for key in sent} == sent
    assert fields["beep"] is False
    shown = hass.states.get(LIVING_ROOM)
    assert shown.state == state
    assert {key: shown.attributes[key] for key in attributes} == attributes


@pytest.mark.usefixtures("loaded_entry")
async def test_swing_off_and_preset_none_clear_what_was_on(
    hass: HomeAssistant, living_room: SimulatedUnit
) -> None:
    """Swing off stops both louvers; preset none clears eco, boost and sleep."""
    await call(hass, "set_swing_mode", LIVING_ROOM, swing_mode="both")
    await call(hass, "set_preset_mode", LIVING_ROOM, preset_mode="eco")

    await call(hass, "set_swing_mode", LIVING_ROOM, swing_mode="off")
    await call(hass, "set_preset_mode", LIVING_ROOM, preset_mode="none")

    swing_off, preset_none = living_room.decoded_sets[-2:]
    assert (swing_off["swing_vertical"], swing_off["swing_horizontal"]) == (False, False)
    assert (preset_none["eco"], preset_none["turbo"], preset_none["sleep"]) == (False, False, False)
    shown = hass.states.get(LIVING_ROOM).attributes
    assert (shown["swing_mode"], shown["preset_mode"]) == ("off", "none")


@pytest.mark.usefixtures("loaded_entry")
async def test_turn_on_restores_the_last_mode(hass: HomeAssistant, bedroom: SimulatedUnit) -> None:
    """The bedroom was last heating: turning it on heats again."""
    assert hass.states.get(BEDROOM).state == "off"

    await call(hass, "turn_on", BEDROOM)

    fields = only_set(bedroom)
    assert (fields["power"], fields["mode"], fields["target"]) == (True, 4, 21.5)
    assert hass.states.get(BEDROOM).state == "heat"


@pytest.mark.usefixtures("loaded_entry")
async def test_fan_auto(hass: HomeAssistant, bedroom: SimulatedUnit) -> None:
    """Auto fan is the value 102."""
    assert hass.states.get(BEDROOM).attributes["fan_mode"] == "low"

    await call(hass, "set_fan_mode", BEDROOM, fan_mode="auto")

    assert only_set(bedroom)["fan"] == 102
    assert hass.states.get(BEDROOM).attributes["fan_mode"] == "auto"


@pytest.mark.usefixtures("loaded_entry")
async def test_presets_follow_the_mode(hass: HomeAssistant, living_room: SimulatedUnit) -> None:
    """Eco is offered while cooling but not while heating, and heating drops an active eco."""
    await call(hass, "set_preset_mode", LIVING_ROOM, preset_mode="eco")
    assert hass.states.get(LIVING_ROOM).attributes["preset_modes"] == [
        "none",
        "eco",
        "boost",
        "sleep",
    ]

    await call(hass, "set_hvac_mode", LIVING_ROOM, hvac_mode="heat")

    assert living_room.decoded_sets[-1]["eco"] is False
    shown = hass.states.get(LIVING_ROOM).attributes
    assert shown["preset_modes"] == ["none", "boost", "sleep"]
    assert shown["preset_mode"] == "none"
    with pytest.raises(ServiceValidationError):
        await call(hass, "set_preset_mode", LIVING_ROOM, preset_mode="eco")
    assert len(living_room.decoded_sets) == 2, "the refused eco preset reached the unit as a SET"


@pytest.mark.usefixtures("loaded_entry")
async def test_target_outside_16_to_30_is_refused(
    hass: HomeAssistant, living_room: SimulatedUnit
) -> None:
    """Home Assistant refuses a target outside the unit's range before the integration is
    called, so the unit receives no SET."""
    with pytest.raises(ServiceValidationError):
        await call(hass, "set_temperature", LIVING_ROOM, temperature=31)

    assert living_room.decoded_sets == [], "the unit received a SET for a refused target"


@pytest.mark.usefixtures("loaded_entry")
async def test_percentage_fan_speed_is_shown_as_the_next_named_speed(
    hass: HomeAssistant,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A fan percentage set elsewhere (50 %) shows as medium; an unknown value (101) shows no
    fan mode (None)."""
    living_room.state.fan = 50
    await poll(hass, freezer)
    assert hass.states.get(LIVING_ROOM).attributes["fan_mode"] == "medium"

    living_room.state.fan = 101
    await poll(hass, freezer)
    assert hass.states.get(LIVING_ROOM).attributes["fan_mode"] is None


async def poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let the 60-second poll run."""
    await advance(hass, freezer, POLL_INTERVAL)


@pytest.mark.usefixtures("loaded_entry")
async def test_one_command_costs_one_set_and_one_confirmation_query(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Right after a poll, a command is one relay request; a few seconds later one query."""
    relayed = emulator.count(SEND)

    await call(hass, "set_temperature", LIVING_ROOM, temperature=23)

    assert emulator.count(SEND) == relayed + 1
    living_room.state.target = 25.0  # changed on the remote control meanwhile
    await advance(hass, freezer, CONFIRMATION_DELAY)
    assert emulator.count(SEND) == relayed + 2
    assert hass.states.get(LIVING_ROOM).attributes["temperature"] == 25.0


@pytest.mark.usefixtures("loaded_entry")
async def test_command_on_a_stale_state_queries_first(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A SET carries the whole state, so a state older than 30 s is read again first."""
    living_room.state.fan = 60  # changed on the remote control
    freezer.tick(timedelta(seconds=45))
    relayed = emulator.count(SEND)

    await call(hass, "set_temperature", LIVING_ROOM, temperature=23)

    assert emulator.count(SEND) == relayed + 2
    assert only_set(living_room)["fan"] == 60


@pytest.mark.usefixtures("loaded_entry")
async def test_unconfirmed_command_shows_the_truth_not_the_request(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A 3176 answer to a SET changes nothing on the card until the unit is read again."""
    emulator.faults.add(FaultKind.ERROR_CODE, code=3176, path=SEND, deliver=True)

    await call(hass, "set_hvac_mode", LIVING_ROOM, hvac_mode="heat")

    assert only_set(living_room)["mode"] == 4
    assert hass.states.get(LIVING_ROOM).state == "cool"
    await advance(hass, freezer, CONFIRMATION_DELAY)
    assert hass.states.get(LIVING_ROOM).state == "heat"
    assert len(living_room.decoded_sets) == 1


@pytest.mark.usefixtures("loaded_entry")
async def test_unconfirmed_command_that_was_lost_shows_the_old_state(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
) -> None:
    """When the SET never reached the unit (3176, not delivered), the confirmation query shows
    the unchanged mode."""
    emulator.faults.add(FaultKind.ERROR_CODE, code=3176, path=SEND)

    await call(hass, "set_hvac_mode", LIVING_ROOM, hvac_mode="heat")
    await advance(hass, freezer, CONFIRMATION_DELAY)

    assert living_room.decoded_sets == []
    assert hass.states.get(LIVING_ROOM).state == "cool"


@pytest.mark.usefixtures("loaded_entry")
@pytest.mark.parametrize(
    ("code", "translation_key"),
    [(3123, "unit_offline"), (3004, "command_failed")],
)
async def test_command_refused_by_the_cloud_raises_a_translated_error(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    code: int,
    translation_key: str,
) -> None:
    """A refused command raises an error the user can read; 3123 also marks the unit offline."""
    emulator.faults.add(FaultKind.ERROR_CODE, code=code, path=SEND)

    with pytest.raises(HomeAssistantError) as raised:
        await call(hass, "set_temperature", LIVING_ROOM, temperature=23)

    assert raised.value.translation_key == translation_key
    assert raised.value.translation_placeholders["name"] == "Living room"
    offline = hass.states.get(LIVING_ROOM).state == "unavailable"
    assert offline is (code == 3123)


@pytest.mark.usefixtures("loaded_entry")
async def test_command_without_a_cloud_raises_cannot_connect(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
) -> None:
    """With the state stale and the cloud gone, the query before the SET is refused at connect;
    the SET, built from the last known state, is then attempted and refused at connect too. The
    error says the cloud could not be reached, and the unit received no SET."""
    freezer.tick(timedelta(seconds=45))
    await emulator.stop()

    with pytest.raises(HomeAssistantError) as raised:
        await call(hass, "set_temperature", LIVING_ROOM, temperature=23)

    assert raised.value.translation_key == "command_cannot_connect"
    assert living_room.decoded_sets == [], "a SET reached the unit although the cloud was stopped"


@pytest.mark.usefixtures("loaded_entry")
async def test_command_with_a_rejected_password_starts_reauth(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    loaded_entry: MockConfigEntry,
) -> None:
    """When the password was changed in the app, a command asks the user to sign in again."""
    emulator.account(EMAIL).password_digest = "0" * 64
    emulator.expire_sessions()

    with pytest.raises(HomeAssistantError) as raised:
        await call(hass, "set_temperature", LIVING_ROOM, temperature=23)
    await hass.async_block_till_done()

    assert raised.value.translation_key == "invalid_auth"
    flows = hass.config_entries.flow.async_progress_by_handler("midea_cloud")
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == loaded_entry.entry_id


@pytest.mark.usefixtures("loaded_entry")
async def test_command_after_an_unconfirmed_one_needs_a_readable_state(
    hass: HomeAssistant, emulator: CloudEmulator, living_room: SimulatedUnit
) -> None:
    """After an unconfirmed SET the unit's state is unknown, so the next command queries first;
    that query is answered 502, so no SET is attempted and the error says the state could not
    be read. The unit received no SET at all: the first one was answered 3176 and not
    delivered."""
    emulator.faults.add(FaultKind.ERROR_CODE, code=3176, path=SEND)
    await call(hass, "set_hvac_mode", LIVING_ROOM, hvac_mode="heat")
    emulator.faults.add(FaultKind.HTTP_STATUS, status=502, path=SEND)

    with pytest.raises(HomeAssistantError) as raised:
        await call(hass, "set_temperature", LIVING_ROOM, temperature=23)

    assert raised.value.translation_key == "no_state"
    assert living_room.decoded_sets == [], "a SET reached the unit"


@pytest.mark.usefixtures("loaded_entry")
async def test_no_hvac_action_is_guessed(hass: HomeAssistant) -> None:
    """The unit does not say whether its compressor runs, so no hvac_action is shown.

    Cooling at 26.5 °C towards 24 °C, or switched off: a guess from the mode and the
    temperatures would say "cooling" and "off"; Home Assistant asks not to estimate it.
    """
    for entity_id in (LIVING_ROOM, BEDROOM):
        state = hass.states.get(entity_id)
        assert state is not None
        assert "hvac_action" not in state.attributes


@pytest.mark.freeze_time("2026-01-01 12:00:00+00:00")
async def test_climate_entities(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Each unit's thermostat: its registry entry and what it shows."""
    await snapshot_platform(hass, entity_registry, snapshot, loaded_entry, CLIMATE_DOMAIN)
