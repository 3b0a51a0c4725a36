"""Signed CSV text of bytes (docs/protocol.md §6.3), as the cloud reads and writes it."""

from __future__ import annotations

from dataclasses import dataclass


class CsvError(ValueError):
    """The text is not a list of integers in -128..255."""


@dataclass(frozen=True, slots=True)
class ParsedCsv:
    """Bytes read from CSV text, and whether any item was written unsigned (128..255)."""

    data: bytes
    has_unsigned_items: bool


def to_signed_csv(data: bytes) -> str:
    """Each byte as signed decimal text, joined with commas."""
    return ",".join(str(byte - 256 if byte > 127 else byte) for byte in data)


def parse_signed_csv(text: str) -> ParsedCsv:
    """Read comma-separated integers (one empty trailing item allowed) into bytes."""
    items = text.split(",")
    if len(items) > 1 and items[-1] == "":
        items.pop()
    values = bytearray()
    unsigned = False
    for item in items:
        stripped = item.removeprefix("-")
        if not stripped.isascii() or not stripped.isdigit():
            raise CsvError("CSV item is not an integer")
        number = int(item)
        if not -128 <= number <= 255:
            raise CsvError("CSV item out of range")
        unsigned = unsigned or number > 127
        values.append(number % 256)
    return ParsedCsv(bytes(values), unsigned)
