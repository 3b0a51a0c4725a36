"""The inputs every codec benchmark works on, ours and the peers' alike (standard library only)."""

from __future__ import annotations

from datetime import UTC, datetime

STAGE_NAMES = (
    "build query frame",
    "build SET frame",
    "wrap (m0 packet + signed CSV)",
    "encrypt (AES-CBC + hex)",
    "decrypt (hex + AES-CBC)",
    "unwrap (signed CSV + m0)",
    "parse C0 state",
    "one query, end to end",
    "one SET, end to end",
)

DATA_KEY = b"0123456789abcdef"
DATA_IV = b"fedcba9876543210"
APPLIANCE_ID = 123456789012345
SEQUENCE = 1
MESSAGE_ID = 1
MOMENT = datetime(2026, 1, 1, 12, 0, 5, 250000, tzinfo=UTC)

# A C0 state reply (docs/protocol.md §16): cooling at 24 °C, fan auto, indoor 26 °C.
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
