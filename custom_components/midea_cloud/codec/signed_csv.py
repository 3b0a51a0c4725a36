"""The signed-decimal CSV text that carries packets inside ``order`` (docs/protocol.md §6.3)."""

from __future__ import annotations

import re

from .errors import MideaProtocolError

_ITEM = re.compile(r"-?[0-9]{1,3}")
_TEXT_OF_BYTE = tuple(str(byte - 256 if byte > 127 else byte) for byte in range(256))
_BYTE_OF_TEXT = {str(value): value % 256 for value in range(-128, 256)}


def to_signed_csv(data: bytes) -> str:
    """Each byte as signed decimal text (-128..127), joined by commas."""
    return ",".join(map(_TEXT_OF_BYTE.__getitem__, data))


def from_signed_csv(text: str) -> bytes:
    """Parse signed CSV (items -128..255, one trailing comma allowed) into bytes."""
    items = text.split(",")
    if items[-1] == "":
        items.pop()
    try:
        return bytes(map(_BYTE_OF_TEXT.__getitem__, items))
    except KeyError:
        return _parse_items(items)


def _parse_items(items: list[str]) -> bytes:
    """The slow path for items the table does not hold: errors and spellings like ``007``."""
    values = []
    for item in items:
        if not _ITEM.fullmatch(item):
            raise MideaProtocolError("signed CSV item is not a decimal number")
        value = int(item)
        if not -128 <= value <= 255:
            raise MideaProtocolError("signed CSV item is outside -128..255")
        values.append(value % 256)
    return bytes(values)
