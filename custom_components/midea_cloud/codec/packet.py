"""The 0x5A5A ("m0") transport packet around an 0xAA frame (docs/protocol.md §7, §D7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
import struct

from .errors import MideaConfigError, MideaProtocolError

HEADER_SIZE = 40
TRAILER_SIZE = 16
MAGIC = b"\x5a\x5a"
MESSAGE_TYPE = b"\x01\x00"
FLAGS = b"\x20\x00"
MAX_APPLIANCE_ID = (1 << 48) - 1
MAX_SEQUENCE = 0xFFFFFFFF
# magic, message type, total length, flags, sequence, timestamp, appliance id, 14 reserved bytes
_HEADER = struct.Struct("<2s2sH2sI8s6s14x")
_TRAILER = bytes(TRAILER_SIZE)


def encode_timestamp(moment: datetime) -> bytes:
    """``moment`` in UTC (naive means UTC) as centiseconds, s, min, h, day, month, yy, cc."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return bytes(
        (
            moment.microsecond // 10_000,
            moment.second,
            moment.minute,
            moment.hour,
            moment.day,
            moment.month,
            moment.year % 100,
            moment.year // 100,
        )
    )


def decode_timestamp(raw: bytes) -> datetime | None:
    """The UTC moment of 8 timestamp bytes in the project layout, or None if they are not one."""
    if len(raw) != 8 or raw[0] > 99:
        return None
    centis, second, minute, hour, day, month, year, century = raw
    try:
        return datetime(
            century * 100 + year, month, day, hour, minute, second, centis * 10_000, tzinfo=UTC
        )
    except ValueError:
        return None


def build_packet(
    frame: bytes, appliance_id: int, sequence: int, timestamp: datetime | bytes
) -> bytes:
    """Wrap ``frame`` verbatim. Out-of-range arguments raise MideaConfigError."""
    if not 0 <= appliance_id <= MAX_APPLIANCE_ID:
        raise MideaConfigError("appliance id does not fit in 48 bits")
    if not 0 <= sequence <= MAX_SEQUENCE:
        raise MideaConfigError("sequence number does not fit in 32 bits")
    stamp = encode_timestamp(timestamp) if isinstance(timestamp, datetime) else bytes(timestamp)
    if len(stamp) != 8:
        raise MideaConfigError("a raw timestamp must be exactly 8 bytes")
    total = HEADER_SIZE + len(frame) + TRAILER_SIZE
    if total > 0xFFFF:
        raise MideaConfigError("frame too long for a packet")
    header = _HEADER.pack(
        MAGIC, MESSAGE_TYPE, total, FLAGS, sequence, stamp, appliance_id.to_bytes(6, "little")
    )
    return header + frame + _TRAILER


@dataclass(frozen=True, slots=True)
class Packet:
    """A received packet's header fields (none of them is checked) and its frame."""

    message_type: bytes
    length_field: int
    flags: bytes
    sequence: int
    timestamp: bytes
    appliance_id: int
    reserved: bytes
    frame: bytes
    trailer: bytes


def _frame_at(data: bytes, offset: int) -> bytes:
    if len(data) < offset + 2 or data[offset] != 0xAA:
        raise MideaProtocolError(f"no 0xAA frame at offset {offset}")
    end = offset + data[offset + 1] + 1
    if end > len(data):
        raise MideaProtocolError("frame runs past the end of the data")
    return data[offset:end]


def _packet_frame(data: bytes) -> bytes:
    if data[:2] != MAGIC:
        raise MideaProtocolError("not a 0x5A5A packet")
    return _frame_at(data, HEADER_SIZE)


def parse_packet(data: bytes) -> Packet:
    """Split a 0x5A5A packet into its fields; only the magic and the frame position are checked."""
    frame = _packet_frame(data)
    return Packet(
        message_type=data[2:4],
        length_field=int.from_bytes(data[4:6], "little"),
        flags=data[6:8],
        sequence=int.from_bytes(data[8:12], "little"),
        timestamp=data[12:20],
        appliance_id=int.from_bytes(data[20:26], "little"),
        reserved=data[26:HEADER_SIZE],
        frame=frame,
        trailer=data[HEADER_SIZE + len(frame) :],
    )


def unwrap_packet(data: bytes) -> bytes:
    """The 0xAA frame inside a packet, or ``data``'s own frame when it starts with 0xAA."""
    if data[:1] == b"\xaa":
        return _frame_at(data, 0)
    return _packet_frame(data)


class SequenceCounter:
    """Packet sequence numbers 1, 2, ..., 0xFFFFFFFF, 1, ..."""

    def __init__(self, start: int = 1) -> None:
        if not 1 <= start <= MAX_SEQUENCE:
            raise MideaConfigError("sequence start must be in 1..0xFFFFFFFF")
        self._next = start

    def next(self) -> int:
        """Return the next sequence number."""
        value = self._next
        self._next = 1 if value == MAX_SEQUENCE else value + 1
        return value
