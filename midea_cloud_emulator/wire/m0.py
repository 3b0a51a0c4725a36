"""The 0x5A5A ("m0") transport packet, as the cloud unwraps and answers it (D7)."""

from __future__ import annotations

import struct

MAGIC = b"\x5a\x5a"
HEADER_LENGTH = 40
TRAILER_LENGTH = 16
FRAME_START = 0xAA


class PacketError(ValueError):
    """Not an m0 packet carrying a whole 0xAA frame."""


def unwrap(packet: bytes) -> tuple[int, int, bytes]:
    """(sequence, appliance id field, frame) of a request packet."""
    if len(packet) < HEADER_LENGTH + 2 or packet[:2] != MAGIC:
        raise PacketError("no 5A5A packet header")
    if packet[HEADER_LENGTH] != FRAME_START:
        raise PacketError("no 0xAA frame at offset 40")
    end = HEADER_LENGTH + packet[HEADER_LENGTH + 1] + 1
    if end > len(packet):
        raise PacketError("the frame does not fit in the packet")
    sequence = int.from_bytes(packet[8:12], "little")
    appliance = int.from_bytes(packet[20:26], "little")
    return sequence, appliance, packet[HEADER_LENGTH:end]


def wrap_reply(frame: bytes, *, sequence: int, appliance_id: int) -> bytes:
    """Reply packet: type 01 00, bytes 6-7 20 80, zero timestamp, zero trailer."""
    total = HEADER_LENGTH + len(frame) + TRAILER_LENGTH
    header = (
        MAGIC
        + struct.pack("<2sH2sI", b"\x01\x00", total, b"\x20\x80", sequence)
        + bytes(8)
        + (appliance_id & 0xFFFFFFFFFFFF).to_bytes(6, "little")
        + bytes(14)
    )
    return header + frame + bytes(TRAILER_LENGTH)
