"""CRC-8/MAXIM-DOW and the 0xAA frame checksum (docs/protocol.md §8.3, §D12)."""

from __future__ import annotations


def _table() -> tuple[int, ...]:
    entries = []
    for index in range(256):
        value = index
        for _ in range(8):
            value = (value >> 1) ^ 0x8C if value & 1 else value >> 1
        entries.append(value)
    return tuple(entries)


_TABLE = _table()


def crc8(data: bytes) -> int:
    """CRC-8/MAXIM-DOW (reflected polynomial 0x8C, initial value 0)."""
    value = 0
    for byte in data:
        value = _TABLE[value ^ byte]
    return value


def byte_sum_complement(data: bytes) -> int:
    """(256 - sum(data)) & 0xFF: the frame checksum, and the alternative body check byte."""
    return -sum(data) & 0xFF
