"""Codec cost of one query and one SET: build, wrap, encrypt, decrypt, unwrap, parse (in µs).

Run: .venv/bin/python -m benchmarks.codec_cost [--repeat 5] [--number 20000]
Prints the median of the repeats for each stage and for the whole round trip.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
import statistics
import timeit

from custom_components.midea_cloud.codec.crypto import SessionKeys
from custom_components.midea_cloud.codec.frames import build_query_frame, build_set_frame
from custom_components.midea_cloud.codec.packet import build_packet, unwrap_packet
from custom_components.midea_cloud.codec.signed_csv import from_signed_csv, to_signed_csv
from custom_components.midea_cloud.codec.state import parse_state_frame

KEYS = SessionKeys(b"0123456789abcdef", b"fedcba9876543210")
APPLIANCE = 123456789012345
MOMENT = datetime(2026, 1, 1, 12, 0, 5, 250000, tzinfo=UTC)
REPLY_FRAME = bytes.fromhex(
    "aa22ac00000000000303c00148667f7f0030000004657500000000000000000069ec5c"
)
REPLY_PACKET = (
    bytes.fromhex(
        "5a5a01005b0020800100000000000000000000000000000000000000000000000000000000000000"
    )
    + REPLY_FRAME
    + bytes(16)
)
REPLY_HEX = KEYS.encrypt(to_signed_csv(REPLY_PACKET).encode("ascii"))
STATE = parse_state_frame(REPLY_FRAME)


def send_half(frame: bytes) -> str:
    """Wrap and encrypt a frame into the ``order`` parameter."""
    packet = build_packet(frame, APPLIANCE, 1, MOMENT)
    return KEYS.encrypt(to_signed_csv(packet).encode("ascii"))


def receive_half(reply: str) -> object:
    """Decrypt, unwrap and parse a reply."""
    return parse_state_frame(unwrap_packet(from_signed_csv(KEYS.decrypt(reply).decode("ascii"))))


STAGES: dict[str, Callable[[], object]] = {
    "build query frame": lambda: build_query_frame(1),
    "build SET frame": lambda: build_set_frame(STATE, message_id=1, beep=False),
    "wrap (m0 packet + signed CSV)": lambda: to_signed_csv(
        build_packet(REPLY_FRAME, APPLIANCE, 1, MOMENT)
    ),
    "encrypt (AES-CBC + hex)": lambda: KEYS.encrypt(b"90,90,1,0" * 30),
    "decrypt reply (hex + AES-CBC)": lambda: KEYS.decrypt(REPLY_HEX),
    "unwrap (CSV + m0)": lambda: unwrap_packet(
        from_signed_csv(KEYS.decrypt(REPLY_HEX).decode("ascii"))
    ),
    "parse C0 state": lambda: parse_state_frame(REPLY_FRAME),
    "one query, end to end": lambda: (send_half(build_query_frame(1)), receive_half(REPLY_HEX)),
    "one SET, end to end": lambda: (
        send_half(build_set_frame(STATE, message_id=1, beep=False)),
        receive_half(REPLY_HEX),
    ),
}


def measure(stage: Callable[[], object], number: int, repeat: int) -> float:
    """Median µs per call over ``repeat`` runs of ``number`` calls."""
    runs = timeit.repeat(stage, number=number, repeat=repeat)
    return statistics.median(runs) / number * 1e6


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--number", type=int, default=20000)
    args = parser.parse_args()
    print(f"{'stage':<34} {'µs (median of ' + str(args.repeat) + ')':>20}")
    for name, stage in STAGES.items():
        print(f"{name:<34} {measure(stage, args.number, args.repeat):>20.2f}")


if __name__ == "__main__":
    main()
