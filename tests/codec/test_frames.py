"""0xAA frames: CRC8, checksum, validation and the frames we build (D8, D9, D12, 12, 13)."""

from __future__ import annotations

from hypothesis import given, strategies as st
import pytest

from custom_components.midea_cloud.codec.errors import MideaConfigError, MideaProtocolError
from custom_components.midea_cloud.codec.frames import (
    MessageIdCounter,
    build_capabilities_query_frame,
    build_display_toggle_frame,
    build_frame,
    build_query_frame,
    build_set_frame,
    check_frame,
    crc8,
    decode_set_frame,
    frame_checksum,
    parse_frame,
)
from custom_components.midea_cloud.codec.model import AcState, Mode

from .helpers import ac_state, round_trip_settings, vector, vector_bytes


def _hex_int(text: str) -> int:
    return int(text, 16)


def test_v00_crc8_check_value() -> None:
    assert crc8(vector_bytes("V00")) == _hex_int(vector("V00")["decoded"]["crc8"])
    assert crc8(b"") == 0


def test_checksum_is_masked() -> None:
    assert frame_checksum(b"\x80\x80") == 0
    assert frame_checksum(b"\x01") == 0xFF


@pytest.mark.parametrize("vector_id", ["V01", "V05", "V08", "V13", "V17", "V18", "V23", "V67"])
def test_valid_frames_are_accepted_and_split(vector_id: str) -> None:
    decoded = vector(vector_id)["decoded"]
    frame = parse_frame(vector_bytes(vector_id))
    assert len(frame.raw) == decoded["total_len"] == vector_bytes(vector_id)[1] + 1
    assert frame.device_type == _hex_int(vector(vector_id)["decoded"].get("device_type", "0xAC"))
    assert frame.message_type == _hex_int(decoded["msg_type"][:4])
    assert frame.body == frame.raw[10:-2]
    if "crc8" in decoded:
        assert frame.raw[-2] == _hex_int(decoded["crc8"]) == crc8(frame.body)
        assert frame.raw[-1] == _hex_int(decoded["checksum"])
        assert frame.protocol == decoded["byte8_protocol"]
        assert frame.body_type == _hex_int(decoded["body_type"])


def test_v01_query_golden() -> None:
    assert build_query_frame(1) == vector_bytes("V01")
    assert build_query_frame(1)[30] == 1


def test_v05_is_accepted_but_not_built() -> None:
    assert parse_frame(vector_bytes("V05")).body[21] == 1
    assert build_query_frame(1) != vector_bytes("V05")


def test_v08_generic_layer_reads_the_dehumidifier_query() -> None:
    frame = parse_frame(vector_bytes("V08"))
    assert (frame.device_type, frame.protocol, frame.raw[30]) == (0xA1, 3, 0x0B)


def test_v44_body_check_byte_is_neither_crc_nor_sum() -> None:
    frame = bytes.fromhex(vector("V44")["decoded"]["frame"])
    check = check_frame(frame)
    assert check.checksum_ok
    assert check.length_ok
    assert not check.crc8_ok
    assert not check.body_sum_ok
    assert not check.valid
    with pytest.raises(MideaProtocolError, match="neither CRC8 nor body sum"):
        parse_frame(frame)


def test_body_sum_is_accepted_as_body_check_byte() -> None:
    body = vector_bytes("V18")[10:-2]
    unchecked = vector_bytes("V18")[:10] + body + bytes((-sum(body) & 0xFF,))
    frame = unchecked + bytes((frame_checksum(unchecked[1:]),))
    check = check_frame(frame)
    assert check.body_sum_ok
    assert not check.crc8_ok
    assert parse_frame(frame).body == body


def _corrupt(frame: bytes, index: int, value: int) -> bytes:
    return frame[:index] + bytes((value,)) + frame[index + 1 :]


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (_corrupt(vector_bytes("V01"), 1, 0x21), "length byte"),
        (vector_bytes("V01") + b"\x00", "length byte"),
        (_corrupt(vector_bytes("V01"), 32, 0xFB), "checksum"),
        (_corrupt(vector_bytes("V01"), 12, 0x01), "checksum"),
        (vector_bytes("V01")[:12], "at least 13 bytes"),
        (_corrupt(vector_bytes("V01"), 0, 0xAB), "0xAA"),
    ],
)
def test_invalid_frames_are_rejected(frame: bytes, message: str) -> None:
    with pytest.raises(MideaProtocolError, match=message):
        parse_frame(frame)


