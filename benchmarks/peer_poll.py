"""The same poll of 10 units by midea-beautiful-air's cloud client and by ours, on the emulator.

midea-beautiful-air logs in with the old ``/v1/user/login`` and relays through the old
``/v1/appliance/transparent/send`` (AES-ECB), so the emulator runs with its legacy relay working.
msmart-ng has no cloud relay at all (its cloud classes only log in and fetch LAN tokens).
"""

from __future__ import annotations

from dataclasses import dataclass

from .emulated import LEGACY_SEND_PATH, PASSWORD, email, emulated_cloud
from .peers.runner import run_worker
from .timing import median

WORKER = "benchmarks.peers.mba_poll"


@dataclass(frozen=True)
class PeerPollResult:
    """One library's poll of every unit: median wall time, relay requests per poll, errors."""

    wall: float | None
    requests: float | None
    error: str | None
    cloud_errors: list[str]


async def midea_beautiful_air(
    units: int, latency: float, repeats: int, *, adapt_fun_id: bool
) -> PeerPollResult:
    """Poll ``units`` units ``repeats`` times with midea-beautiful-air in the peers' venv."""
    async with emulated_cloud(units, latency=latency, legacy_relay_works=True) as cloud:
        unit_ids = list(cloud.account(email(1)).units)
        answer = await run_worker(
            WORKER,
            {
                "url": cloud.url,
                "email": email(1),
                "password": PASSWORD,
                "units": unit_ids,
                "repeats": repeats,
                "adapt_fun_id": adapt_fun_id,
            },
        )
        walls: list[float] = answer["walls"]
        if answer["error"] is None and answer["targets"] != [24.0] * units:
            answer["error"] = f"unexpected states: {answer['targets']}"
        sends = cloud.count(LEGACY_SEND_PATH)
        cloud_errors = list(
            dict.fromkeys(
                f"{record.path} answered {record.error_code}"
                for record in cloud.requests
                if record.error_code
            )
        )
        return PeerPollResult(
            wall=median(walls) if walls else None,
            requests=sends / len(walls) if walls else None,
            error=answer["error"],
            cloud_errors=cloud_errors,
        )
