"""Deterministic identifiers and secrets, drawn from the emulator's seeded generator."""

from __future__ import annotations

import random
import string

_PRINTABLE = string.ascii_letters + string.digits
_LOWEST_ID = 10**14
_ID_LIMIT = 1 << 48


class IdSource:
    """Every id the cloud hands out; the same seed and call order give the same values."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self._appliance_ids: set[str] = set()

    def appliance_id(self) -> str:
        """A new 15-digit decimal id that fits the m0 packet's 48-bit field."""
        while True:
            candidate = str(self._rng.randrange(_LOWEST_ID, _ID_LIMIT))
            if candidate not in self._appliance_ids:
                self.reserve_appliance_id(candidate)
                return candidate

    def reserve_appliance_id(self, appliance_id: str) -> None:
        """Remember an id given by the caller so it is never generated again."""
        self._appliance_ids.add(appliance_id)

    def serial(self) -> str:
        """A 32-character serial number; characters 9..16 are its sn8."""
        sn8 = f"{self._rng.randrange(16**8):08X}"
        return f"000000P01{sn8}{self._rng.randrange(16**15):015X}"

    def user_id(self) -> str:
        """A numeric user id."""
        return str(self._rng.randrange(100_000, 10_000_000))

    def login_id(self) -> str:
        """A UUID-shaped login id."""
        digits = f"{self._rng.getrandbits(128):032x}"
        return "-".join((digits[:8], digits[8:12], digits[12:16], digits[16:20], digits[20:]))

    def session_id(self) -> str:
        """A 32-character hex session id."""
        return f"{self._rng.getrandbits(128):032x}"

    def secret(self) -> bytes:
        """16 printable characters: a session's dataKey or dataIV."""
        return "".join(self._rng.choice(_PRINTABLE) for _ in range(16)).encode()
