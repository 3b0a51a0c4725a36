"""The ``order`` and ``reply`` of MSmartHome's transparent/send: two framings, two CSV kinds.

docs/msmarthome.md §6.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
import hashlib
import struct

from .crypto import SessionKeys
from .errors import MideaConfigError
from .frames import parse_frame
from .order import decode_reply_frame
from .signed_csv import to_signed_csv

WRAPPER_HEADER_SIZE = 40
WRAPPER_TRAILER_SIZE = 16
MAX_APPLIANCE_CODE = (1 << 48) - 1
# magic, message type 01 11, total length, flags 00 00, message id, timestamp (zeros), code LE48
_WRAPPER_HEADER = struct.Struct("<2s2sH2s4x8x6s14x")
_WRAPPER_SIGN_KEY = b"xhdiwjnchekd4d512chdjx5d8e4c394D2D7S"


class Framing(StrEnum):
    """What the CSV inside ``order`` carries."""

    RAW = "raw"
    """The bare 0xAA frame."""
    WRAPPED = "wrapped"
    """The frame inside a 0x5A5A wrapper with an md5 trailer."""


@dataclass(frozen=True, slots=True)
class RelayVariant:
    """One way of writing an ``order``; replies are read whatever the variant."""

    framing: Framing
    signed_csv: bool


PRIMARY_VARIANT = RelayVariant(Framing.RAW, signed_csv=True)
FALLBACK_VARIANT = RelayVariant(Framing.WRAPPED, signed_csv=False)


def other_variant(variant: RelayVariant) -> RelayVariant:
    """The variant to try once when the cloud answers 1000 to ``variant``."""
    return FALLBACK_VARIANT if variant == PRIMARY_VARIANT else PRIMARY_VARIANT


def wrap_frame(frame: bytes, appliance_code: int) -> bytes:
    """The 0x5A5A wrapper around ``frame``; arguments that do not fit raise MideaConfigError."""
    if not 0 <= appliance_code <= MAX_APPLIANCE_CODE:
        raise MideaConfigError("appliance code does not fit in 48 bits")
    total = WRAPPER_HEADER_SIZE + len(frame) + WRAPPER_TRAILER_SIZE
    if total > 0xFFFF:
        raise MideaConfigError("frame too long for a wrapper")
    header = _WRAPPER_HEADER.pack(
        b"\x5a\x5a", b"\x01\x11", total, b"\x00\x00", appliance_code.to_bytes(6, "little")
    )
    unsigned = header + frame
    return unsigned + hashlib.md5(unsigned + _WRAPPER_SIGN_KEY, usedforsecurity=False).digest()


def to_unsigned_csv(data: bytes) -> str:
    """Each byte as decimal text 0..255, joined by commas."""
    return ",".join(map(str, data))


def encode_relay_order(
    keys: SessionKeys, frame: bytes, *, framing: Framing, signed_csv: bool, appliance_code: int
) -> str:
    """The ``order`` field carrying ``frame`` (``appliance_code`` is used by WRAPPED only)."""
    payload = wrap_frame(frame, appliance_code) if framing is Framing.WRAPPED else frame
    text = to_signed_csv(payload) if signed_csv else to_unsigned_csv(payload)
    return keys.encrypt(text.encode("ascii"))


def decode_relay_reply(keys: SessionKeys, reply: str) -> bytes:
    """The validated 0xAA frame of a ``reply`` in either framing and either CSV kind.

    Anything malformed (hex, padding, text, CSV, wrapper, frame checks) raises
    MideaProtocolError; the wrapper's md5 trailer is not required.
    """
    return parse_frame(decode_reply_frame(keys, reply)).raw
