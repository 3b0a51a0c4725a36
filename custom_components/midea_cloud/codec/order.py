"""The ``order`` / ``reply`` pipeline of transparent/send: packet <-> CSV <-> AES <-> hex (D6)."""

from __future__ import annotations

from .crypto import SessionKeys
from .errors import MideaProtocolError
from .packet import unwrap_packet
from .signed_csv import from_signed_csv, to_signed_csv


def encode_order(keys: SessionKeys, packet: bytes) -> str:
    """The ``order`` parameter carrying ``packet``."""
    return keys.encrypt(to_signed_csv(packet).encode("ascii"))


def decode_reply(keys: SessionKeys, reply: str) -> bytes:
    """The packet carried by ``result.reply``; anything malformed raises MideaProtocolError."""
    plain = keys.decrypt(reply)
    if not plain.isascii():
        raise MideaProtocolError("decrypted reply is not ASCII text")
    return from_signed_csv(plain.decode("ascii"))


def decode_reply_frame(keys: SessionKeys, reply: str) -> bytes:
    """The 0xAA frame carried by ``result.reply`` (not yet validated: see frames.parse_frame)."""
    return unwrap_packet(decode_reply(keys, reply))
