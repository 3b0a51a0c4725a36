"""The order / reply pipeline (D6; V47, V48, V53; docs/protocol.md §16 example 4 and 16.5)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, strategies as st
import pytest

from custom_components.midea_cloud.codec.crypto import SessionKeys, derive_cbc_keys
from custom_components.midea_cloud.codec.errors import MideaProtocolError
from custom_components.midea_cloud.codec.frames import build_query_frame
from custom_components.midea_cloud.codec.order import (
    decode_reply,
    decode_reply_frame,
    encode_order,
)
from custom_components.midea_cloud.codec.packet import build_packet
from custom_components.midea_cloud.codec.signing import sign
from custom_components.midea_cloud.codec.state import parse_state_frame

from .helpers import round_trip_settings, vector, vector_bytes

V51 = vector("V51")["decoded"]
KEYS = derive_cbc_keys(V51["app_key"], V51["access_token"], V51["random_data"])
APPLIANCE_ID = "123456789012345"

EXAMPLE_ORDER = (
    "5e0de20f5c21b48c654488764075458d3fd419cc880a0ef547d7fc8e17984e95f2bae0417536f1c471b3877bb5bb"
    "8d6a11720fc696cf1294c0c6905fa582f12872284addd09e246305c3f499cc5d468f5ed4d2ffcef9cb47d0ec6e66"
    "59b3f3d068189caae04a1de6b84e0e61ebd3658a40a427cbe584785ae2f6a7c24e04eabddf670093f74785636457"
    "cbd2e56c6de08f50ff582b5d7a1d7ffd307787ca638f5d1902d4a4546ae41f844f2915e039caaaf817dc88bba4f6"
    "0c458699b608d412cfbe61b63c5987e5c81560562a9700cf855f7ec149c8b410c6102c537e2166a6"
)
EXAMPLE_REPLY_PACKET = (
    "5a5a01005b00208001000000000000000000000079df0d8648700000000000000000000000000000"
    "aa22ac00000000000303c00148667f7f0030000004657500000000000000000069ec5c"
    "00000000000000000000000000000000"
)
EXAMPLE_REPLY = (
    "47a2bc7100a0c453bf3cf91a0fc7696a6ba4f0939eb4c2b504b9892ed1dd57b7e1cf40a72afbe93b28e695f35d44"
    "7ab3995e6d56f2e9279de4169b4ca4427a69ed91009900f693a36235197031f3ede42b36c59d1fb7ef9cfabf5e81"
    "2752525fcc990bca5e746ac318c1ae4565c7e6763fe79b54b6886d335747fba6d8df2b4f5d5a4f684bed8bec87fa"
    "81f4e45d4ac21002d23283ae2960396a773d3a48a1b4728a52b91dd133703a22c1cd9676cf58de9eca4e2b72a1f8"
    "c040409065a86045f93dd1c3f911332a9da22dc0dc4872ce47550ab775efb52d3391fc5c0460f5b3"
)


def test_example_4_order_and_sign() -> None:
    moment = datetime(2026, 1, 1, 12, 0, 5, 250_000, tzinfo=UTC)
    packet = build_packet(build_query_frame(1), int(APPLIANCE_ID), 1, moment)
    order = encode_order(KEYS, packet)
    assert order == EXAMPLE_ORDER
    params = {
        "appId": "1117",
        "src": "17",
        "format": "2",
        "clientType": "1",
        "language": "en_US",
        "stamp": "20260101120000",
        "sessionId": "SESSION456",
        "applianceId": APPLIANCE_ID,
        "funId": "0008",
        "order": order,
    }
    assert sign("/v1/appliance/transparent/send/new", params, V51["app_key"]) == (
        "b0c813f32e0a799fc54d5e137110637cc09dc5bdc43b5d5135087fa0d108fb2b"
    )


def test_example_5_reply() -> None:
    packet = bytes.fromhex(EXAMPLE_REPLY_PACKET)
    assert encode_order(KEYS, packet) == EXAMPLE_REPLY
    assert decode_reply(KEYS, EXAMPLE_REPLY) == packet
    frame = decode_reply_frame(KEYS, EXAMPLE_REPLY)
    assert frame == vector_bytes("V18")
    assert parse_state_frame(frame) == parse_state_frame(vector_bytes("V18"))


def test_v53_order_of_a_peer_packet() -> None:
    data = vector("V53")["decoded"]
    assert encode_order(KEYS, bytes.fromhex(data["m0_packet_hex"])) == vector("V53")["hex"]
    assert decode_reply(KEYS, vector("V53")["hex"]) == vector_bytes("V43")


def test_v47_v48_ecb_session() -> None:
    order_keys = SessionKeys(vector("V47")["decoded"]["data_key_ascii"].encode(), None)
    assert encode_order(order_keys, vector_bytes("V40")) == vector("V47")["hex"]
    reply_keys = SessionKeys(vector("V48")["decoded"]["data_key_ascii"].encode(), None)
    assert decode_reply(reply_keys, vector("V48")["hex"]) == vector_bytes("V41")
    assert decode_reply_frame(reply_keys, vector("V48")["hex"]) == bytes.fromhex(
        vector("V41")["decoded"]["frame"]
    )


@pytest.mark.parametrize("plain", [b"caf\xc3\xa9", b"1,2,x", b"90,90,1", b"-86,9,2", b""])
def test_malformed_replies_are_protocol_errors(plain: bytes) -> None:
    with pytest.raises(MideaProtocolError):
        decode_reply_frame(KEYS, KEYS.encrypt(plain))


@round_trip_settings
@given(st.binary(max_size=200))
def test_order_round_trip(packet: bytes) -> None:
    assert decode_reply(KEYS, encode_order(KEYS, packet)) == packet
