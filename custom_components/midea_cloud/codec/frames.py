"""0xAA serial frames: integrity checks and the frames this project builds.

docs/protocol.md §8-§10, §13, §D8, §D12.
"""

from __future__ import annotations

from dataclasses import dataclass
import math

from .errors import MideaConfigError, MideaProtocolError
from .model import AcState

HEADER_SIZE = 10
MIN_FRAME_SIZE = HEADER_SIZE + 3
DEVICE_AC = 0xAC
MESSAGE_SET = 0x02
MESSAGE_QUERY = 0x03
BODY_SET = 0x40
BODY_QUERY = 0x41
BODY_STATE = 0xC0

_QUERY_BODY = bytes.fromhex("418100ff03ff0002") + bytes(12)
_CAPABILITY_PAGES = {0: bytes.fromhex("b50100"), 1: bytes.fromhex("b5010101")}
_SWING_BASE = 0x30


def _crc8_table() -> tuple[int, ...]:
    table = []
    for value in range(256):
        crc = value
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8C if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC8_TABLE = _crc8_table()


def crc8(data: bytes) -> int:
    """CRC-8/MAXIM-DOW (reflected polynomial 0x31, init 0, no final XOR)."""
    crc = 0
    for byte in data:
        crc = _CRC8_TABLE[crc ^ byte]
    return crc


def frame_checksum(data_after_aa_up_to_crc: bytes) -> int:
    """The frame's last byte: two's complement of the byte sum, masked to 8 bits."""
    return -sum(data_after_aa_up_to_crc) & 0xFF


class MessageIdCounter:
    """Frame message ids 1, 2, ..., 254, 1, ..."""

    def __init__(self, start: int = 1) -> None:
        if not 1 <= start <= 254:
            raise MideaConfigError("message id start must be in 1..254")
        self._next = start

    def next(self) -> int:
        """Return the next message id."""
        value = self._next
        self._next = value % 254 + 1
        return value


@dataclass(frozen=True, slots=True)
class FrameCheck:
    """The integrity checks of D12 for a frame, without rejecting it."""

    length_ok: bool
    checksum: int
    checksum_ok: bool
    body_check: int
    crc8_ok: bool
    body_sum_ok: bool

    @property
    def valid(self) -> bool:
        """True when the frame passes every check a received frame must pass."""
        return self.length_ok and self.checksum_ok and (self.crc8_ok or self.body_sum_ok)


@dataclass(frozen=True, slots=True)
class Frame:
    """A validated frame. ``body`` is frame[10 : n-2]: without the body check byte and checksum."""

    device_type: int
    protocol: int
    message_type: int
    body: bytes
    raw: bytes

    @property
    def body_type(self) -> int:
        """body[0]."""
        return self.body[0]


def check_frame(data: bytes) -> FrameCheck:
    """Compute the D12 checks of ``data``; raise only when it is not shaped like a frame."""
    if len(data) < MIN_FRAME_SIZE or data[0] != 0xAA:
        raise MideaProtocolError("not an 0xAA frame of at least 13 bytes")
    body = data[HEADER_SIZE:-2]
    body_check = data[-2]
    return FrameCheck(
        length_ok=data[1] == len(data) - 1,
        checksum=data[-1],
        checksum_ok=data[-1] == frame_checksum(data[1:-1]),
        body_check=body_check,
        crc8_ok=body_check == crc8(body),
        body_sum_ok=body_check == -sum(body) & 0xFF,
    )


def parse_frame(data: bytes) -> Frame:
    """Validate a received frame (length byte, checksum, body check byte) and split it."""
    check = check_frame(data)
    if not check.length_ok:
        raise MideaProtocolError("frame length byte does not match the frame length")
    if not check.checksum_ok:
        raise MideaProtocolError("frame checksum mismatch")
    if not (check.crc8_ok or check.body_sum_ok):
        raise MideaProtocolError("frame body check byte is neither CRC8 nor body sum")
    return Frame(
        device_type=data[2],
        protocol=data[8],
        message_type=data[9],
        body=bytes(data[HEADER_SIZE:-2]),
        raw=bytes(data),
    )


def _byte(value: int, what: str) -> int:
    if not 0 <= value <= 0xFF:
        raise MideaConfigError(f"{what} must be in 0..255")
    return value


def build_frame(message_type: int, body: bytes, *, device_type: int = DEVICE_AC) -> bytes:
    """A frame around ``body`` (which ends with the message id), with CRC8 and checksum."""
    total = HEADER_SIZE + len(body) + 2
    if total > 0x100:
        raise MideaConfigError("frame body too long")
    device_type = _byte(device_type, "device type")
    header = bytes((0xAA, total - 1, device_type, 0, 0, 0, 0, 0, 0, _byte(message_type, "type")))
    unchecked = header + body + bytes((crc8(body),))
    return unchecked + bytes((frame_checksum(unchecked[1:]),))


