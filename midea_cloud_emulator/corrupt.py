"""Broken relay replies for the reply-mangling fault kinds."""

from __future__ import annotations

from collections.abc import Callable

from .faults import FaultKind
from .wire.aes import BLOCK, encrypt_hex, encrypt_raw
from .wire.crc import byte_sum_complement, crc8
from .wire.frame import HEADER_LENGTH, build_frame
from .wire.signed_csv import to_signed_csv


def _with_checksum(frame: bytearray) -> bytes:
    frame[-1] = byte_sum_complement(bytes(frame[1:-1]))
    return bytes(frame)


def _bad_check_byte(frame: bytes) -> bytes:
    """Same frame with a body check byte that is neither the CRC8 nor the body checksum."""
    body = frame[HEADER_LENGTH:-2]
    allowed = {crc8(body), byte_sum_complement(body)}
    broken = bytearray(frame)
    broken[-2] = next(value for value in range(256) if value not in allowed)
    return _with_checksum(broken)


def _mangled_frame(kind: FaultKind, frame: bytes) -> bytes:
    message_type, body = frame[9], frame[HEADER_LENGTH:-2]
    if kind is FaultKind.BAD_CRC:
        return _bad_check_byte(frame)
    if kind is FaultKind.BAD_CHECKSUM:
        return frame[:-1] + bytes([frame[-1] ^ 0xFF])
    if kind is FaultKind.WRONG_BODY_TYPE:
        return build_frame(message_type, b"\xc1" + body[1:], protocol=frame[8])
    if kind is FaultKind.TRUNCATED_BODY:
        return build_frame(message_type, body[:16], protocol=frame[8])
    return frame


def _encrypt_unpadded(key: bytes, iv: bytes | None, plain: bytes) -> str:
    """Encrypt with zero filling instead of PKCS7, so the last byte is never valid padding."""
    filler = BLOCK - len(plain) % BLOCK
    return encrypt_raw(key, iv, plain + bytes(filler)).hex()


def mangled_reply(
    kind: FaultKind,
    frame: bytes,
    *,
    transport: Callable[[bytes], bytes],
    key: bytes,
    iv: bytes | None,
) -> str:
    """The relay's ``reply`` for the state reply ``frame`` in its ``transport`` (the m0
    packet, or the bare frame), broken the way ``kind`` says."""
    if kind is FaultKind.GARBAGE_HEX:
        return "not-hex!" * 8
    mangled = _mangled_frame(kind, frame)
    packet = transport(mangled)
    if kind is FaultKind.BAD_PACKET_LENGTH:
        packet = packet[: packet.find(mangled) + len(mangled) - 5]
    text = to_signed_csv(packet)
    if kind is FaultKind.BAD_CSV:
        text = text.replace(",", ",x", 1)
    elif kind is FaultKind.CSV_OUT_OF_RANGE:
        text = "300" + text[text.index(",") :]
    if kind is FaultKind.BAD_PADDING:
        return _encrypt_unpadded(key, iv, text.encode())
    reply = encrypt_hex(key, iv, text.encode())
    return reply[:-1] if kind is FaultKind.ODD_HEX else reply