def test_v68_capabilities_query() -> None:
    assert build_capabilities_query_frame(message_id=1) == vector_bytes("V68")
    second = parse_frame(build_capabilities_query_frame(message_id=2, page=1))
    assert second.body == bytes.fromhex("b501010102")
    with pytest.raises(MideaConfigError):
        build_capabilities_query_frame(message_id=1, page=2)


def test_v67_display_toggle() -> None:
    toggle = build_display_toggle_frame(message_id=1, beep=True)
    assert toggle.hex() == "aa20ac00000000000003414200ff02000200000000000000000000000000013872"
    assert toggle[10:18] == vector_bytes("V67")[10:18]
    quiet = parse_frame(build_display_toggle_frame(message_id=5, beep=False))
    assert quiet.body[:8] == bytes.fromhex("410200ff02000200")
    assert (len(quiet.raw), quiet.body[20]) == (33, 5)


def test_v17_set_golden_and_decode() -> None:
    decoded = vector("V17")["decoded"]
    assert build_set_frame(ac_state(), message_id=1, beep=True) == vector_bytes("V17")
    fields = decode_set_frame(vector_bytes("V17"))
    _assert_vector_fields(fields, decoded)


def test_v13_peer_set_decodes_and_matches_our_body() -> None:
    decoded = vector("V13")["decoded"]
    fields = decode_set_frame(vector_bytes("V13"))
    _assert_vector_fields(fields, decoded)
    ours = build_set_frame(ac_state(fahrenheit_display=True), message_id=1, beep=False)
    assert ours.hex() == "aa20ac00000000000002400348667f7f003000000400000000000000000001838b"
    assert ours[10:30] == vector_bytes("V13")[10:30]


def _assert_vector_fields(fields: dict[str, object], decoded: dict[str, object]) -> None:
    assert fields["length"] == decoded["total_len"]
    assert fields["power"] is decoded["power"]
    assert fields["beep"] is decoded["beep"]
    assert fields["control_source"] is decoded["control_source_bit_0x02"]
    assert fields["mode"] == decoded["mode"]
    assert fields["target_temperature"] == decoded["target_temperature"]
    assert fields["fan_speed"] == decoded["fan_speed"]
    assert fields["on_timer"] == _hex_int(str(decoded["timer_on_byte"]))
    assert fields["off_timer"] == _hex_int(str(decoded["timer_off_byte"]))
    assert fields["swing"] == _hex_int(str(decoded["swing_byte"]))
    assert fields["byte8"] == _hex_int(str(decoded["byte8"]))
    assert fields["byte9"] == _hex_int(str(decoded["byte9"]))
    assert fields["byte10"] == _hex_int(str(decoded["byte10"]))
    assert fields["turbo"] is decoded["turbo"]
    assert fields["eco"] is decoded["eco_set_bit_0x80_byte9"]
    assert fields["sleep"] is decoded["sleep"]
    assert fields["fahrenheit_display"] is decoded["fahrenheit_display"]
    assert fields["message_id"] == decoded["message_id"]
    assert fields["message_id_index"] == decoded["message_id_body_index"]


@pytest.mark.parametrize(
    ("state", "message_id", "beep", "expected"),
    [
        (
            ac_state(target_temperature=16.0),
            1,
            True,
            "aa20ac00000000000002404340667f7f0030000000000000000000000400018c4a",
        ),
        (
            ac_state(mode=Mode.HEAT, target_temperature=16.5, fan_speed=40),
            1,
            True,
            "aa20ac00000000000002404390287f7f003000000000000000000000040001a321",
        ),
        (
            ac_state(
                target_temperature=30.0,
                fan_speed=100,
                swing_vertical=True,
                swing_horizontal=True,
                turbo=True,
                eco=True,
            ),
            254,
            True,
            "aa20ac0000000000000240434e647f7f003f208002000000000000000000fe7ca4",
        ),
        (
            ac_state(
                power=False,
                mode=Mode.HEAT,
                target_temperature=22.5,
                fan_speed=20,
                sleep=True,
                fahrenheit_display=True,
            ),
            7,
            False,
            "aa20ac00000000000002400296147f7f00300000050000000000000000000725e7",
        ),
    ],
)
def test_example_6_set_frames(state: AcState, message_id: int, beep: bool, expected: str) -> None:
    frame = build_set_frame(state, message_id=message_id, beep=beep)
    assert frame.hex() == expected


