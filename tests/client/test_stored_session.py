"""A session kept between runs: used without a login until the cloud ends it, never leaking."""

from __future__ import annotations

from collections.abc import Callable
import json

import pytest

from custom_components.midea_cloud.codec.client import MideaCloudClient
from custom_components.midea_cloud.codec.errors import MideaConfigError, MideaRateLimitedError
from custom_components.midea_cloud.codec.session import StoredSession
from midea_cloud_emulator import CloudEmulator

from .conftest import ACCOUNT

ClientFactory = Callable[..., MideaCloudClient]


async def logged_in_session(make_client: ClientFactory) -> StoredSession:
    client = make_client()
    await client.list_appliances()
    stored = client.stored_session
    assert stored is not None
    return stored


async def test_a_restored_session_needs_no_login(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    stored = StoredSession.from_dict(
        json.loads(json.dumps((await logged_in_session(make_client)).as_dict()))
    )
    client = make_client()

    assert client.restore_session(stored)
    appliances = await client.list_appliances()
    await client.query(appliances[0].id)

    assert emulator.logins(ACCOUNT) == 1
    assert client.server == stored.server
    assert client.stored_session is not None
    assert client.stored_session.as_dict() == stored.as_dict()


async def test_a_session_the_cloud_ended_is_replaced_and_reported(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    stored = await logged_in_session(make_client)
    client = make_client()
    client.restore_session(stored)
    reported: list[StoredSession | None] = []
    client.session_listener = reported.append
    emulator.expire_sessions(ACCOUNT)

    await client.list_appliances()

    assert emulator.logins(ACCOUNT) == 2
    assert len(reported) == 1
    assert reported[0] is not None
    assert reported[0].session_id != stored.session_id


async def test_a_lost_session_without_a_permitted_login_is_reported_as_none(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    stored = await logged_in_session(make_client)
    client = make_client()
    client.restore_session(stored)
    reported: list[StoredSession | None] = []
    client.session_listener = reported.append
    emulator.expire_sessions(ACCOUNT)
    emulator.login_limit_per_hour = 0

    with pytest.raises(MideaRateLimitedError):
        await client.list_appliances()

    assert reported == [None]
    assert client.stored_session is None


async def test_a_session_of_another_server_is_not_used(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    stored = await logged_in_session(make_client)
    client = make_client(server="https://mapp-us.appsmb.com")

    assert not client.restore_session(stored)
    assert client.stored_session is None


@pytest.mark.parametrize(
    "change",
    [
        {"session_id": ""},
        {"data_key": "not hex"},
        {"data_key": "00"},
        {"legacy": "no"},
        {"created": "yesterday"},
        {"created": "2026-07-01T12:00:00"},
        {"server": None},
    ],
)
async def test_an_unreadable_stored_session_is_a_config_error(
    make_client: ClientFactory, change: dict[str, object]
) -> None:
    data = (await logged_in_session(make_client)).as_dict() | change
    with pytest.raises(MideaConfigError, match="stored session"):
        StoredSession.from_dict(data)


async def test_a_stored_session_never_prints_its_secrets(make_client: ClientFactory) -> None:
    stored = await logged_in_session(make_client)
    text = f"{stored!r} {stored!s}"
    assert stored.session_id not in text
    assert stored.keys.data_key.hex() not in text
