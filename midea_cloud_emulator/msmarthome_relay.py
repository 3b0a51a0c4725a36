"""MSmartHome's /v1/appliance/transparent/send: both framings and both CSV forms."""

from __future__ import annotations

from collections.abc import Callable

from .cloud import Cloud
from .errors import APPLIANCE_OFFLINE, ORDER_REFUSED, CloudError
from .proxy_call import ProxyCall, Result, owned_unit, proxy_session, text
from .relay import decode_order, relay_reply
from .wire.m0 import FRAME_START, PacketError, unwrap, wrap_reply

RAW = "raw"
WRAPPED = "wrapped"
SIGNED = "signed"
UNSIGNED = "unsigned"
FRAMINGS = frozenset({RAW, WRAPPED})
CSV_FORMS = frozenset({SIGNED, UNSIGNED})


def _bare(frame: bytes) -> bytes:
    return frame


def transparent_send(cloud: Cloud, call: ProxyCall) -> Result:
    """Decrypt the order with the session keys, hand its frame to the unit and answer in the
    order's framing with signed CSV; a refused or unreadable order answers 1000."""
    session = proxy_session(cloud, call)
    unit = owned_unit(call, session)
    assert session.data_iv is not None
    key, iv = session.data_key, session.data_iv
    parsed = decode_order(text(call.body, "order"), key, iv, ORDER_REFUSED)
    if (UNSIGNED if parsed.has_unsigned_items else SIGNED) in cloud.refused_csv:
        raise CloudError(ORDER_REFUSED)
    transport: Callable[[bytes], bytes]
    if parsed.data[:1] == bytes([FRAME_START]):
        framing, frame, transport = RAW, parsed.data, _bare
    else:
        try:
            sequence, _, frame = unwrap(parsed.data)
        except PacketError as err:
            raise CloudError(ORDER_REFUSED) from err
        appliance_number = int(unit.appliance_id)

        def in_packet(reply: bytes) -> bytes:
            return wrap_reply(reply, sequence=sequence, appliance_id=appliance_number)

        framing, transport = WRAPPED, in_packet
    if framing in cloud.refused_framings:
        raise CloudError(ORDER_REFUSED)
    if not unit.online:
        raise CloudError(APPLIANCE_OFFLINE)
    if framing == WRAPPED:
        unit.received_packets.append(parsed.data)
    return relay_reply(
        cloud, call.path, unit, frame, ignore=False, transport=transport, key=key, iv=iv
    )
