"""A simulated air conditioner: its state, what it received, and its room physics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
import math

from .capabilities import CapabilityProfile
from .state import MODE_COOL, MODE_FAN, MODE_HEAT, UnitState
from .wire.set_frame import SetFields

DRIFT_PER_MINUTE = 0.2  # °C the room moves toward the target per minute of running


@dataclass(eq=False)
class SimulatedUnit:
    """One unit of an account. Tests may change ``online``, ``state`` and ``capabilities``.

    What reached it (online only): ``received_packets`` (whole m0 packets), ``received_frames``
    (their 0xAA frames, valid or not), ``received_sets`` (every SET frame, any length) and
    ``decoded_sets`` (one dict per SET: its fields plus ``length`` and ``applied``).

    What MSmartHome's Lua status reports besides the state: ``power_w`` (the draw the unit
    reports), ``energy_kwh`` (its meter, which grows by ``power_w`` while the unit is on) and
    ``humidity`` (%); None: the unit has no such reading. ``lua`` False: the cloud's plugin
    cannot read the unit (1014).
    """

    appliance_id: str
    name: str
    model: str
    serial: str
    state: UnitState
    last_settled: datetime
    online: bool = True
    received_packets: list[bytes] = field(default_factory=list)
    received_frames: list[bytes] = field(default_factory=list)
    received_sets: list[bytes] = field(default_factory=list)
    decoded_sets: list[SetFields] = field(default_factory=list)
    capabilities: CapabilityProfile | None = None  # None: the unit ignores 0xB5 queries
    power_w: float | None = None
    energy_kwh: float | None = None
    humidity: float | None = None
    lua: bool = True

    @property
    def sn8(self) -> str:
        """Characters 9..16 of the serial."""
        return self.serial[9:17]

    def settle(self, now: datetime) -> None:
        """Move the indoor temperature and the energy meter for the time since the last call."""
        minutes = (now - self.last_settled).total_seconds() / 60
        self.last_settled = now
        state = self.state
        if minutes > 0 and state.power and self.power_w is not None and self.energy_kwh is not None:
            self.energy_kwh += self.power_w * minutes / 60 / 1000
        if minutes <= 0 or not state.power or state.mode == MODE_FAN or state.indoor is None:
            return
        gap = state.target - state.indoor
        if (state.mode == MODE_COOL and gap > 0) or (state.mode == MODE_HEAT and gap < 0):
            return
        step = min(abs(gap), DRIFT_PER_MINUTE * minutes)
        state.indoor += math.copysign(step, gap)

    def apply_set(self, fields: SetFields) -> None:
        """Take over every field a 33-byte SET carries."""
        state = self.state
        state.power = bool(fields["power"])
        state.mode = int(fields["mode"] or 0)
        state.target = float(fields["target"] or 0.0)
        state.fan = int(fields["fan"] or 0)
        state.swing_vertical = bool(fields["swing_vertical"])
        state.swing_horizontal = bool(fields["swing_horizontal"])
        state.turbo = bool(fields["turbo"])
        state.eco = bool(fields["eco"])
        state.sleep = bool(fields["sleep"])
        state.fahrenheit_display = bool(fields["fahrenheit_display"])

    def toggle_display(self) -> None:
        """The display-toggle command: on becomes off and off becomes on."""
        self.state.display_on = not self.state.display_on
