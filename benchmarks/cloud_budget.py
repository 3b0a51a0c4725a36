"""Cloud budget: requests per hour and logins per day of one account in steady state, and with
one of its units offline (unplugged) for the whole run; on either cloud (``App``).

Home Assistant runs the integration for ``hours`` simulated hours on a frozen clock moved one
minute at a time (as tests/integration does); the emulator follows the same clock, so its sessions
expire after its session lifetime and the integration logs in again when the cloud says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from freezegun import freeze_time
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from midea_cloud_emulator import CloudEmulator

from .emulated import MIDEA_AIR, App, email, emulated_cloud
from .ha import account_entry, home_assistant, set_up

STEP = timedelta(minutes=1)
START = "2026-07-01 12:00:00"


@dataclass(frozen=True)
class BudgetResult:
    """Requests by endpoint over the simulated time, after the set-up."""

    units: int
    hours: float
    paths: dict[str, int]
    session_hours: float
    offline: int = 0
    app: App = MIDEA_AIR

    @property
    def requests_per_hour(self) -> float:
        """Every request, per simulated hour."""
        return sum(self.paths.values()) / self.hours

    @property
    def logins_per_day(self) -> float:
        """Login requests, per simulated day."""
        return self.logins / self.hours * 24

    @property
    def logins(self) -> int:
        """Login requests over the whole run."""
        return sum(count for path, count in self.paths.items() if path in self.app.login_paths)


def _paths(cloud: CloudEmulator, first: int) -> dict[str, int]:
    paths: dict[str, int] = {}
    for record in cloud.requests[first:]:
        paths[record.path] = paths.get(record.path, 0) + 1
    return paths


async def measure(
    units: int, hours: int, *, offline: int = 0, app: App = MIDEA_AIR
) -> BudgetResult:
    """Run ``hours`` simulated hours of one ``app`` account with ``units`` units, no latency.

    ``offline``: how many of the units go offline right after the set-up and stay offline.
    """
    with freeze_time(START) as frozen:
        async with (
            emulated_cloud(units, latency=0.0, app=app) as cloud,
            home_assistant() as hass,
        ):
            await set_up(hass, account_entry(cloud, app=app), cloud.server_map)
            for unit in list(cloud.account(email(1)).units.values())[:offline]:
                unit.online = False
            first = len(cloud.requests)
            for _ in range(int(hours * timedelta(hours=1) / STEP)):
                frozen.tick(STEP)
                async_fire_time_changed(hass)
                await hass.async_block_till_done(wait_background_tasks=True)
            return BudgetResult(
                units, hours, _paths(cloud, first), cloud.session_ttl / 3600, offline, app
            )
