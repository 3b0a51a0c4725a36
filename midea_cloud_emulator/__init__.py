"""An emulator of the Midea "mapp" cloud (Midea Air / NetHome Plus) for tests and demos.

It is written independently of the integration's codec and imports none of the integration
(it keeps its own copy of the apps' constants) and no Home Assistant, so that a bug on one side
cannot hide the same bug on the other.
"""

from __future__ import annotations

from .accounts import Account, Session
from .capabilities import COOL_ONLY, FULL, NO_SWING, CapabilityProfile
from .emulator import CloudEmulator, is_loopback_host
from .faults import Fault, FaultKind, FaultPlan
from .records import RequestRecord
from .state import UnitState
from .unit import SimulatedUnit

__all__ = [
    "COOL_ONLY",
    "FULL",
    "NO_SWING",
    "Account",
    "CapabilityProfile",
    "CloudEmulator",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "RequestRecord",
    "Session",
    "SimulatedUnit",
    "UnitState",
    "is_loopback_host",
]
