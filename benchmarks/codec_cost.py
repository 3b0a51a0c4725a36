"""Our codec's cost of one query and one SET, stage by stage (build, wrap, encrypt, decrypt, ...).

Run alone: .venv/bin/python -m benchmarks.codec_cost [--repeat 5] [--number 20000]
``scripts/bench`` runs the same stages next to the peers' (benchmarks/peers/codec_stages.py).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from custom_components.midea_cloud.codec.crypto import SessionKeys
from custom_components.midea_cloud.codec.frames import build_query_frame, build_set_frame
from custom_components.midea_cloud.codec.order import decode_reply, decode_reply_frame, encode_order
from custom_components.midea_cloud.codec.packet import build_packet, unwrap_packet
from custom_components.midea_cloud.codec.signed_csv import from_signed_csv, to_signed_csv
from custom_components.midea_cloud.codec.state import parse_state_frame

from .timing import median, per_call_us
from .vectors import (
    APPLIANCE_ID,
    DATA_IV,
    DATA_KEY,
    MESSAGE_ID,
    MOMENT,
    REPLY_FRAME,
    REPLY_PACKET,
    SEQUENCE,
    STAGE_NAMES,
)

KEYS = SessionKeys(DATA_KEY, DATA_IV)
QUERY_PACKET = build_packet(build_query_frame(MESSAGE_ID), APPLIANCE_ID, SEQUENCE, MOMENT)
QUERY_TEXT = to_signed_csv(QUERY_PACKET).encode("ascii")
REPLY_HEX = encode_order(KEYS, REPLY_PACKET)
REPLY_TEXT = KEYS.decrypt(REPLY_HEX).decode("ascii")
STATE = parse_state_frame(REPLY_FRAME)


def _send(frame: bytes) -> str:
    """What the client does before posting: wrap, then encrypt into ``order``."""
    return encode_order(KEYS, build_packet(frame, APPLIANCE_ID, SEQUENCE, MOMENT))


def _receive(reply: str) -> object:
    """What the client does with ``result.reply``: decrypt, unwrap, parse."""
    return parse_state_frame(decode_reply_frame(KEYS, reply))


STAGES: dict[str, Callable[[], object]] = {
    "build query frame": lambda: build_query_frame(MESSAGE_ID),
    "build SET frame": lambda: build_set_frame(STATE, message_id=MESSAGE_ID, beep=False),
    "wrap (m0 packet + signed CSV)": lambda: to_signed_csv(
        build_packet(REPLY_FRAME, APPLIANCE_ID, SEQUENCE, MOMENT)
    ),
    "encrypt (AES-CBC + hex)": lambda: KEYS.encrypt(QUERY_TEXT),
    "decrypt (hex + AES-CBC)": lambda: KEYS.decrypt(REPLY_HEX),
    "unwrap (signed CSV + m0)": lambda: unwrap_packet(from_signed_csv(REPLY_TEXT)),
    "parse C0 state": lambda: parse_state_frame(REPLY_FRAME),
    "one query, end to end": lambda: (_send(build_query_frame(MESSAGE_ID)), _receive(REPLY_HEX)),
    "one SET, end to end": lambda: (
        _send(build_set_frame(STATE, message_id=MESSAGE_ID, beep=False)),
        _receive(REPLY_HEX),
    ),
}
assert tuple(STAGES) == STAGE_NAMES
assert decode_reply(KEYS, REPLY_HEX) == REPLY_PACKET


def measure_once(number: int) -> dict[str, float]:
    """µs per call of every stage, one run of ``number`` calls each."""
    return {name: per_call_us(stage, number) for name, stage in STAGES.items()}


def main() -> None:
    """Print the median of the repeats for every stage."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--number", type=int, default=20000)
    args = parser.parse_args()
    runs = [measure_once(args.number) for _ in range(args.repeat)]
    print(f"{'stage':<34} {'µs (median of ' + str(args.repeat) + ')':>20}")
    for name in STAGE_NAMES:
        print(f"{name:<34} {median([run[name] for run in runs]):>20.2f}")


if __name__ == "__main__":
    main()