def test_set_copies_unusual_state_values_verbatim() -> None:
    frame = build_set_frame(ac_state(fan_speed=101, mode=0), message_id=3, beep=False)
    assert (frame[12] >> 5, frame[13]) == (0, 101)
    fields = decode_set_frame(
        build_set_frame(ac_state(target_temperature=13.5), message_id=3, beep=False)
    )
    assert fields["target_temperature"] == 13.5


@pytest.mark.parametrize(
    "state",
    [
        ac_state(mode=8),
        ac_state(mode=-1),
        ac_state(fan_speed=256),
        ac_state(target_temperature=12.5),
        ac_state(target_temperature=44.0),
        ac_state(target_temperature=float("nan")),
        ac_state(target_temperature=float("inf")),
        ac_state(target_temperature=-1e308),
    ],
)
def test_set_rejects_unencodable_states(state: AcState) -> None:
    with pytest.raises(MideaConfigError):
        build_set_frame(state, message_id=1, beep=False)


@pytest.mark.parametrize("message_id", [-1, 256])
def test_message_id_must_be_a_byte(message_id: int) -> None:
    with pytest.raises(MideaConfigError):
        build_query_frame(message_id)


def test_build_frame_limits() -> None:
    assert len(build_frame(0x03, bytes(244))) == 256
    with pytest.raises(MideaConfigError):
        build_frame(0x03, bytes(245))
    with pytest.raises(MideaConfigError):
        build_frame(0x03, b"\x41\x01", device_type=0x100)
    with pytest.raises(MideaConfigError):
        build_frame(0x103, b"\x41\x01")


@pytest.mark.parametrize(
    "frame",
    [
        vector_bytes("V01"),
        vector_bytes("V08"),
        build_frame(0x02, bytes.fromhex("40") + bytes(10)),
        build_frame(0x02, bytes.fromhex("41") + bytes(20)),
    ],
)
def test_decode_set_refuses_other_frames(frame: bytes) -> None:
    with pytest.raises(MideaProtocolError):
        decode_set_frame(frame)


def test_decode_set_of_a_short_frame_reports_absent_fields() -> None:
    fields = decode_set_frame(build_frame(0x02, bytes.fromhex("4003") + bytes(15) + b"\x09"))
    assert fields["alternate_target"] is None
    assert fields["target_humidity"] is None
    assert fields["frost_protection"] is None
    assert fields["message_id"] == 9


def test_decode_set_of_a_long_frame_reads_frost_protection() -> None:
    body = bytearray(25)
    body[0], body[19], body[21], body[24] = 0x40, 0xB2, 0x80, 0x11
    fields = decode_set_frame(build_frame(0x02, bytes(body)))
    assert (fields["frost_protection"], fields["target_humidity"]) == (True, 0x32)


def test_message_id_counter_cycles_1_to_254() -> None:
    counter = MessageIdCounter(253)
    assert [counter.next() for _ in range(4)] == [253, 254, 1, 2]
    assert MessageIdCounter().next() == 1


@pytest.mark.parametrize("start", [0, 255])
def test_message_id_counter_start_is_validated(start: int) -> None:
    with pytest.raises(MideaConfigError):
        MessageIdCounter(start)


@round_trip_settings
@given(
    state=st.builds(
        ac_state,
        power=st.booleans(),
        mode=st.integers(0, 7),
        target_temperature=st.integers(26, 87).map(lambda halves: halves / 2),
        fan_speed=st.integers(0, 127),
        swing_vertical=st.booleans(),
        swing_horizontal=st.booleans(),
        eco=st.booleans(),
        turbo=st.booleans(),
        sleep=st.booleans(),
        fahrenheit_display=st.booleans(),
    ),
    beep=st.booleans(),
    message_id=st.integers(0, 255),
)
def test_set_frame_round_trip(state: AcState, beep: bool, message_id: int) -> None:
    frame = build_set_frame(state, message_id=message_id, beep=beep)
    assert len(frame) == 33
    fields = decode_set_frame(frame)
    assert fields == fields | {
        "power": state.power,
        "control_source": True,
        "beep": beep,
        "mode": state.mode,
        "target_temperature": state.target_temperature,
        "fan_speed": state.fan_speed,
        "on_timer": 0x7F,
        "off_timer": 0x7F,
        "swing_vertical": state.swing_vertical,
        "swing_horizontal": state.swing_horizontal,
        "eco": state.eco,
        "turbo": state.turbo,
        "sleep": state.sleep,
        "fahrenheit_display": state.fahrenheit_display,
        "target_humidity": 0,
        "frost_protection": None,
        "message_id": message_id,
    }
