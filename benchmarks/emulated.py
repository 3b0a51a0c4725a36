"""The cloud emulator on 127.0.0.1 with accounts of N air conditioners, for the benchmarks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from midea_cloud_emulator import CloudEmulator

PASSWORD = "benchmark password"
SEND_PATH = "/v1/appliance/transparent/send/new"
LEGACY_SEND_PATH = "/v1/appliance/transparent/send"


def email(account: int) -> str:
    """The e-mail of the benchmark's ``account``-th account."""
    return f"owner{account}@example.com"


def add_account(cloud: CloudEmulator, account: int, units: int) -> list[str]:
    """Register an account with ``units`` online units cooling to 24 °C; their appliance ids."""
    cloud.add_account(email(account), PASSWORD)
    return [
        cloud.add_unit(
            email(account), name=f"Unit {number}", power=True, mode=2, target=24.0
        ).appliance_id
        for number in range(1, units + 1)
    ]


@asynccontextmanager
async def emulated_cloud(
    units: int, *, latency: float, accounts: int = 1, legacy_relay_works: bool = False
) -> AsyncIterator[CloudEmulator]:
    """A started emulator: ``accounts`` accounts of ``units`` units, ``latency`` s per request."""
    cloud = CloudEmulator(legacy_relay_works=legacy_relay_works)
    for account in range(1, accounts + 1):
        add_account(cloud, account, units)
    cloud.faults.latency = latency
    await cloud.start("127.0.0.1", 0)
    try:
        yield cloud
    finally:
        await cloud.stop()
