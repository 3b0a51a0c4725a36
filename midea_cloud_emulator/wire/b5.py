"""The 0xB5 capabilities reply a unit sends, page by page (docs/protocol.md, "0xB5")."""

from __future__ import annotations

from collections.abc import Sequence

from .frame import build_frame

BODY_TYPE = 0xB5
REPLY_PROTOCOL = 0x03

Record = tuple[int, bytes]


def encode_b5_body(records: Sequence[Record], *, more: bool, message_id: int) -> bytes:
    """``B5``, the record count, each record as id (LE16), size and value, then the trailer.

    The trailer is the "second page follows" flag and the message id of the request.
    """
    body = bytearray((BODY_TYPE, len(records)))
    for record_id, value in records:
        body += bytes((record_id & 0xFF, record_id >> 8, len(value))) + value
    body += bytes((int(more), message_id & 0xFF))
    return bytes(body)


def encode_b5_frame(
    records: Sequence[Record], *, more: bool, message_id: int, message_type: int
) -> bytes:
    """A complete 0xB5 reply frame answering a request of ``message_type``."""
    body = encode_b5_body(records, more=more, message_id=message_id)
    return build_frame(message_type, body, protocol=REPLY_PROTOCOL)
