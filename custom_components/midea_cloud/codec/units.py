"""Each unit's last known state, how fresh it is, its last readings (power, energy, humidity),
and one command or query at a time per unit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .lua_status import LuaReadings
from .model import AcState

STATE_MAX_AGE = timedelta(seconds=30)


@dataclass(slots=True)
class _Known:
    state: AcState
    confirmed: datetime | None


class UnitStates:
    """The newest state each unit reported (a query's answer or a command's reply).

    A state is kept under the unit's lock by whoever asked, so an answer that arrives late
    never replaces a newer one. A command the unit did not confirm leaves the state as it was
    but no longer fresh: the next command reads the unit first.
    """

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._known: dict[str, _Known] = {}
        self._readings: dict[str, LuaReadings] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def lock(self, unit_id: str) -> asyncio.Lock:
        """The lock that serialises the unit's queries and commands."""
        return self._locks.setdefault(unit_id, asyncio.Lock())

    def get(self, unit_id: str) -> AcState | None:
        """The newest state the unit reported, fresh or not."""
        known = self._known.get(unit_id)
        return known.state if known else None

    def fresh(self, unit_id: str) -> AcState | None:
        """The newest state when the unit reported it within the last 30 s."""
        known = self._known.get(unit_id)
        if known is None or known.confirmed is None:
            return None
        return known.state if self._clock() - known.confirmed <= STATE_MAX_AGE else None

    def trusted(self, unit_id: str) -> AcState | None:
        """The newest state unless a command may have changed the unit since."""
        known = self._known.get(unit_id)
        return known.state if known and known.confirmed is not None else None

    def remember(self, unit_id: str, state: AcState) -> AcState:
        """Keep what the unit just reported."""
        self._known[unit_id] = _Known(state, self._clock())
        return state

    def doubt(self, unit_id: str) -> None:
        """The unit may have changed without saying so (an unconfirmed command)."""
        if (known := self._known.get(unit_id)) is not None:
            known.confirmed = None

    def readings(self, unit_id: str) -> LuaReadings | None:
        """The unit's newest power, energy and humidity readings, None before any."""
        return self._readings.get(unit_id)

    def remember_readings(self, unit_id: str, readings: LuaReadings) -> LuaReadings:
        """Keep what the cloud just read of the unit's power, energy and humidity."""
        self._readings[unit_id] = readings
        return readings

    def keep_only(self, unit_ids: set[str]) -> None:
        """Forget the units that left the account."""
        for unit_id in set(self._known) - unit_ids:
            del self._known[unit_id]
        for unit_id in set(self._readings) - unit_ids:
            del self._readings[unit_id]
