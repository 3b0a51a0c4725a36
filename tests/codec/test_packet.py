"""The 0x5A5A transport packet (D7; V40, V41, V43, V44, V66; docs/protocol.md §16 example 4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, strategies as st
import pytest

from custom_components.midea_cloud.codec.errors import MideaConfigError, MideaProtocolError
from custom_components.midea_cloud.codec.frames import build_query_frame
from custom_components.midea_cloud.codec.packet import (
    SequenceCounter,
    build_packet,
    decode_timestamp,
    encode_timestamp,
    parse_packet,
    unwrap_packet,
)

from .helpers import round_trip_settings, vector, vector_bytes

EXAMPLE_PACKET = (
    "5a5a010059002000010000001905000c01011a1479df0d8648700000000000000000000000000000"
    "aa20ac00000000000003418100ff03ff00020000000000000000000000000171fa"
    "00000000000000000000000000000000"
)


def test_v40_captured_request() -> None:
    data = vector("V40")["decoded"]
    frame = bytes.fromhex(data["frame"])
    stamp = bytes.fromhex(data["timestamp8"])
    packet = build_packet(frame, data["device_id_LE48"], data["msg_id_LE32"], stamp)
    assert packet == vector_bytes("V40")
    moment = datetime(2018, 10, 13, 9, 17, 36, 390_000, tzinfo=UTC)
    assert encode_timestamp(moment) == stamp
    assert build_packet(frame, data["device_id_LE48"], 1, moment) == vector_bytes("V40")
    assert unwrap_packet(vector_bytes("V40")) == frame


def test_v41_captured_reply() -> None:
    data = vector("V41")["decoded"]
    packet = parse_packet(vector_bytes("V41"))
    assert packet.frame == bytes.fromhex(data["frame"])
    assert packet.flags == b"\x20\x80"
    assert packet.length_field == data["len_field_LE16"] == len(vector_bytes("V41"))
    assert packet.appliance_id == data["device_id_LE48"]
    assert packet.reserved.hex() == data["bytes26_39"]
    assert packet.trailer.hex() == data["trailer16"]
    assert unwrap_packet(vector_bytes("V41")) == bytes.fromhex(data["frame"])


def test_v43_generated_with_raw_timestamp() -> None:
    inputs = vector("V43")["decoded"]["inputs"]
    frame = bytes.fromhex(vector("V43")["decoded"]["frame"])
    packet = build_packet(
        frame, inputs["appliance_id"], inputs["seq"], bytes.fromhex(inputs["timestamp"])
    )
    assert packet == vector_bytes("V43")
    assert len(packet) == len(frame) + 56


def test_v44_non_standard_header_is_unwrapped() -> None:
    data = vector("V44")["decoded"]
    packet = parse_packet(vector_bytes("V44"))
    assert packet.message_type == b"\x01\x11"
    assert packet.sequence == 0
    assert packet.appliance_id == data["device_id_LE48"]
    assert packet.reserved[0] == 0x0A
    assert packet.frame == bytes.fromhex(data["frame"])


def test_v66_project_layout_differs_from_coolth() -> None:
    moment = datetime(2026, 8, 19, 19, 7, 30, 100_000, tzinfo=UTC)
    assert encode_timestamp(moment).hex() == "0a1e071313081a14"
    assert encode_timestamp(moment) != vector_bytes("V66")
    packet = build_packet(b"\xaa\x01", 1, 1, vector_bytes("V66"))
    assert packet[12:20] == vector_bytes("V66")


def test_example_4_query_packet() -> None:
    moment = datetime(2026, 1, 1, 12, 0, 5, 250_000, tzinfo=UTC)
    assert encode_timestamp(moment).hex() == "1905000c01011a14"
    packet = build_packet(build_query_frame(1), 123456789012345, 1, moment)
    assert packet.hex() == EXAMPLE_PACKET
    assert len(packet) == 89


def test_timestamp_is_converted_to_utc() -> None:
    local = datetime(2026, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    assert encode_timestamp(local) == encode_timestamp(datetime(2025, 12, 31, 23, 30, tzinfo=UTC))
    assert encode_timestamp(datetime(2025, 12, 31, 23, 30)) == encode_timestamp(
        datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    )


@pytest.mark.parametrize(
    "raw",
    ["", "00" * 7, "64000000010119" + "14", "0000000000001a14", "00000018010c1a14", "0000003c00"],
)
def test_decode_timestamp_of_invalid_bytes_is_none(raw: str) -> None:
    assert decode_timestamp(bytes.fromhex(raw)) is None


@pytest.mark.parametrize(
    ("appliance_id", "sequence", "timestamp"),
    [
        (1 << 48, 1, bytes(8)),
        (-1, 1, bytes(8)),
        (1, 1 << 32, bytes(8)),
        (1, -1, bytes(8)),
        (1, 1, bytes(7)),
        (1, 1, bytes(9)),
    ],
)
def test_build_rejects_out_of_range_arguments(
    appliance_id: int, sequence: int, timestamp: bytes
) -> None:
    with pytest.raises(MideaConfigError):
        build_packet(b"\xaa\x01", appliance_id, sequence, timestamp)


def test_build_accepts_the_largest_values() -> None:
    packet = build_packet(b"\xaa\x01", (1 << 48) - 1, 0xFFFFFFFF, bytes(8))
    parsed = parse_packet(packet)
    assert (parsed.appliance_id, parsed.sequence) == ((1 << 48) - 1, 0xFFFFFFFF)


def test_build_rejects_a_frame_too_long_for_the_length_field() -> None:
    with pytest.raises(MideaConfigError):
        build_packet(bytes(0xFFFF - 55), 1, 1, bytes(8))


def test_bare_frame_is_accepted() -> None:
    frame = build_query_frame(9)
    assert unwrap_packet(frame) == frame
    assert unwrap_packet(frame + b"\x00\x00") == frame


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x5a",
        b"\x5a\x5a" + bytes(40),
        b"\x5a\x5a" + bytes(38) + b"\xaa",
        b"\x5a\x5a" + bytes(38) + b"\xaa\x05\x00",
        b"\xaa",
        b"\xaa\x05\x00",
        b"\x00" * 60,
    ],
)
def test_unwrap_rejects_malformed_packets(data: bytes) -> None:
    with pytest.raises(MideaProtocolError):
        unwrap_packet(data)


def test_sequence_counter_wraps_to_1() -> None:
    counter = SequenceCounter(0xFFFFFFFE)
    assert [counter.next() for _ in range(3)] == [0xFFFFFFFE, 0xFFFFFFFF, 1]
    assert SequenceCounter().next() == 1


@pytest.mark.parametrize("start", [0, 1 << 32])
def test_sequence_counter_start_is_validated(start: int) -> None:
    with pytest.raises(MideaConfigError):
        SequenceCounter(start)


@round_trip_settings
@given(
    frame_body=st.binary(max_size=250),
    appliance_id=st.integers(0, (1 << 48) - 1),
    sequence=st.integers(0, 0xFFFFFFFF),
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
    ),
)
def test_packet_round_trip(
    frame_body: bytes, appliance_id: int, sequence: int, moment: datetime
) -> None:
    frame = bytes((0xAA, len(frame_body) + 1)) + frame_body
    packet = parse_packet(build_packet(frame, appliance_id, sequence, moment))
    assert packet.frame == frame
    assert (packet.appliance_id, packet.sequence) == (appliance_id, sequence)
    assert packet.length_field == len(frame) + 56
    assert decode_timestamp(packet.timestamp) == moment.replace(
        microsecond=moment.microsecond // 10_000 * 10_000
    )
