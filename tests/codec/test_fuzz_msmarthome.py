"""MSmartHome network input only ever raises MideaProtocolError (size: MIDEA_FUZZ_EXAMPLES)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from custom_components.midea_cloud.codec.errors import MideaProtocolError
from custom_components.midea_cloud.codec.frames import parse_frame
from custom_components.midea_cloud.codec.lua_status import LuaReadings, parse_lua_status
from custom_components.midea_cloud.codec.msmarthome import parse_mas_url
from custom_components.midea_cloud.codec.proxy_relay import (
    Framing,
    decode_relay_reply,
    encode_relay_order,
    to_unsigned_csv,
    wrap_frame,
)
from custom_components.midea_cloud.codec.signed_csv import to_signed_csv

from .helpers import fuzz_settings, round_trip_settings
from .test_fuzz import ANY_FRAMES, KEYS, PACKETS, REPLIES, STATE_BODIES, frames

WRAPPERS = st.tuples(ANY_FRAMES, st.integers(0, (1 << 48) - 1), st.booleans()).map(
    lambda parts: wrap_frame(parts[0], parts[1])[: None if parts[2] else -16]
)
PAYLOADS = st.one_of(ANY_FRAMES, PACKETS, WRAPPERS)
RELAY_REPLIES = st.one_of(
    REPLIES,
    PAYLOADS.map(lambda payload: KEYS.encrypt(to_unsigned_csv(payload).encode())),
    PAYLOADS.map(lambda payload: KEYS.encrypt(to_signed_csv(payload).encode())),
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(alphabet="0123456789.-+eEnaif _x", max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
STATUSES = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries(
        {},
        optional={
            "real_time_power": JSON_VALUES,
            "total_elec": JSON_VALUES,
            "indoor_humidity": JSON_VALUES,
        },
    ),
)


@fuzz_settings
@given(RELAY_REPLIES)
def test_decode_relay_reply(reply: str) -> None:
    try:
        frame = decode_relay_reply(KEYS, reply)
    except MideaProtocolError:
        return
    assert parse_frame(frame).raw == frame


@round_trip_settings
@given(
    st.one_of(frames(), frames(STATE_BODIES)),
    st.sampled_from(Framing),
    st.booleans(),
    st.integers(0, (1 << 48) - 1),
)
def test_every_valid_frame_reads_back_from_every_variant(
    frame: bytes, framing: Framing, signed_csv: bool, appliance_code: int
) -> None:
    try:
        parse_frame(frame)
    except MideaProtocolError:
        return
    order = encode_relay_order(
        KEYS, frame, framing=framing, signed_csv=signed_csv, appliance_code=appliance_code
    )
    assert decode_relay_reply(KEYS, order) == frame


@fuzz_settings
@given(STATUSES)
def test_parse_lua_status(status: object) -> None:
    readings = parse_lua_status(status)
    assert isinstance(readings, LuaReadings)
    assert readings.humidity is None or 0 <= readings.humidity <= 100
    assert readings.power_w is None or readings.power_w >= 0
    assert readings.energy_kwh is None or readings.energy_kwh >= 0


@fuzz_settings
@given(st.one_of(st.text(max_size=60), st.text(alphabet="htps:/[]@:1.?=a", max_size=40)))
def test_parse_mas_url(value: str) -> None:
    result = parse_mas_url(value)
    assert result is None or result == value
