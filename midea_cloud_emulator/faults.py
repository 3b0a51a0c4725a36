"""Fault injection: answers the tests ask for instead of (or on top of) the normal ones."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
import random


class FaultKind(Enum):
    """What goes wrong. The first group replaces the answer; the second mangles a relay reply."""

    HTTP_STATUS = "http_status"
    DELAY = "delay"
    DISCONNECT = "disconnect"
    NOT_JSON = "not_json"
    TRUNCATED_JSON = "truncated_json"
    NULL_ERROR_CODE = "null_error_code"
    NULL_RESULT = "null_result"
    EMPTY_RESULT = "empty_result"
    ERROR_CODE = "error_code"
    KILL_SESSION = "kill_session"
    GARBAGE_HEX = "garbage_hex"
    ODD_HEX = "odd_hex"
    BAD_PADDING = "bad_padding"
    BAD_CSV = "bad_csv"
    CSV_OUT_OF_RANGE = "csv_out_of_range"
    BAD_PACKET_LENGTH = "bad_packet_length"
    BAD_CRC = "bad_crc"
    BAD_CHECKSUM = "bad_checksum"
    WRONG_BODY_TYPE = "wrong_body_type"
    TRUNCATED_BODY = "truncated_body"

    @property
    def mangles_reply(self) -> bool:
        """True for the kinds that corrupt a successful transparent/send reply."""
        return self in REPLY_KINDS


REPLY_KINDS = frozenset(
    {
        FaultKind.GARBAGE_HEX,
        FaultKind.ODD_HEX,
        FaultKind.BAD_PADDING,
        FaultKind.BAD_CSV,
        FaultKind.CSV_OUT_OF_RANGE,
        FaultKind.BAD_PACKET_LENGTH,
        FaultKind.BAD_CRC,
        FaultKind.BAD_CHECKSUM,
        FaultKind.WRONG_BODY_TYPE,
        FaultKind.TRUNCATED_BODY,
    }
)


@dataclass(slots=True)
class Fault:
    """One armed fault. ``count`` None means until cleared.

    ``deliver``: for a fault on transparent/send, hand the frame to the unit first (a SET is
    applied), then answer with the fault. Reply-mangling kinds always deliver.
    ``after``: let this many matching requests through before the fault starts.
    """

    kind: FaultKind
    count: int | None = 1
    path: str | None = None
    appliance_id: str | None = None
    code: int | None = None
    status: int | None = None
    delay: float | None = None
    deliver: bool = False
    after: int = 0

    def matches(self, path: str, appliance_id: str | None) -> bool:
        """True when the fault is armed for this endpoint and appliance."""
        if self.count is not None and self.count <= 0:
            return False
        if self.path is not None and self.path != path:
            return False
        return self.appliance_id is None or self.appliance_id == appliance_id


class FaultPlan:
    """The faults armed on one emulator, plus latency and random 3176 answers."""

    def __init__(self, seed: int) -> None:
        self.latency: float = 0.0
        self.random_3176: float = 0.0
        self.active: list[Fault] = []
        self._rng = random.Random(f"faults-{seed}")

    def add(
        self,
        kind: FaultKind,
        *,
        count: int | None = 1,
        path: str | None = None,
        appliance_id: str | None = None,
        code: int | None = None,
        status: int | None = None,
        delay: float | None = None,
        deliver: bool = False,
        after: int = 0,
    ) -> Fault:
        """Arm a fault for the next ``count`` matching requests (None: until cleared)."""
        fault = Fault(kind, count, path, appliance_id, code, status, delay, deliver, after)
        self.active.append(fault)
        return fault

    def clear(self) -> None:
        """Disarm every fault (latency and random_3176 stay as they are)."""
        self.active.clear()

    def take(
        self, path: str, appliance_id: str | None, kinds: frozenset[FaultKind]
    ) -> Fault | None:
        """The first armed fault of one of ``kinds`` matching the request; uses up one count."""
        for fault in self.active:
            if fault.kind in kinds and fault.matches(path, appliance_id):
                if fault.after > 0:
                    fault.after -= 1
                    continue
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count <= 0:
                        self.active.remove(fault)
                return fault
        return None

    def roll_3176(self) -> bool:
        """True with probability ``random_3176`` (seeded)."""
        return self.random_3176 > 0 and self._rng.random() < self.random_3176
