"""A JSON-able description of a hex frame or packet, for the command line's ``--decode``."""

from __future__ import annotations

from .capabilities import BODY_CAPABILITIES, parse_capabilities_body, records_to_json
from .errors import MideaProtocolError
from .frames import (
    BODY_SET,
    BODY_STATE,
    DEVICE_AC,
    MESSAGE_SET,
    check_frame,
    crc8,
    decode_set_body,
    frame_checksum,
)
from .hextext import parse_hex
from .packet import MAGIC, Packet, decode_timestamp, parse_packet
from .state import parse_state_body, state_extras, state_to_dict


def _hex_byte(value: int) -> str:
    return f"0x{value:02X}"


def _describe_packet(packet: Packet, size: int) -> dict[str, object]:
    moment = decode_timestamp(packet.timestamp)
    return {
        "length": size,
        "message_type": packet.message_type.hex(),
        "length_field": packet.length_field,
        "length_field_ok": packet.length_field == size,
        "flags": packet.flags.hex(),
        "reply": bool(packet.flags[1] & 0x80),
        "sequence": packet.sequence,
        "timestamp": packet.timestamp.hex(),
        "timestamp_utc": None if moment is None else moment.isoformat(),
        "appliance_id": packet.appliance_id,
        "reserved": packet.reserved.hex(),
        "trailer": packet.trailer.hex(),
    }


def _describe_frame(frame: bytes) -> dict[str, object]:
    check = check_frame(frame)
    body = frame[10:-2]
    device_type, message_type, body_type = frame[2], frame[9], body[0]
    info: dict[str, object] = {
        "hex": frame.hex(),
        "length": len(frame),
        "length_byte": frame[1],
        "length_ok": check.length_ok,
        "device_type": _hex_byte(device_type),
        "sync": frame[3],
        "protocol": frame[8],
        "message_type": _hex_byte(message_type),
        "body_type": _hex_byte(body_type),
        "body": body.hex(),
        "body_check": _hex_byte(check.body_check),
        "crc8": _hex_byte(crc8(body)),
        "crc8_ok": check.crc8_ok,
        "body_sum_ok": check.body_sum_ok,
        "checksum": _hex_byte(check.checksum),
        "checksum_expected": _hex_byte(frame_checksum(frame[1:-1])),
        "checksum_ok": check.checksum_ok,
        "valid": check.valid,
    }
    if device_type == DEVICE_AC and message_type == MESSAGE_SET and body_type == BODY_SET:
        info["set"] = decode_set_body(body)
    elif device_type == DEVICE_AC and body_type == BODY_STATE:
        info["state"] = state_to_dict(parse_state_body(body)) | state_extras(body)
    elif device_type == DEVICE_AC and body_type == BODY_CAPABILITIES:
        page = parse_capabilities_body(body)
        info["capabilities"] = {"records": records_to_json(page.records), "more": page.more}
    return info


def describe_hex(text: str) -> dict[str, object]:
    """Describe an 0xAA frame or a 0x5A5A packet given as hex (whitespace is ignored)."""
    data = parse_hex("".join(text.split()))
    if data[:2] == MAGIC:
        packet = parse_packet(data)
        return {
            "kind": "packet",
            "packet": _describe_packet(packet, len(data)),
            "frame": _describe_frame(packet.frame),
        }
    if data[:1] != b"\xaa":
        raise MideaProtocolError("neither an 0xAA frame nor a 0x5A5A packet")
    return {"kind": "frame", "frame": _describe_frame(data)}
