"""At least 100 000 mutated inputs per target: only the codec's protocol error ever comes out.

Seeded and repeatable; MIDEA_FUZZ_INPUTS sets the count per target (the long run is part of
scripts/soak), MIDEA_FUZZ_SEED another sequence.
"""

from __future__ import annotations

from collections.abc import Callable
import contextlib
import io
import json

from custom_components.midea_cloud.cli import ExitCode, main
from custom_components.midea_cloud.codec.crypto import SessionKeys
from custom_components.midea_cloud.codec.errors import MideaProtocolError
from custom_components.midea_cloud.codec.frames import parse_frame
from custom_components.midea_cloud.codec.order import decode_reply_frame
from custom_components.midea_cloud.codec.packet import unwrap_packet
from custom_components.midea_cloud.codec.signed_csv import from_signed_csv, to_signed_csv
from custom_components.midea_cloud.codec.state import parse_state_frame

from .mutations import INPUTS_PER_TARGET, mutated

STATE_FRAMES = [
    bytes.fromhex("aa22ac00000000000303c00148667f7f0030000004657500000000000000000069ec5c"),
    bytes.fromhex("aa23ac00000000000203c00188647f7f000000000067450c00750000000000000001a3b0"),
]
OTHER_FRAMES = [
    bytes.fromhex("aa20ac00000000000003418100ff03ff00020000000000000000000000000171fa"),
    bytes.fromhex("aa20ac00000000000002404348667f7f0030000000000000000000000000018c46"),
    bytes.fromhex("aa20a100000000000303412100ff030000020000000000000000000000000b24a4"),
    bytes.fromhex("aa0fac00000000000003b5010001e5a6"),
]
PACKETS = [
    bytes.fromhex("5a5a01005b002080010000000000000000000000") + bytes(20) + frame + bytes(16)
    for frame in STATE_FRAMES + OTHER_FRAMES
]
KEYS = SessionKeys(b"0123456789abcdef", b"fedcba9876543210")


def only_protocol_errors(parse: Callable[[bytes], object], inputs: list[bytes]) -> int:
    """Feed every input; return how many were accepted. Anything but MideaProtocolError fails."""
    accepted = 0
    for data in inputs:
        try:
            parse(data)
        except MideaProtocolError:
            continue
        accepted += 1
    return accepted


def test_frame_parser() -> None:
    inputs = list(mutated(STATE_FRAMES + OTHER_FRAMES, "frame"))
    accepted = only_protocol_errors(parse_frame, inputs)
    assert 0 < accepted < len(inputs)  # the mutations reach both outcomes


def test_state_parser() -> None:
    inputs = list(mutated(STATE_FRAMES, "state"))
    assert 0 < only_protocol_errors(parse_state_frame, inputs) < len(inputs)


def test_packet_unwrap() -> None:
    inputs = list(mutated(PACKETS, "packet"))
    assert 0 < only_protocol_errors(unwrap_packet, inputs) < len(inputs)


def test_csv_decoder() -> None:
    texts = [to_signed_csv(packet).encode("ascii") for packet in PACKETS[:3]]
    inputs = list(mutated(texts, "csv"))
    accepted = only_protocol_errors(lambda raw: from_signed_csv(raw.decode("latin-1")), inputs)
    assert 0 < accepted < len(inputs)


def test_reply_decryption() -> None:
    """Mutated ciphertexts, and well-encrypted mutated plaintexts that reach the inner decoders."""
    replies = [KEYS.encrypt(to_signed_csv(packet).encode("ascii")) for packet in PACKETS]
    half = INPUTS_PER_TARGET // 2
    damaged = [
        text.hex() for text in mutated([reply.encode("ascii") for reply in replies], "cipher", half)
    ]
    damaged += [
        KEYS.encrypt(plain)
        for plain in mutated([to_signed_csv(p).encode("ascii") for p in PACKETS], "plain", half)
    ]
    encoded = [text.encode("latin-1") for text in damaged]
    accepted = only_protocol_errors(
        lambda raw: parse_frame(decode_reply_frame(KEYS, raw.decode("latin-1"))), encoded
    )
    assert 0 < accepted < len(encoded)


def test_cli_decode() -> None:
    """--decode answers every input with JSON (exit 0) or one usage error line (exit 2), no
    traceback."""
    outcomes = {ExitCode.OK: 0, ExitCode.USAGE: 0}
    for data in mutated(STATE_FRAMES + OTHER_FRAMES + PACKETS, "cli"):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["--decode", data.hex()], out)
        outcomes[ExitCode(code)] += 1
        if code == ExitCode.OK:
            json.loads(out.getvalue())
        else:
            assert err.getvalue().startswith("error: ")
            assert err.getvalue().count("\n") == 1
    assert outcomes[ExitCode.OK] > 0
    assert outcomes[ExitCode.USAGE] > 0
