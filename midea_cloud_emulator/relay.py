"""transparent/send (new and old): decode the order, let the unit act, encode its reply."""

from __future__ import annotations

from collections.abc import Callable
import logging

from .accounts import Session
from .cloud import Call, Cloud
from .corrupt import mangled_reply
from .errors import (
    APPLIANCE_OFFLINE,
    ENCRYPTION_MISMATCH,
    LEGACY_RELAY_BROKEN,
    NO_ASYNC_REPLY,
    NO_SUCH_APPLIANCE,
    VALUE_ILLEGAL,
    CloudError,
)
from .faults import REPLY_KINDS
from .params import required
from .state import MODE_AUTO, MODE_COOL, MODE_DRY, MODE_FAN, MODE_HEAT, MODE_SMART_DRY
from .unit import SimulatedUnit
from .wire.aes import CipherError, decrypt_hex, encrypt_hex
from .wire.b5 import encode_b5_frame
from .wire.c0 import encode_c0_frame
from .wire.frame import AIR_CONDITIONER, MSG_QUERY, Frame, check_frame
from .wire.m0 import FRAME_START, PacketError, unwrap, wrap_reply
from .wire.set_frame import SET_LENGTH, SetFields, decode_set, is_set
from .wire.signed_csv import CsvError, ParsedCsv, parse_signed_csv, to_signed_csv

_LOGGER = logging.getLogger(__name__)
Result = dict[str, object]
FUN_ID = "0008"
_QUERY_BODY = 0x41
_CAPABILITIES_BODY = 0xB5
_CAPABILITIES_PAGE_BYTE = 2
_DISPLAY_TOGGLE_BYTE4 = 0x02


def send_new(cloud: Cloud, call: Call) -> Result:
    """/v1/appliance/transparent/send/new: AES-CBC with the session's dataKey and dataIV."""
    session = cloud.session_for(call)
    if session.data_iv is None:
        raise CloudError(ENCRYPTION_MISMATCH)
    return _relay(cloud, call, session, session.data_iv)


def send_old(cloud: Cloud, call: Call) -> Result:
    """/v1/appliance/transparent/send: 1000, unless the emulator lets it work (then AES-ECB)."""
    session = cloud.session_for(call)
    if not cloud.legacy_relay_works:
        raise CloudError(LEGACY_RELAY_BROKEN)
    return _relay(cloud, call, session, None)


def _target_unit(call: Call, session: Session) -> SimulatedUnit:
    appliance_id = required(call, "applianceId")
    if not appliance_id.isascii() or not appliance_id.isdigit():
        raise CloudError(VALUE_ILLEGAL)
    unit = session.account.units.get(appliance_id)
    if unit is None:
        raise CloudError(NO_SUCH_APPLIANCE)
    if call.params.get("funId") != FUN_ID:
        raise CloudError(VALUE_ILLEGAL)
    return unit


def decode_order(order: str, key: bytes, iv: bytes | None, error_code: int) -> ParsedCsv:
    """The bytes of an ``order``: hex, AES, then CSV; ``error_code`` when any stage fails."""
    try:
        return parse_signed_csv(decrypt_hex(key, iv, order).decode("ascii"))
    except (CipherError, UnicodeDecodeError, CsvError) as err:
        raise CloudError(error_code) from err


def _relay(cloud: Cloud, call: Call, session: Session, iv: bytes | None) -> Result:
    unit = _target_unit(call, session)
    parsed = decode_order(required(call, "order"), session.data_key, iv, ENCRYPTION_MISMATCH)
    if parsed.data[:1] == bytes([FRAME_START]):
        raise CloudError(NO_ASYNC_REPLY)  # a bare frame without m0 packet: nothing is forwarded
    try:
        sequence, _, frame_bytes = unwrap(parsed.data)
    except PacketError as err:
        raise CloudError(ENCRYPTION_MISMATCH) from err
    if not unit.online:
        raise CloudError(APPLIANCE_OFFLINE)
    unit.received_packets.append(parsed.data)
    appliance_number = int(unit.appliance_id)

    def in_packet(frame: bytes) -> bytes:
        return wrap_reply(frame, sequence=sequence, appliance_id=appliance_number)

    return relay_reply(
        cloud,
        call.path,
        unit,
        frame_bytes,
        ignore=parsed.has_unsigned_items,
        transport=in_packet,
        key=session.data_key,
        iv=iv,
    )


def relay_reply(
    cloud: Cloud,
    path: str,
    unit: SimulatedUnit,
    frame_bytes: bytes,
    *,
    ignore: bool,
    transport: Callable[[bytes], bytes],
    key: bytes,
    iv: bytes | None,
) -> Result:
    """Deliver the frame; the unit's reply frame put in its ``transport`` (the m0 packet, or
    the bare frame), as encrypted signed CSV, or mangled by an armed reply fault."""
    reply_frame = unit_answer(cloud, unit, frame_bytes, ignore=ignore)
    fault = cloud.faults.take(path, unit.appliance_id, REPLY_KINDS)
    if fault is not None:
        return {
            "reply": mangled_reply(fault.kind, reply_frame, transport=transport, key=key, iv=iv)
        }
    if cloud.faults.roll_3176():
        raise CloudError(NO_ASYNC_REPLY)
    return {"reply": encrypt_hex(key, iv, to_signed_csv(transport(reply_frame)).encode())}


