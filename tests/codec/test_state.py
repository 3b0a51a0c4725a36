"""C0 state decoding (D11), requested changes (D10) and the thing-model view (protocol §15)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from custom_components.midea_cloud.codec.errors import (
    MideaConfigError,
    MideaProtocolError,
    MideaUnsupportedError,
)
from custom_components.midea_cloud.codec.frames import build_frame
from custom_components.midea_cloud.codec.model import AcChanges, AcState, Mode
from custom_components.midea_cloud.codec.state import (
    apply_changes,
    celsius_to_fahrenheit,
    decode_temperature,
    fahrenheit_targets,
    fahrenheit_to_celsius,
    fault_label,
    parse_state_body,
    parse_state_frame,
    state_extras,
    state_to_dict,
)

from .helpers import BASE_STATE, vector, vector_bytes

V18_BODY = vector_bytes("V18")[10:-2]


def _assert_msmart_fields(state: AcState, expected: dict[str, Any]) -> None:
    swing = expected["swing_mode"]
    assert state.power is expected["power_on"]
    assert state.mode == expected["operational_mode"]
    assert state.target_temperature == expected["target_temperature"]
    assert state.fan_speed == expected["fan_speed"]
    assert state.swing_vertical is bool(swing & 0x0C)
    assert state.swing_horizontal is bool(swing & 0x03)
    assert state.turbo is expected["turbo"]
    assert state.eco is expected["eco"]
    assert state.sleep is expected["sleep"]
    assert state.fahrenheit_display is expected["fahrenheit"]
    assert state.indoor_temperature == expected["indoor_temperature"]
    assert state.outdoor_temperature == expected["outdoor_temperature"]
    assert state.filter_alert is expected["filter_alert"]
    assert state.display_on is expected["display_on"]
    assert state.error_code == expected["error_code"]
    assert state.frost_protection is expected["freeze_protection"]
    assert state.appliance_error is False


@pytest.mark.parametrize("vector_id", ["V18", "V23"])
def test_state_frames(vector_id: str) -> None:
    expected = vector(vector_id)["decoded"]["decoded_msmart_style"]
    state = parse_state_frame(vector_bytes(vector_id))
    _assert_msmart_fields(state, expected)
    assert state_extras(vector_bytes(vector_id)[10:-2]) == {
        name: expected[name]
        for name in ("swing_mode", "follow_me", "aux_heat", "purifier", "target_humidity")
    }


def test_state_extras_of_a_short_body() -> None:
    extras = state_extras(_body(b7=0x0F, b8=0x80, b9=0x28)[:19])
    assert extras == {
        "swing_mode": 15,
        "follow_me": True,
        "aux_heat": True,
        "purifier": True,
        "target_humidity": None,
    }
    with pytest.raises(MideaProtocolError):
        state_extras(vector_bytes("V38"))


def test_v23_tenths_replace_the_half_degree() -> None:
    lua_style = vector("V23")["decoded"][
        "indoor_outdoor_if_decimal_added_to_half_degree(Lua/midea-beautiful style)"
    ]
    state = parse_state_frame(vector_bytes("V23"))
    assert (state.indoor_temperature, state.outdoor_temperature) == (26.5, 9.7)
    assert state.indoor_temperature != lua_style["indoor_lua_style"]
    assert state.outdoor_temperature != lua_style["outdoor_lua_style"]


def test_v25_bare_body_with_alternate_target() -> None:
    body = vector_bytes("V25")
    assert body[2] & 0x0F == 1
    state = parse_state_body(body)
    _assert_msmart_fields(state, vector("V25")["decoded"]["decoded_msmart_style"])
    assert state.target_temperature == vector("V25")["decoded"]["asserted_target_temperature"]


def test_v38_temperature_helper_and_refusal() -> None:
    payload = vector_bytes("V38")
    digits = payload[15]
    assert (
        decode_temperature(payload[11], digits & 0x0F, False) == vector("V38")["decoded"]["indoor"]
    )
    assert (
        decode_temperature(payload[12], digits >> 4, False) == vector("V38")["decoded"]["outdoor"]
    )
    with pytest.raises(MideaProtocolError):
        parse_state_body(payload)


@pytest.mark.parametrize("vector_id", ["V08", "V41"])
def test_other_appliances_are_refused(vector_id: str) -> None:
    frame = bytes.fromhex(vector(vector_id)["decoded"].get("frame", vector(vector_id)["hex"]))
    with pytest.raises(MideaProtocolError, match="not an air-conditioner frame"):
        parse_state_frame(frame)


def test_air_conditioner_frame_of_another_body_type_is_refused() -> None:
    with pytest.raises(MideaProtocolError, match="not a state reply"):
        parse_state_frame(vector_bytes("V01"))


@pytest.mark.parametrize(
    ("raw", "digit", "fahrenheit", "expected"),
    [
        (0xFF, 0, False, None),
        (0xFF, 5, True, None),
        (0, 0, False, -25.0),
        (0x67, 5, False, 26.5),
        (0x45, 7, False, 9.7),
        (0x22, 7, False, -8.7),
        (0x22, 0, False, -8.0),
        (0x31, 3, False, -0.3),
        (0x32, 0, False, 0.0),
        (0x33, 0, False, 0.5),
        (0x66, 5, True, 26.5),
        (0x67, 9, True, 26.5),
        (0x67, 4, True, 26.5),
        (0x66, 4, True, 26.0),
        (0x21, 6, True, -8.5),
        (0x21, 2, True, -8.5),
        (0x20, 9, True, -9.5),
    ],
)
def test_decode_temperature_rules(
    raw: int, digit: int, fahrenheit: bool, expected: float | None
) -> None:
    assert decode_temperature(raw, digit, fahrenheit) == expected


def _body(**bytes_at: int) -> bytes:
    body = bytearray(V18_BODY)
    for name, value in bytes_at.items():
        body[int(name[1:])] = value
    return bytes(body)


@pytest.mark.parametrize(
    ("body", "field", "expected"),
    [
        (_body(b1=0x81), "appliance_error", True),
        (_body(b1=0x00), "power", False),
        (_body(b2=0xD8), "mode", 6),
        (_body(b2=0xF8), "mode", 7),
        (_body(b2=0x4E), "target_temperature", 30.0),
        (_body(b2=0x5E), "target_temperature", 30.5),
        (_body(b2=0x58, b13=0x1F), "target_temperature", 43.5),
        (_body(b3=0xE6), "fan_speed", 102),
        (_body(b7=0x33), "swing_horizontal", True),
        (_body(b7=0x33), "swing_vertical", False),
        (_body(b8=0x20), "turbo", True),
        (_body(b10=0x02), "turbo", True),
        (_body(b9=0x80), "eco", False),
        (_body(b9=0x10), "eco", True),
        (_body(b10=0x01), "sleep", True),
        (_body(b13=0x20), "filter_alert", True),
        (_body(b13=0x20), "target_temperature", 24.0),
        (_body(b14=0x70), "display_on", False),
        (_body(b14=0x70), "display_state", 7),
        (_body(b14=0x20), "display_on", True),
        (_body(b14=0x20), "display_state", 2),
        (_body(b16=0x21), "error_code", 33),
        (_body(b11=0xFF, b12=0xFF), "indoor_temperature", None),
        (_body(b11=0xFF, b12=0xFF), "outdoor_temperature", None),
        (_body(b21=0x80), "frost_protection", True),
        (V18_BODY[:17], "frost_protection", None),
        (V18_BODY[:21], "frost_protection", None),
        (V18_BODY[:22], "frost_protection", False),
    ],
)
def test_state_body_fields(body: bytes, field: str, expected: object) -> None:
    assert getattr(parse_state_body(body), field) == expected


@pytest.mark.parametrize("body", [V18_BODY[:16], b"", b"\xc1" + V18_BODY[1:]])
def test_state_body_is_refused(body: bytes) -> None:
    with pytest.raises(MideaProtocolError):
        parse_state_body(body)


def test_short_state_frame_is_refused() -> None:
    with pytest.raises(MideaProtocolError):
        parse_state_frame(build_frame(0x03, V18_BODY[:16]))


@pytest.mark.parametrize(
    ("fahrenheit", "celsius"),
    [(60, 16.0), (61.4, 16.5), (72.5, 23.0), (73, 23.0), (81.6, 28.0), (86, 30.0), (89.49, 31.5)],
)
def test_fahrenheit_table(fahrenheit: float, celsius: float) -> None:
    assert fahrenheit_to_celsius(fahrenheit) == celsius


@pytest.mark.parametrize("fahrenheit", [59.49, 89.5, float("nan"), float("inf"), -1e300])
def test_fahrenheit_outside_the_table_is_rejected(fahrenheit: float) -> None:
    with pytest.raises(MideaConfigError):
        fahrenheit_to_celsius(fahrenheit)


def test_every_table_entry_reads_back_as_its_own_fahrenheit() -> None:
    """°F -> °C -> °F is the identity for every whole °F of docs/protocol.md §15.2 (60..89)."""
    table = fahrenheit_targets()

    assert sorted(table) == list(range(60, 90))
    assert {whole: celsius_to_fahrenheit(fahrenheit_to_celsius(whole)) for whole in table} == {
        whole: float(whole) for whole in table
    }


@pytest.mark.parametrize(("celsius", "fahrenheit"), [(22.5, 72.5), (27.5, 81.5), (12.0, 53.6)])
def test_celsius_outside_the_table_is_converted_with_the_formula(
    celsius: float, fahrenheit: float
) -> None:
    assert celsius_to_fahrenheit(celsius) == fahrenheit


def test_no_change_keeps_the_state() -> None:
    assert apply_changes(BASE_STATE, AcChanges()) == BASE_STATE


def test_changes_replace_only_what_is_requested() -> None:
    unusual = replace(BASE_STATE, fan_speed=101, mode=0)
    changed = apply_changes(
        unusual, AcChanges(power=False, swing_vertical=True, eco=True, target_temperature=21.26)
    )
    assert changed == replace(
        unusual, power=False, swing_vertical=True, eco=True, target_temperature=21.5
    )


@pytest.mark.parametrize(
    ("requested", "expected"),
    [(16.0, 16.0), (15.75, 16.0), (16.24, 16.0), (16.25, 16.5), (29.9, 30.0), (30.24, 30.0)],
)
def test_target_is_rounded_to_half_degrees(requested: float, expected: float) -> None:
    changed = apply_changes(BASE_STATE, AcChanges(target_temperature=requested))
    assert changed.target_temperature == expected


@pytest.mark.parametrize(
    "changes",
    [
        AcChanges(mode=0),
        AcChanges(mode=7),
        AcChanges(target_temperature=15.74),
        AcChanges(target_temperature=30.25),
        AcChanges(target_temperature=float("nan")),
        AcChanges(target_temperature=float("-inf")),
        AcChanges(target_temperature=1e300),
        AcChanges(fan_speed=0),
        AcChanges(fan_speed=101),
        AcChanges(fan_speed=103),
    ],
)
def test_invalid_changes_are_rejected(changes: AcChanges) -> None:
    with pytest.raises(MideaConfigError):
        apply_changes(BASE_STATE, changes)


@pytest.mark.parametrize(("mode", "fan"), [(Mode.AUTO, 1), (Mode.SMART_DRY, 100), (Mode.FAN, 102)])
def test_valid_extremes_are_accepted(mode: int, fan: int) -> None:
    changed = apply_changes(BASE_STATE, AcChanges(mode=mode, fan_speed=fan))
    assert (changed.mode, changed.fan_speed) == (mode, fan)


@pytest.mark.parametrize("frost", [True, False])
def test_frost_protection_cannot_be_requested(frost: bool) -> None:
    with pytest.raises(MideaUnsupportedError):
        apply_changes(BASE_STATE, AcChanges(frost_protection=frost))


def test_state_to_dict_with_thing_model_names() -> None:
    view = state_to_dict(parse_state_frame(vector_bytes("V18")))
    assert view["power"] is True
    assert view["mode_name"] == "cool"
    assert view["fault_label"] == "no error"
    assert view["thing_model"] == {
        "power": 1,
        "mode": 2,
        "windSpeed": 102,
        "temp": 24.0,
        "sleep": 0,
        "horzWind": 0,
        "vertWind": 0,
        "tempModeSwitch": 1,
        "strong": 0,
        "eco": 0,
        "8DegreeHot": 0,
        "ledDisplay": 0,
        "roomTemp": 25.5,
        "outTemp": 33.5,
        "filterFlag": 0,
        "faultCode": 0,
    }


def test_state_to_dict_of_unusual_values() -> None:
    state = replace(
        BASE_STATE,
        mode=7,
        swing_vertical=True,
        swing_horizontal=True,
        display_on=False,
        display_state=7,
        error_code=20,
        frost_protection=None,
    )
    view = state_to_dict(state)
    thing_model = view["thing_model"]
    assert isinstance(thing_model, dict)
    assert view["mode_name"] is None
    assert view["fault_label"] == "code 20"
    assert (thing_model["horzWind"], thing_model["vertWind"]) == (3, 3)
    assert thing_model["ledDisplay"] == 7
    assert thing_model["8DegreeHot"] is None


@pytest.mark.parametrize(
    ("code", "label"), [(0, "no error"), (16, "PC0L"), (33, "EL0C"), (17, "code 17")]
)
def test_fault_labels(code: int, label: str) -> None:
    assert fault_label(code) == label
