"""query_capabilities through the emulator: pages, silent units, and ended sessions."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from custom_components.midea_cloud.codec.client import MideaCloudClient
from custom_components.midea_cloud.codec.errors import MideaNoReplyError
from custom_components.midea_cloud.codec.model import FanSpeed, Mode
from midea_cloud_emulator import COOL_ONLY, FULL, CloudEmulator, FaultKind
from tests.emulator_helpers import units

from .conftest import ACCOUNT, FakeClock

ClientFactory = Callable[..., MideaCloudClient]
SEND = "/v1/appliance/transparent/send/new"


async def test_two_pages_are_merged(emulator: CloudEmulator, make_client: ClientFactory) -> None:
    """A unit that flags a second page is asked twice; records of both pages count."""
    living, _ = units(emulator, ACCOUNT)
    living.capabilities = FULL

    found = await make_client().query_capabilities(living.appliance_id)

    assert emulator.count(SEND) == 2
    assert found.reported
    assert (found.display_control, found.frost_protection, found.filter_reminder) == (
        True,
        True,
        True,
    )
    assert found.fan_speeds >= {FanSpeed.SILENT, FanSpeed.TURBO}


async def test_one_page_is_one_request(emulator: CloudEmulator, make_client: ClientFactory) -> None:
    living, _ = units(emulator, ACCOUNT)
    living.capabilities = COOL_ONLY

    found = await make_client().query_capabilities(living.appliance_id)

    assert emulator.count(SEND) == 1
    assert found.modes == {Mode.COOL, Mode.FAN}
    assert (found.min_target, found.half_degrees) == (17.0, False)


async def test_silent_unit_raises_no_reply_without_a_retry(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    living, _ = units(emulator, ACCOUNT)

    with pytest.raises(MideaNoReplyError):
        await make_client().query_capabilities(living.appliance_id)

    assert emulator.count(SEND) == 1


async def test_unanswered_second_page_keeps_the_first(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    living, _ = units(emulator, ACCOUNT)
    living.capabilities = FULL
    emulator.faults.add(FaultKind.ERROR_CODE, code=3176, path=SEND, after=1)

    found = await make_client().query_capabilities(living.appliance_id)

    assert found.eco
    assert found.swing_horizontal
    assert found.display_control is False  # it is on the second page


async def test_a_session_ended_early_is_counted_once(
    emulator: CloudEmulator, make_client: ClientFactory, clock: FakeClock
) -> None:
    """Two requests failing on the same ended session count one takeover; a session that
    lived over an hour before it ended counts none."""
    living, bedroom = units(emulator, ACCOUNT)
    client = make_client(relay_concurrency=2)
    await client.query(living.appliance_id)

    emulator.expire_sessions(ACCOUNT)
    clock.advance(600)
    await asyncio.gather(client.query(living.appliance_id), client.query(bedroom.appliance_id))
    assert emulator.count(SEND) == 5  # one before, two refused with 3106, two repeated
    assert emulator.logins(ACCOUNT) == 2
    assert client.stats.sessions_ended_early == 1

    emulator.expire_sessions(ACCOUNT)
    clock.advance(3700)
    await client.query(living.appliance_id)
    assert client.stats.sessions_ended_early == 1
    assert client.stats.last_error_code == 3106
