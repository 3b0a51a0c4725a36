"""Login against the emulator: server detection, override, credentials, rate limits, fallback."""

from __future__ import annotations

from collections.abc import Callable
import logging

import pytest

from custom_components.midea_cloud.codec.client import MideaCloudClient
from custom_components.midea_cloud.codec.errors import (
    MideaAccountNotFoundError,
    MideaAuthError,
    MideaConfigError,
    MideaLegacyRelayError,
    MideaLoginBudgetError,
    MideaNetworkError,
    MideaRateLimitedError,
)
from midea_cloud_emulator import CloudEmulator, FaultKind
from tests.emulator_helpers import secrets, units

from .conftest import ACCOUNT, PASSWORD, FakeClock

ClientFactory = Callable[..., MideaCloudClient]


async def test_detects_the_accounts_region(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    client = make_client()
    await client.login()
    assert client.server == "https://mapp-eu.appsmb.com"
    assert client.user_id
    assert emulator.count("/v1/user/login/id/get") == 2  # mapp answers 3102, mapp-eu knows it
    assert emulator.count("/v1/user/login/new") == 1


async def test_remembers_the_detected_server(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    client = make_client()
    await client.login()
    await client.login()
    assert emulator.count("/v1/user/login/id/get") == 3  # the second login goes straight there


async def test_override_skips_detection(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    emulator.add_account("home@example.com", PASSWORD, region="mapp")
    client = make_client(account="home@example.com", server=emulator.url, server_map=None)
    await client.login()
    assert client.server == emulator.url
    assert emulator.count("/v1/user/login/id/get") == 1


async def test_override_in_another_region_is_not_probed(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    client = make_client(server=emulator.url, server_map=None)
    with pytest.raises(MideaAccountNotFoundError):
        await client.login()
    assert emulator.count("/v1/user/login/id/get") == 1


@pytest.mark.parametrize(
    "server",
    ["http://example.com", "ftp://127.0.0.1", "https://example.com/path", "https://u:p@h.com"],
)
def test_refuses_unsafe_server_overrides(make_client: ClientFactory, server: str) -> None:
    with pytest.raises(MideaConfigError):
        make_client(server=server)


async def test_wrong_password_is_not_retried(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    client = make_client(password="wrong")
    with pytest.raises(MideaAuthError):
        await client.login()
    assert emulator.count("/v1/user/login/new") == 1
    assert not client.logged_in


async def test_unknown_account_suggests_the_other_app(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    client = make_client(account="nobody@example.com")
    with pytest.raises(MideaAccountNotFoundError, match="other app"):
        await client.login()
    assert emulator.count("/v1/user/login/id/get") == 3


async def test_no_server_reachable_is_a_network_error(
    make_client: ClientFactory, unused_tcp_port: int
) -> None:
    dead = f"http://127.0.0.1:{unused_tcp_port}"
    client = make_client(
        server_map=dict.fromkeys(
            ("https://mapp.appsmb.com", "https://mapp-eu.appsmb.com", "https://mapp-us.appsmb.com"),
            dead,
        )
    )
    with pytest.raises(MideaNetworkError):
        await client.login()


async def test_rate_limit_blocks_logins_for_an_hour(
    emulator: CloudEmulator, make_client: ClientFactory, clock: FakeClock
) -> None:
    emulator.faults.add(FaultKind.ERROR_CODE, code=7610, path="/v1/user/login/new")
    client = make_client()
    with pytest.raises(MideaRateLimitedError) as caught:
        await client.login()
    assert (caught.value.until - clock.now).total_seconds() == 3600
    clock.advance(3599)
    with pytest.raises(MideaRateLimitedError):
        await client.login()
    assert emulator.count("/v1/user/login/new") == 1  # the blocked attempt sent nothing
    clock.advance(1)
    await client.login()
    assert client.logged_in


async def test_persisted_block_is_honoured(
    emulator: CloudEmulator, make_client: ClientFactory, clock: FakeClock
) -> None:
    client = make_client(login_blocked_until=clock.now.replace(hour=13))
    with pytest.raises(MideaRateLimitedError):
        await client.list_appliances()
    assert emulator.count() == 0


async def test_concurrent_callers_share_one_login(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    import asyncio

    client = make_client()
    results = await asyncio.gather(*(client.list_appliances() for _ in range(5)))
    assert all(len(units) == 2 for units in results)
    assert emulator.count("/v1/user/login/new") == 1


async def test_automatic_logins_are_budgeted(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    client = make_client()
    for _ in range(3):
        emulator.expire_sessions()
        await client.list_appliances()
    emulator.expire_sessions()
    with pytest.raises(MideaLoginBudgetError):
        await client.list_appliances()
    assert emulator.count("/v1/user/login/new") == 3


async def test_missing_random_data_falls_back_to_the_old_login(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    emulator.account(ACCOUNT).random_data = False
    client = make_client()
    units = await client.list_appliances()
    assert emulator.count("/v1/user/login") == 1
    with pytest.raises(MideaLegacyRelayError, match="did not provide randomData"):
        await client.query(units[0].id)


async def test_legacy_relay_works_when_the_cloud_allows_it(
    socket_enabled: None, make_client: ClientFactory, http: object
) -> None:
    emu = CloudEmulator(legacy_relay_works=True)
    account = emu.add_account(ACCOUNT, PASSWORD, region="mapp")
    account.random_data = False
    unit = emu.add_unit(ACCOUNT, name="Hall", power=True, mode=4, target=21.0)
    await emu.start()
    try:
        client = make_client(server=emu.url, server_map=None)
        state = await client.query(unit.appliance_id)
        assert (state.power, state.mode, state.target_temperature) == (True, 4, 21.0)
        assert emu.count("/v1/appliance/transparent/send") == 1
    finally:
        await emu.stop()


async def test_login_logs_no_secret(
    emulator: CloudEmulator, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client()
    units = await client.list_appliances()
    await client.query(units[0].id)
    text = caplog.text + repr(client)
    for secret in secrets(emulator, ACCOUNT, PASSWORD):
        assert secret not in text


async def test_rejected_password_is_tried_once_for_all_callers(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    import asyncio

    client = make_client()
    await client.login()
    emulator.account(ACCOUNT).password_digest = "0" * 64  # the password was changed in the app
    emulator.expire_sessions()
    results = await asyncio.gather(
        *(client.query(unit.appliance_id) for unit in units(emulator, ACCOUNT)),
        return_exceptions=True,
    )
    assert [type(result) for result in results] == [MideaAuthError, MideaAuthError]
    assert emulator.count("/v1/user/login/new") == 2
    with pytest.raises(MideaAuthError):
        await client.list_appliances()
    assert emulator.count("/v1/user/login/new") == 2  # the same credentials are never retried
    with pytest.raises(MideaAuthError):
        await client.login()  # an explicit login is the caller's decision
    assert emulator.count("/v1/user/login/new") == 3


async def test_failed_first_login_is_shared_by_waiting_callers(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    import asyncio

    emulator.faults.add(FaultKind.HTTP_STATUS, status=503, path="/v1/user/login/id/get", count=None)
    client = make_client()
    results = await asyncio.gather(
        *(client.list_appliances() for _ in range(4)), return_exceptions=True
    )
    assert all(isinstance(result, MideaNetworkError) for result in results)
    assert emulator.count("/v1/user/login/id/get") == 3  # one probe of the three servers
