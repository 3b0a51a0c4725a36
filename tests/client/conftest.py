"""Fixtures: the cloud emulator on loopback and a client talking to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from custom_components.midea_cloud.codec.client import ClientHooks, MideaCloudClient
from custom_components.midea_cloud.codec.signing import password_digest
from midea_cloud_emulator import CloudEmulator

HOOK_FIELDS = frozenset(hook.name for hook in fields(ClientHooks))

ACCOUNT = "owner@example.com"
PASSWORD = "correct horse battery staple"


class FakeClock:
    """A settable UTC clock shared by the client under test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
async def emulator(socket_enabled: None) -> AsyncIterator[CloudEmulator]:
    """An emulator with one account in the EU region and two units."""
    emu = CloudEmulator()
    emu.add_account(ACCOUNT, PASSWORD, region="mapp-eu")
    emu.add_unit(ACCOUNT, name="Living room", power=True, mode=4, target=22.5, indoor=20.5)
    emu.add_unit(ACCOUNT, name="Bedroom", power=False, mode=2, target=24.0, outdoor=None)
    await emu.start()
    yield emu
    await emu.stop()


@pytest.fixture
async def http(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """The caller's HTTP session."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def clock() -> FakeClock:
    """The client's clock."""
    return FakeClock()


@pytest.fixture
def make_client(
    emulator: CloudEmulator, http: aiohttp.ClientSession, clock: FakeClock
) -> Callable[..., MideaCloudClient]:
    """Build a client for the emulator's account with test-friendly defaults."""

    def make(**overrides: Any) -> MideaCloudClient:
        """Client options as keywords; the ``ClientHooks`` fields among them become its hooks."""
        hooks: dict[str, Any] = {
            "server_map": emulator.server_map,
            "retry_delay": 0,
            "clock": clock,
        }
        options: dict[str, Any] = {}
        for key, value in overrides.items():
            if key in HOOK_FIELDS:
                hooks[key] = value
            else:
                options[key] = value
        if hooks["server_map"] is None:
            hooks["server_map"] = {}
        account = options.pop("account", ACCOUNT)
        password = options.pop("password", PASSWORD)
        return MideaCloudClient(
            http, account, password_digest(password), hooks=ClientHooks(**hooks), **options
        )

    return make
