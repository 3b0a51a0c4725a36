"""Clients nobody here wrote log in to the emulator's MSmartHome cloud and list its units.

msmart-ng (``SmartHomeCloud``) and midea-beautiful-air (``MideaCloud`` with its MSmartHome app
entry) run in benchmarks/.venv-peers, through benchmarks/peers/msmarthome_list.py, against the
emulator on 127.0.0.1. msmart-ng has no router and no list call of its own: it logs in on the
default host and lists through its own signed transport. midea-beautiful-air asks the router
first and follows the ``masUrl`` it answers. A machine without the peers fails here (never skips).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from benchmarks.peers.runner import PEERS_PYTHON, PeersUnavailableError, available, run_worker
from midea_cloud_emulator import CloudEmulator

WORKER = "benchmarks.peers.msmarthome_list"
INSTALL_HINT = (
    "the peer libraries msmart-ng and midea-beautiful-air are missing from "
    "benchmarks/.venv-peers; install them with `scripts/bench --install-peers`"
)
MSMART_NG = "msmart-ng"
MIDEA_BEAUTIFUL_AIR = "midea-beautiful-air"

EMAIL = "owner@example.com"
EU_EMAIL = "eu.owner@example.com"
PASSWORD = "Summer-2026-Password"

ROUTE = "/v1/multicloud/platform/user/route"
LOGIN_ID = "/v1/user/login/id/get"
LOGIN = "/mj/user/login"
LIST = "/v1/appliance/user/list/get"


@pytest.fixture
async def cloud(socket_enabled: None) -> AsyncIterator[CloudEmulator]:
    """An MSmartHome account on each host: three units on mp-prod, two on mp-eu-prod."""
    emulator = CloudEmulator(seed=14)
    emulator.add_account(EMAIL, PASSWORD, app="msmarthome")
    emulator.add_unit(EMAIL, name="Living room", power=True)
    emulator.add_unit(EMAIL, name="Séjour")
    emulator.add_unit(EMAIL, name="Office", online=False)
    emulator.add_account(EU_EMAIL, PASSWORD, app="msmarthome", region="mp-eu-prod")
    emulator.add_unit(EU_EMAIL, name="Bedroom")
    emulator.add_unit(EU_EMAIL, name="Kitchen")
    await emulator.start()
    yield emulator
    await emulator.stop()


async def list_with(
    peer: str, cloud: CloudEmulator, email: str, password: str = PASSWORD
) -> dict[str, Any]:
    """What ``peer`` answers after logging in to ``cloud`` and listing the units of ``email``."""
    if not available():
        pytest.fail(f"{PEERS_PYTHON} does not exist: {INSTALL_HINT}", pytrace=False)
    request = {
        "peer": peer,
        "entry": cloud.urls["mp-prod"],
        "server_map": cloud.server_map,
        "email": email,
        "password": password,
    }
    try:
        answer: dict[str, Any] = await run_worker(WORKER, request)
    except PeersUnavailableError as err:
        pytest.fail(f"{err}\n{INSTALL_HINT}", pytrace=False)
    return answer


def units_of(cloud: CloudEmulator, email: str) -> dict[str, tuple[str, str]]:
    """The emulator's units of ``email``: id -> (name, serial)."""
    return {
        unit.appliance_id: (unit.name, unit.serial) for unit in cloud.account(email).units.values()
    }


def listed(answer: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The peer's list: id -> (name, decrypted serial); a duplicate id fails."""
    units = {unit["id"]: (unit["name"], unit["sn"]) for unit in answer["units"]}
    assert len(units) == len(answer["units"]), answer["units"]
    return units


def calls(cloud: CloudEmulator) -> list[tuple[str, str]]:
    """(region, endpoint) of every request the emulator answered, in order."""
    return [(record.region, record.path) for record in cloud.requests]


def refusals(cloud: CloudEmulator) -> list[tuple[str, int | None]]:
    """(endpoint, code) of every request the emulator refused."""
    return [(record.path, record.error_code) for record in cloud.requests if record.error_code]


def login_accounts(cloud: CloudEmulator) -> list[str]:
    """The ``loginAccount`` of every /mj/user/login the emulator received."""
    return [
        record.params.get("loginAccount", "") for record in cloud.requests if record.path == LOGIN
    ]


async def test_msmart_ng_logs_in_and_lists_the_units(cloud: CloudEmulator) -> None:
    answer = await list_with(MSMART_NG, cloud, EMAIL)

    assert answer["error"] is None, answer
    assert listed(answer) == units_of(cloud, EMAIL)
    assert {unit["type"].lower() for unit in answer["units"]} == {"0xac"}
    assert calls(cloud) == [("mp-prod", LOGIN_ID), ("mp-prod", LOGIN), ("mp-prod", LIST)]
    assert refusals(cloud) == []
    assert login_accounts(cloud) == [EMAIL]


@pytest.mark.parametrize(
    ("email", "region"),
    [(EMAIL, "mp-prod"), (EU_EMAIL, "mp-eu-prod")],
    ids=["mp-prod", "mp-eu-prod"],
)
async def test_midea_beautiful_air_routes_logs_in_and_lists_the_units(
    cloud: CloudEmulator, email: str, region: str
) -> None:
    answer = await list_with(MIDEA_BEAUTIFUL_AIR, cloud, email)

    assert answer["error"] is None, answer
    assert listed(answer) == units_of(cloud, email)
    assert {unit["type"].lower() for unit in answer["units"]} == {"0xac"}
    assert calls(cloud) == [
        ("mp-prod", ROUTE),
        (region, LOGIN_ID),
        (region, LOGIN),
        (region, LIST),
    ]
    assert refusals(cloud) == []
    assert login_accounts(cloud) == [email]


@pytest.mark.parametrize("peer", [MSMART_NG, MIDEA_BEAUTIFUL_AIR])
async def test_a_wrong_password_is_refused_once_with_3101(cloud: CloudEmulator, peer: str) -> None:
    answer = await list_with(peer, cloud, EMAIL, password="not-the-password")

    assert answer["units"] == []
    assert answer["code"] == 3101, answer
    assert refusals(cloud) == [(LOGIN, 3101)]
    assert LIST not in {path for _, path in calls(cloud)}


async def test_msmart_ng_without_a_router_cannot_find_an_account_on_another_host(
    cloud: CloudEmulator,
) -> None:
    answer = await list_with(MSMART_NG, cloud, EU_EMAIL)

    assert answer["units"] == []
    assert answer["code"] == 3102, answer
    assert calls(cloud) == [("mp-prod", LOGIN_ID)]
    assert refusals(cloud) == [(LOGIN_ID, 3102)]


async def test_the_device_quota_counts_the_peers_login_devices(cloud: CloudEmulator) -> None:
    cloud.account(EMAIL).device_quota = 1

    first = await list_with(MSMART_NG, cloud, EMAIL)
    # msmart-ng draws a new deviceId in every process: another device for the quota
    second = await list_with(MSMART_NG, cloud, EMAIL)
    refused = await list_with(MIDEA_BEAUTIFUL_AIR, cloud, EMAIL)
    cloud.forget_devices(EMAIL)
    after_sign_out = await list_with(MIDEA_BEAUTIFUL_AIR, cloud, EMAIL)

    assert first["error"] is None, first
    assert (second["code"], refused["code"]) == (65027, 65027)
    assert refusals(cloud) == [(LOGIN, 65027), (LOGIN, 65027)]
    assert after_sign_out["error"] is None, after_sign_out
    assert listed(after_sign_out) == units_of(cloud, EMAIL)