def unit_answer(cloud: Cloud, unit: SimulatedUnit, frame_bytes: bytes, *, ignore: bool) -> bytes:
    """What the unit does with a delivered frame; its reply, or 3176 when it stays silent.

    ``ignore``: the CSV had unsigned items, which the cloud accepts but the unit ignores.
    """
    unit.settle(cloud.now())
    unit.received_frames.append(frame_bytes)
    frame = check_frame(frame_bytes)
    if ignore or frame is None or frame.device_type != AIR_CONDITIONER:
        raise CloudError(NO_ASYNC_REPLY)
    if _is_capabilities_query(frame):
        return _capabilities_answer(unit, frame)
    if is_set(frame):
        fields = decode_set(frame)
        applied = len(frame.raw) == SET_LENGTH
        unit.received_sets.append(frame.raw)
        unit.decoded_sets.append({**fields, "applied": applied})
        _log_command(unit, fields, applied=applied)
        if not applied:
            raise CloudError(NO_ASYNC_REPLY)
        unit.apply_set(fields)
    elif _is_display_toggle(frame):
        unit.toggle_display()
    elif not _is_state_query(frame):
        raise CloudError(NO_ASYNC_REPLY)
    return encode_c0_frame(unit.state, message_id=frame.message_id, message_type=frame.message_type)


def _capabilities_answer(unit: SimulatedUnit, frame: Frame) -> bytes:
    """The page the query asks for (body[2]: 0 first, 1 second); silence without a profile."""
    page = frame.body[_CAPABILITIES_PAGE_BYTE] if len(frame.body) > _CAPABILITIES_PAGE_BYTE else 0
    profile = unit.capabilities
    if profile is None or page >= len(profile.pages):
        raise CloudError(NO_ASYNC_REPLY)
    return encode_b5_frame(
        profile.pages[page],
        more=page + 1 < len(profile.pages),
        message_id=frame.message_id,
        message_type=frame.message_type,
    )


def _is_capabilities_query(frame: Frame) -> bool:
    return frame.message_type == MSG_QUERY and frame.body[:1] == bytes([_CAPABILITIES_BODY])


def _is_state_query(frame: Frame) -> bool:
    return frame.message_type == MSG_QUERY and frame.body[:1] == bytes([_QUERY_BODY])


def _is_display_toggle(frame: Frame) -> bool:
    body = frame.body
    return _is_state_query(frame) and len(body) > 5 and body[4] == _DISPLAY_TOGGLE_BYTE4


_MODE_NAMES = {
    MODE_AUTO: "auto",
    MODE_COOL: "cool",
    MODE_DRY: "dry",
    MODE_HEAT: "heat",
    MODE_FAN: "fan only",
    MODE_SMART_DRY: "smart dry",
}
_FAN_NAMES = {
    20: "silent",
    40: "low",
    60: "medium",
    80: "high",
    100: "turbo",
    101: "fixed",
    102: "auto",
}
_SWING_NAMES = {
    (False, False): "off",
    (True, False): "vertical",
    (False, True): "horizontal",
    (True, True): "both",
}


def _describe_command(fields: SetFields) -> str:
    """What a SET commands, in words: power, mode, target, fan, swing, then the presets on."""
    power, mode, target, fan = fields["power"], fields["mode"], fields["target"], fields["fan"]
    vertical, horizontal = fields["swing_vertical"], fields["swing_horizontal"]
    parts = [
        "power ?" if power is None else f"power {'on' if power else 'off'}",
        "mode ?" if mode is None else f"mode {_MODE_NAMES.get(int(mode), f'#{mode}')}",
        "target ?" if target is None else f"target {float(target):.1f} °C",
        "fan ?" if fan is None else f"fan {_FAN_NAMES.get(int(fan), f'{fan}%')}",
        "swing ?"
        if vertical is None or horizontal is None
        else f"swing {_SWING_NAMES[bool(vertical), bool(horizontal)]}",
    ]
    parts += [f"{name} on" for name in ("eco", "turbo", "sleep") if fields[name]]
    return ", ".join(parts)


def _log_command(unit: SimulatedUnit, fields: SetFields, *, applied: bool) -> None:
    if applied:
        _LOGGER.info(
            "unit %s (%s) received: %s", unit.appliance_id, unit.name, _describe_command(fields)
        )
    else:
        _LOGGER.info(
            "unit %s (%s) ignored a %s-byte SET (only 33-byte SETs are applied): %s",
            unit.appliance_id,
            unit.name,
            fields["length"],
            _describe_command(fields),
        )
