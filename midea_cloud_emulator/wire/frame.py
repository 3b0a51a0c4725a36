"""0xAA serial frames: building with CRC8 and checksum, and checking received ones (D8, D12)."""

from __future__ import annotations

from dataclasses import dataclass

from .crc import byte_sum_complement, crc8

HEADER_LENGTH = 10
START = 0xAA
AIR_CONDITIONER = 0xAC
MSG_SET = 0x02
MSG_QUERY = 0x03


@dataclass(frozen=True, slots=True)
class Frame:
    """A received frame that passed the integrity checks."""

    raw: bytes

    @property
    def device_type(self) -> int:
        """frame[2]."""
        return self.raw[2]

    @property
    def message_type(self) -> int:
        """frame[9]."""
        return self.raw[9]

    @property
    def body(self) -> bytes:
        """The bytes between the header and the body check byte (message id included)."""
        return self.raw[HEADER_LENGTH:-2]

    @property
    def message_id(self) -> int:
        """The byte before the body check byte."""
        return self.raw[-3]


def build_frame(
    message_type: int, body: bytes, *, protocol: int = 0, device_type: int = AIR_CONDITIONER
) -> bytes:
    """Header + body + CRC8(body) + checksum. The body ends with the message id."""
    header = bytes([START, HEADER_LENGTH + len(body) + 1, device_type, 0, 0, 0, 0, 0])
    without_checksum = header + bytes([protocol, message_type]) + body + bytes([crc8(body)])
    return without_checksum + bytes([byte_sum_complement(without_checksum[1:])])


def check_frame(data: bytes) -> Frame | None:
    """The frame if length byte, checksum and body check byte are right, else None."""
    if len(data) < HEADER_LENGTH + 3 or data[0] != START or data[1] != len(data) - 1:
        return None
    if byte_sum_complement(data[1:-1]) != data[-1]:
        return None
    body = data[HEADER_LENGTH:-2]
    if data[-2] not in (crc8(body), byte_sum_complement(body)):
        return None
    return Frame(data)
