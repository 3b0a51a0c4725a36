"""Strict hexadecimal text to bytes, as used for every ciphertext on the wire."""

from __future__ import annotations

from .errors import MideaProtocolError


def parse_hex(text: str) -> bytes:
    """Decode hex text with no separators; anything else raises MideaProtocolError."""
    try:
        data = bytes.fromhex(text)
    except ValueError:
        data = None
    # bytes.fromhex skips whitespace between bytes: two digits per byte means there was none.
    if data is None or len(text) != 2 * len(data):
        raise MideaProtocolError("not hexadecimal text of whole bytes")
    return data
