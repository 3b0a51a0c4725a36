"""The cloud emulator on 127.0.0.1 with accounts of N air conditioners, for the benchmarks.

An account belongs to one of two clouds, as the owner's phone app decides: the legacy cloud of
Midea Air (and NetHome Plus) or MSmartHome's v5 proxy. ``App`` says what the benchmarks need to
know of each: how the account is registered and which requests are relays, logins and readings.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from midea_cloud_emulator import CloudEmulator

PASSWORD = "benchmark password"
DEVICE_ID = "0123456789abcdef"
SEND_PATH = "/v1/appliance/transparent/send/new"
LEGACY_SEND_PATH = "/v1/appliance/transparent/send"
LIST_PATH = "/v1/appliance/user/list/get"


@dataclass(frozen=True)
class App:
    """A phone app's cloud as the benchmarks see it."""

    key: str
    """The integration's app key (``CONF_APP``)."""
    name: str
    """How the report names the cloud."""
    region: str | None
    """Where its accounts live in the emulator (None: the app's default region)."""
    send_path: str
    login_paths: frozenset[str]
    """The requests that are a login (one per login; not the loginId or route requests)."""
    readings_path: str | None = None
    """The Lua status call that reads power, energy and humidity; None: the cloud has none."""


MIDEA_AIR = App(
    "midea_air",
    "Midea Air",
    None,
    SEND_PATH,
    frozenset({"/v1/user/login/new", "/v1/user/login"}),
)
MSMARTHOME = App(
    "msmarthome",
    "MSmartHome",
    "mp-eu-prod",
    LEGACY_SEND_PATH,
    frozenset({"/mj/user/login"}),
    "/v1/device/status/lua/get",
)
APPS = (MIDEA_AIR, MSMARTHOME)


def email(account: int) -> str:
    """The e-mail of the benchmark's ``account``-th account."""
    return f"owner{account}@example.com"


def add_account(cloud: CloudEmulator, account: int, units: int, app: App = MIDEA_AIR) -> list[str]:
    """Register an account with ``units`` online units cooling to 24 °C; their appliance ids.

    On a cloud with readings every unit reports power, energy and humidity, so that a readings
    poll costs the most requests it can.
    """
    cloud.add_account(email(account), PASSWORD, app=app.key, region=app.region)
    readings = app.readings_path is not None
    return [
        cloud.add_unit(
            email(account),
            name=f"Unit {number}",
            power=True,
            mode=2,
            target=24.0,
            power_w=820.0 if readings else None,
            energy_kwh=12.5 if readings else None,
            humidity=48.0 if readings else None,
        ).appliance_id
        for number in range(1, units + 1)
    ]


@asynccontextmanager
async def emulated_cloud(
    units: int,
    *,
    latency: float,
    accounts: int = 1,
    legacy_relay_works: bool = False,
    app: App = MIDEA_AIR,
) -> AsyncIterator[CloudEmulator]:
    """A started emulator: ``accounts`` accounts of ``app`` with ``units`` units each,
    ``latency`` s per request."""
    cloud = CloudEmulator(legacy_relay_works=legacy_relay_works)
    for account in range(1, accounts + 1):
        add_account(cloud, account, units, app)
    cloud.faults.latency = latency
    await cloud.start("127.0.0.1", 0)
    try:
        yield cloud
    finally:
        await cloud.stop()
