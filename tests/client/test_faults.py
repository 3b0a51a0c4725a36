"""Every injected cloud fault ends in the codec's own error type, with bounded retries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from custom_components.midea_cloud.codec.client import MideaCloudClient
from custom_components.midea_cloud.codec.errors import (
    MideaConfigError,
    MideaError,
    MideaLegacyRelayError,
    MideaNetworkError,
    MideaNoReplyError,
    MideaProtocolError,
    MideaServerError,
    MideaSessionError,
    MideaUnconfirmedError,
)
from custom_components.midea_cloud.codec.model import AcChanges
from midea_cloud_emulator import CloudEmulator, FaultKind
from tests.emulator_helpers import units

from .conftest import ACCOUNT, FakeClock

ClientFactory = Callable[..., MideaCloudClient]
SEND = "/v1/appliance/transparent/send/new"
LOGIN = "/v1/user/login/new"

TRANSPORT_FAULTS = [
    (FaultKind.HTTP_STATUS, {"status": 500}, MideaNetworkError),
    (FaultKind.HTTP_STATUS, {"status": 502}, MideaNetworkError),
    (FaultKind.HTTP_STATUS, {"status": 503}, MideaNetworkError),
    (FaultKind.DISCONNECT, {}, MideaNetworkError),
    (FaultKind.DELAY, {"delay": 1.0}, MideaNetworkError),
    (FaultKind.NOT_JSON, {}, MideaProtocolError),
    (FaultKind.TRUNCATED_JSON, {}, MideaProtocolError),
    (FaultKind.NULL_ERROR_CODE, {}, MideaProtocolError),
]
REPLY_FAULTS = [
    FaultKind.GARBAGE_HEX,
    FaultKind.ODD_HEX,
    FaultKind.BAD_PADDING,
    FaultKind.BAD_CSV,
    FaultKind.CSV_OUT_OF_RANGE,
    FaultKind.BAD_PACKET_LENGTH,
    FaultKind.BAD_CRC,
    FaultKind.BAD_CHECKSUM,
    FaultKind.WRONG_BODY_TYPE,
    FaultKind.TRUNCATED_BODY,
]


@pytest.mark.parametrize(("kind", "options", "error"), TRANSPORT_FAULTS)
async def test_transport_fault_on_query(
    emulator: CloudEmulator,
    make_client: ClientFactory,
    kind: FaultKind,
    options: dict[str, int | float],
    error: type[MideaError],
) -> None:
    unit = units(emulator, ACCOUNT)[0]
    client = make_client(send_timeout=0.3)
    await client.login()
    emulator.faults.add(kind, path=SEND, count=None, **options)
    with pytest.raises(error):
        await client.query(unit.appliance_id)
    emulator.faults.clear()
    assert (await client.query(unit.appliance_id)).target_temperature == unit.state.target


@pytest.mark.parametrize(("kind", "options", "error"), TRANSPORT_FAULTS)
async def test_transport_fault_on_login(
    emulator: CloudEmulator,
    make_client: ClientFactory,
    kind: FaultKind,
    options: dict[str, int | float],
    error: type[MideaError],
) -> None:
    client = make_client(login_timeout=0.3)
    emulator.faults.add(kind, path=LOGIN, count=1, **options)
    with pytest.raises(error):
        await client.login()
    await client.login()
    assert client.logged_in


@pytest.mark.parametrize("kind", REPLY_FAULTS)
async def test_garbled_reply_is_a_protocol_error(
    emulator: CloudEmulator, make_client: ClientFactory, kind: FaultKind
) -> None:
    unit = units(emulator, ACCOUNT)[0]
    client = make_client()
    await client.login()
    emulator.faults.add(kind, path=SEND, count=None)
    with pytest.raises(MideaProtocolError):
        await client.query(unit.appliance_id)
    assert emulator.count(LOGIN) == 2  # counted as 1011 once: one fresh login, one retry
    assert emulator.count(SEND) == 2


@pytest.mark.parametrize("kind", REPLY_FAULTS)
async def test_one_garbled_reply_recovers_with_fresh_keys(
    emulator: CloudEmulator, make_client: ClientFactory, kind: FaultKind
) -> None:
    unit = units(emulator, ACCOUNT)[0]
    client = make_client()
    await client.login()
    emulator.faults.add(kind, path=SEND, count=1)
    assert (await client.query(unit.appliance_id)).power == unit.state.power


@pytest.mark.parametrize("code", [3106, 3144])
async def test_session_loss_mid_poll_relogs_in_once(
    emulator: CloudEmulator, make_client: ClientFactory, code: int
) -> None:
    unit = units(emulator, ACCOUNT)[0]
    client = make_client()
    await client.login()
    emulator.faults.add(FaultKind.ERROR_CODE, code=code, path=SEND, count=1)
    await client.query(unit.appliance_id)
    assert emulator.count(LOGIN) == 2
    emulator.faults.add(FaultKind.ERROR_CODE, code=code, path=SEND, count=2)
    with pytest.raises(MideaSessionError):
        await client.query(unit.appliance_id)
    assert emulator.count(LOGIN) == 3  # one re-login and one retry, never more


async def test_killed_session_recovers(emulator: CloudEmulator, make_client: ClientFactory) -> None:
    unit = units(emulator, ACCOUNT)[0]
    client = make_client()
    await client.login()
    emulator.faults.add(FaultKind.KILL_SESSION, path=SEND, count=1)
    assert (await client.query(unit.appliance_id)).mode == unit.state.mode
    assert emulator.count(LOGIN) == 2


@pytest.mark.parametrize(("code", "error"), [(3176, MideaNoReplyError), (9999, MideaServerError)])
async def test_query_is_retried_once_without_a_login(
    emulator: CloudEmulator, make_client: ClientFactory, code: int, error: type[MideaError]
) -> None:
    unit = units(emulator, ACCOUNT)[0]
    client = make_client()
    await client.login()
    emulator.faults.add(FaultKind.ERROR_CODE, code=code, path=SEND, count=1)
    await client.query(unit.appliance_id)
    emulator.faults.add(FaultKind.ERROR_CODE, code=code, path=SEND, count=5)
    with pytest.raises(error):
        await client.query(unit.appliance_id)
    assert emulator.count(SEND) == 4  # each query: one try and one retry
    assert emulator.count(LOGIN) == 1


async def test_account_moved_mid_session_is_detected_again(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    client = make_client()
    await client.login()
    emulator.faults.add(
        FaultKind.ERROR_CODE, code=3102, path="/v1/appliance/user/list/get", count=1
    )
    assert len(await client.list_appliances()) == 2
    assert emulator.count("/v1/user/login/id/get") == 4  # detection ran again from the start


async def test_no_fresh_login_for_a_garbled_reply_while_logins_are_blocked(
    emulator: CloudEmulator, make_client: ClientFactory, clock: FakeClock
) -> None:
    unit = units(emulator, ACCOUNT)[0]
    client = make_client()
    await client.login()
    client.login_blocked_until = clock.now.replace(hour=23)
    emulator.faults.add(FaultKind.BAD_CRC, path=SEND, count=None)
    with pytest.raises(MideaProtocolError):
        await client.query(unit.appliance_id)
    assert emulator.count(LOGIN) == 1


async def test_legacy_relay_error_on_the_new_relay_is_reported_as_is(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    unit = units(emulator, ACCOUNT)[0]
    emulator.faults.add(FaultKind.ERROR_CODE, code=1000, path=SEND)
    with pytest.raises(MideaLegacyRelayError) as caught:
        await make_client().query(unit.appliance_id)
    assert "randomData" not in str(caught.value)


@pytest.mark.parametrize("kind", REPLY_FAULTS)
async def test_garbled_confirmation_of_a_set_is_unconfirmed(
    emulator: CloudEmulator, make_client: ClientFactory, kind: FaultKind
) -> None:
    """Whatever layer of the reply is unreadable, the cloud took the command: only a query
    can tell what the unit did, and the command is never sent twice."""
    unit = units(emulator, ACCOUNT)[0]
    client = make_client()
    await client.query(unit.appliance_id)
    emulator.faults.add(kind, path=SEND)
    with pytest.raises(MideaUnconfirmedError) as caught:
        await client.apply(unit.appliance_id, AcChanges(power=False))
    assert caught.value.reached_cloud
    assert len(unit.received_sets) == 1
    assert unit.state.power is False  # it did arrive


async def test_a_non_numeric_appliance_id_is_refused_before_sending(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    with pytest.raises(MideaConfigError):
        await make_client().query("living-room")
    assert emulator.count(SEND) == 0


async def test_odd_region_domain_is_ignored(
    emulator: CloudEmulator, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    emulator.account(ACCOUNT).region_domain_value = "https://mapp-eu.appsmb.com.evil.example"
    client = make_client()
    assert len(await client.list_appliances()) == 2
    assert client.server == "https://mapp-eu.appsmb.com"
    assert "Ignoring an unexpected regionDomain" in caplog.text


@pytest.mark.parametrize("options", [{"profile": "msmarthome"}, {"relay_concurrency": 0}])
def test_bad_client_options(make_client: ClientFactory, options: dict[str, object]) -> None:
    with pytest.raises(MideaConfigError):
        make_client(**options)