def build_query_frame(message_id: int) -> bytes:
    """The 33-byte state query (V01)."""
    return build_frame(MESSAGE_QUERY, _QUERY_BODY + bytes((_byte(message_id, "message id"),)))


def build_display_toggle_frame(*, message_id: int, beep: bool) -> bytes:
    """The 33-byte query-type frame that toggles the unit's display (docs/protocol.md §13)."""
    head = (BODY_QUERY, 0x42 if beep else 0x02, 0x00, 0xFF, 0x02, 0x00, 0x02)
    body = bytes(head).ljust(20, b"\0")
    return build_frame(MESSAGE_QUERY, body + bytes((_byte(message_id, "message id"),)))


def build_capabilities_query_frame(*, message_id: int, page: int = 0) -> bytes:
    """The B5 capabilities query (V68); page 1 asks for the second page."""
    if page not in _CAPABILITY_PAGES:
        raise MideaConfigError("capabilities page must be 0 or 1")
    body = _CAPABILITY_PAGES[page] + bytes((_byte(message_id, "message id"),))
    return build_frame(MESSAGE_QUERY, body)


def _split_target(target: float) -> tuple[int, bool]:
    """Whole degrees and the half-degree flag of ``target`` rounded to the nearest 0.5."""
    whole, half = divmod(math.floor(target * 2 + 0.5), 2) if 0 < target < 100 else (0, 0)
    if not 13 <= whole <= 43:
        raise MideaConfigError("target temperature cannot be encoded in a SET frame")
    return whole, bool(half)


def build_set_frame(state: AcState, *, message_id: int, beep: bool) -> bytes:
    """The 33-byte SET carrying the whole of ``state`` (D9); unencodable values raise."""
    if not 0 <= state.mode <= 7:
        raise MideaConfigError("mode must be in 0..7")
    whole, half = _split_target(state.target_temperature)
    nibble_range = 17 <= whole <= 30
    body = bytearray(22)
    body[0] = BODY_SET
    body[1] = 0x02 | (0x01 if state.power else 0) | (0x40 if beep else 0)
    body[2] = state.mode << 5 | (0x10 if half else 0) | (whole - 16 if nibble_range else 0)
    body[3] = _byte(state.fan_speed, "fan speed")
    body[4] = body[5] = 0x7F
    body[7] = (
        _SWING_BASE
        | (0x0C if state.swing_vertical else 0)
        | (0x03 if state.swing_horizontal else 0)
    )
    body[8] = 0x20 if state.turbo else 0
    body[9] = 0x80 if state.eco else 0
    body[10] = (
        (0x01 if state.sleep else 0)
        | (0x02 if state.turbo else 0)
        | (0x04 if state.fahrenheit_display else 0)
    )
    body[18] = 0 if nibble_range else whole - 12
    body[20] = _byte(message_id, "message id")
    return build_frame(MESSAGE_SET, bytes(body[:21]))


def decode_set_body(body: bytes) -> dict[str, object]:
    """Every D9 field of a SET body (frame[10 : n-2], ending with the message id), any length."""
    if len(body) < 12 or body[0] != BODY_SET:
        raise MideaProtocolError("not a SET body (0x40 and at least 12 bytes)")
    id_index = len(body) - 1

    def present(index: int) -> int | None:
        return body[index] if index < id_index else None

    alternate = present(18)
    humidity = present(19)
    frost = present(21)
    half = 0.5 if body[2] & 0x10 else 0.0
    if alternate is not None and alternate & 0x1F:
        target = (alternate & 0x1F) + 12 + half
    else:
        target = (body[2] & 0x0F) + 16 + half
    return {
        "power": bool(body[1] & 0x01),
        "control_source": bool(body[1] & 0x02),
        "beep": bool(body[1] & 0x40),
        "mode": body[2] >> 5,
        "target_temperature": target,
        "fan_speed": body[3] & 0x7F,
        "on_timer": body[4],
        "off_timer": body[5],
        "timer_minutes": body[6],
        "swing": body[7],
        "swing_vertical": bool(body[7] & 0x0C),
        "swing_horizontal": bool(body[7] & 0x03),
        "turbo": bool(body[8] & 0x20 or body[10] & 0x02),
        "eco": bool(body[9] & 0x80),
        "sleep": bool(body[10] & 0x01),
        "fahrenheit_display": bool(body[10] & 0x04),
        "byte8": body[8],
        "byte9": body[9],
        "byte10": body[10],
        "alternate_target": alternate,
        "target_humidity": None if humidity is None else humidity & 0x7F,
        "frost_protection": None if frost is None else bool(frost & 0x80),
        "message_id": body[id_index],
        "message_id_index": id_index,
    }


def decode_set_frame(frame: bytes) -> dict[str, object]:
    """Validate an air-conditioner SET frame of any length and decode its fields."""
    parsed = parse_frame(frame)
    if parsed.device_type != DEVICE_AC or parsed.message_type != MESSAGE_SET:
        raise MideaProtocolError("not an air-conditioner SET frame")
    return {"length": len(parsed.raw), **decode_set_body(parsed.body)}
