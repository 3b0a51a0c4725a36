"""Fixtures: an emulator on loopback with one account and one unit, and a raw test client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest

from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from .raw_cloud import RawClient, RawSession
from .raw_proxy import ProxyClient, ProxySession

EMAIL = "user@example.com"
PASSWORD = "passwordExample"
START = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
MSH_EMAIL = "owner@example.com"
MSH_PASSWORD = "Passw0rd!"


async def _started(email: str, password: str, app: str) -> AsyncIterator[CloudEmulator]:
    """A started emulator whose clock only moves with ``advance``, with one account of ``app``
    in its default region and one unit."""
    emu = CloudEmulator(clock=lambda: START, seed=7)
    emu.add_account(email, password, app=app)
    emu.add_unit(email, name="Living room", power=True, indoor=25.5, outdoor=8.0)
    await emu.start()
    yield emu
    await emu.stop()


@pytest.fixture
async def emulator(socket_enabled: None) -> AsyncIterator[CloudEmulator]:
    """A started emulator with one Midea Air account (mapp) and one unit."""
    async for emu in _started(EMAIL, PASSWORD, "midea_air"):
        yield emu


@pytest.fixture
def unit(emulator: CloudEmulator) -> SimulatedUnit:
    return next(iter(emulator.account(EMAIL).units.values()))


@pytest.fixture
async def http(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def client(emulator: CloudEmulator, http: aiohttp.ClientSession) -> RawClient:
    return RawClient(http, emulator.url)


@pytest.fixture
async def session(client: RawClient) -> RawSession:
    return await client.login(EMAIL, PASSWORD)


@pytest.fixture
async def msh_emulator(socket_enabled: None) -> AsyncIterator[CloudEmulator]:
    """A started emulator with one MSmartHome account (mp-prod) and one unit."""
    async for emu in _started(MSH_EMAIL, MSH_PASSWORD, "msmarthome"):
        yield emu


@pytest.fixture
def msh_unit(msh_emulator: CloudEmulator) -> SimulatedUnit:
    return next(iter(msh_emulator.account(MSH_EMAIL).units.values()))


@pytest.fixture
def proxy(msh_emulator: CloudEmulator, http: aiohttp.ClientSession) -> ProxyClient:
    return ProxyClient(http, msh_emulator.msmarthome_url)


@pytest.fixture
async def proxy_session(proxy: ProxyClient) -> ProxySession:
    return await proxy.login(MSH_EMAIL, MSH_PASSWORD)
