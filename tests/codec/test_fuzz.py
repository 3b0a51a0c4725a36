"""Arbitrary network input only ever raises MideaProtocolError (size: MIDEA_FUZZ_EXAMPLES)."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, strategies as st

from custom_components.midea_cloud.codec.crypto import SessionKeys
from custom_components.midea_cloud.codec.describe import describe_hex
from custom_components.midea_cloud.codec.errors import MideaProtocolError
from custom_components.midea_cloud.codec.frames import (
    Frame,
    crc8,
    decode_set_frame,
    frame_checksum,
    parse_frame,
)
from custom_components.midea_cloud.codec.model import AcState
from custom_components.midea_cloud.codec.order import decode_reply_frame
from custom_components.midea_cloud.codec.packet import unwrap_packet
from custom_components.midea_cloud.codec.signed_csv import from_signed_csv, to_signed_csv
from custom_components.midea_cloud.codec.state import parse_state_body, parse_state_frame

from .helpers import fuzz_settings

KEYS = SessionKeys(b"0123456789abcdef", b"fedcba9876543210")
AC_HEADERS = (bytes.fromhex("ac00000000000303"), bytes.fromhex("ac00000000000002"))


@st.composite
def frames(draw: st.DrawFn, bodies: st.SearchStrategy[bytes] | None = None) -> bytes:
    """Mostly well-formed frames with random content, sometimes damaged."""
    header = draw(st.sampled_from((*AC_HEADERS, None))) or draw(st.binary(min_size=8, max_size=8))
    body = draw(bodies if bodies is not None else st.binary(max_size=40))
    check = draw(st.sampled_from((crc8(body), -sum(body) & 0xFF, draw(st.integers(0, 255)))))
    unchecked = b"\xaa" + bytes(((len(body) + 11) & 0xFF,)) + header + body + bytes((check,))
    frame = bytearray(unchecked + bytes((frame_checksum(unchecked[1:]),)))
    for _ in range(draw(st.sampled_from((0, 0, 0, 0, 0, 0, 1, 2)))):
        frame[draw(st.integers(0, len(frame) - 1))] = draw(st.integers(0, 255))
    if draw(st.integers(0, 9)) == 0:
        del frame[draw(st.integers(0, len(frame))) :]
    return bytes(frame)


def _bodies(body_type: int) -> st.SearchStrategy[bytes]:
    """Bodies of one type with a uniformly drawn length (Hypothesis favours short binaries)."""
    sizes = st.integers(8, 30)
    return sizes.flatmap(lambda size: st.binary(min_size=size, max_size=size)).map(
        lambda rest: bytes((body_type,)) + rest
    )


STATE_BODIES = _bodies(0xC0)
SET_BODIES = _bodies(0x40)
ANY_FRAMES = st.one_of(st.binary(max_size=80), frames(), frames(STATE_BODIES), frames(SET_BODIES))
PACKETS = st.one_of(
    st.binary(max_size=120),
    st.tuples(st.binary(min_size=38, max_size=38), ANY_FRAMES, st.binary(max_size=20)).map(
        lambda parts: b"\x5a\x5a" + parts[0] + parts[1] + parts[2]
    ),
)
HEX_TEXT = st.one_of(
    st.text(max_size=80),
    st.text(alphabet="0123456789abcdefABCDEF \n\t:x", max_size=200),
    st.one_of(ANY_FRAMES, PACKETS).map(bytes.hex),
)


def _ciphertexts() -> st.SearchStrategy[str]:
    encrypted = st.binary(max_size=60).map(KEYS.encrypt)
    damaged = st.tuples(encrypted, st.integers(0, 200), st.sampled_from("0f8z ")).map(
        lambda parts: parts[0][: parts[1]] + parts[2] + parts[0][parts[1] + 1 :]
    )
    blocks = st.integers(0, 4).flatmap(lambda n: st.binary(min_size=16 * n, max_size=16 * n))
    return st.one_of(st.text(max_size=80), damaged, blocks.map(bytes.hex))


CSV_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="-0123456789,+ _\u0661", max_size=60),
    st.lists(st.integers(-300, 300), max_size=30).map(lambda items: ",".join(map(str, items))),
)
REPLIES = st.one_of(
    _ciphertexts(),
    PACKETS.map(lambda packet: KEYS.encrypt(to_signed_csv(packet).encode())),
    CSV_TEXT.map(lambda text: KEYS.encrypt(text.encode())),
)


def _only_protocol_errors[T](parse: Callable[[T], object], value: T) -> object:
    try:
        return parse(value)
    except MideaProtocolError:
        return None


@fuzz_settings
@given(ANY_FRAMES)
def test_parse_frame(data: bytes) -> None:
    result = _only_protocol_errors(parse_frame, data)
    assert result is None or (isinstance(result, Frame) and result.raw == data)


@fuzz_settings
@given(st.one_of(ANY_FRAMES, frames(STATE_BODIES)))
def test_parse_state_frame(data: bytes) -> None:
    assert isinstance(_only_protocol_errors(parse_state_frame, data), AcState | None)


@fuzz_settings
@given(st.one_of(st.binary(max_size=40), STATE_BODIES))
def test_parse_state_body(data: bytes) -> None:
    assert isinstance(_only_protocol_errors(parse_state_body, data), AcState | None)


@fuzz_settings
@given(st.one_of(ANY_FRAMES, frames(SET_BODIES)))
def test_decode_set_frame(data: bytes) -> None:
    assert isinstance(_only_protocol_errors(decode_set_frame, data), dict | None)


@fuzz_settings
@given(PACKETS)
def test_unwrap_packet(data: bytes) -> None:
    result = _only_protocol_errors(unwrap_packet, data)
    assert result is None or (isinstance(result, bytes) and result[0] == 0xAA)


@fuzz_settings
@given(CSV_TEXT)
def test_from_signed_csv(text: str) -> None:
    assert isinstance(_only_protocol_errors(from_signed_csv, text), bytes | None)


@fuzz_settings
@given(_ciphertexts())
def test_session_decrypt(text: str) -> None:
    assert isinstance(_only_protocol_errors(KEYS.decrypt, text), bytes | None)


@fuzz_settings
@given(REPLIES)
def test_decode_reply_frame(text: str) -> None:
    assert isinstance(
        _only_protocol_errors(lambda reply: decode_reply_frame(KEYS, reply), text), bytes | None
    )


@fuzz_settings
@given(HEX_TEXT)
def test_describe_hex(text: str) -> None:
    assert isinstance(_only_protocol_errors(describe_hex, text), dict | None)
