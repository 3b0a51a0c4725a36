"""Strict hexadecimal text to bytes, as used for every ciphertext on the wire."""

from __future__ import annotations

import re

from .errors import MideaProtocolError

_HEX = re.compile(r"(?:[0-9a-fA-F]{2})*")


def parse_hex(text: str) -> bytes:
    """Decode hex text with no separators; anything else raises MideaProtocolError."""
    if not _HEX.fullmatch(text):
        raise MideaProtocolError("not hexadecimal text of whole bytes")
    return bytes.fromhex(text)
