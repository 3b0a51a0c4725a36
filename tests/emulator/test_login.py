"""Login behaviour: region detection answers, password, sign, rate limit, session lifetime."""

from __future__ import annotations

import aiohttp
import pytest

from midea_cloud_emulator import CloudEmulator

from .conftest import EMAIL, PASSWORD
from .raw_cloud import (
    LIST,
    LOGIN_ID,
    LOGIN_NEW,
    NETHOME_PLUS,
    RawClient,
    RawSession,
    code,
    sign,
)


async def test_login_new_hands_out_cbc_session_keys(client: RawClient) -> None:
    session = await client.login(EMAIL, PASSWORD)

    assert len(session.data_key) == 16
    assert session.data_iv is not None
    assert len(session.data_iv) == 16
    assert session.result["regionDomain"] == "https://mapp.appsmb.com"
    assert session.result["userId"]


async def test_each_login_id_is_fresh(client: RawClient) -> None:
    assert await client.login_id(EMAIL) != await client.login_id(EMAIL)


async def test_other_regions_do_not_know_the_account(
    emulator: CloudEmulator, http: aiohttp.ClientSession
) -> None:
    for region in ("mapp-eu", "mapp-us"):
        answer = await RawClient(http, emulator.urls[region]).call(LOGIN_ID, loginAccount=EMAIL)
        assert code(answer) == 3102


async def test_unknown_account_and_other_app_answer_3102(
    emulator: CloudEmulator, http: aiohttp.ClientSession
) -> None:
    for region in ("mapp", "mapp-eu", "mapp-us"):
        answer = await RawClient(http, emulator.urls[region]).call(
            LOGIN_ID, loginAccount="nobody@example.com"
        )
        assert code(answer) == 3102
    nethome = RawClient(http, emulator.url, NETHOME_PLUS)
    assert code(await nethome.call(LOGIN_ID, loginAccount=EMAIL)) == 3102


async def test_account_in_another_region_gets_its_region_domain(
    emulator: CloudEmulator, http: aiohttp.ClientSession
) -> None:
    emulator.add_account("eu@example.com", "secret", app="nethome_plus", region="mapp-eu")
    client = RawClient(http, emulator.urls["mapp-eu"], NETHOME_PLUS)

    session = await client.login("eu@example.com", "secret")

    assert session.result["regionDomain"] == "https://mapp-eu.appsmb.com"
    assert emulator.server_map["https://mapp-eu.appsmb.com"] == emulator.urls["mapp-eu"]


async def test_region_domain_can_be_left_out(emulator: CloudEmulator, client: RawClient) -> None:
    emulator.account(EMAIL).region_domain = False

    session = await client.login(EMAIL, PASSWORD)

    assert "regionDomain" not in session.result


async def test_wrong_password_is_3101(client: RawClient) -> None:
    answer = await client.login_new_raw(EMAIL, "not the password")

    assert code(answer) == 3101


async def test_login_without_fresh_login_id_is_3144(client: RawClient) -> None:
    login_id = await client.login_id(EMAIL)
    fields = {
        "loginAccount": EMAIL,
        "password": client.password_hash(login_id, PASSWORD),
        "encryptVersion": "1",
    }
    assert code(await client.call(LOGIN_NEW, **fields)) == 0
    assert code(await client.call(LOGIN_NEW, **fields)) == 3144


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (lambda f: f.update(sign="0" * 64), 3301),
        (lambda f: f.update(loginAccount="other@example.com"), 3301),
        (lambda f: f.pop("sign"), 3301),
        (lambda f: f.update(appId="4242"), 3301),
    ],
    ids=["wrong-sign", "field-changed-after-signing", "no-sign", "unknown-app"],
)
async def test_bad_sign_is_3301(client: RawClient, tamper: object, expected: int) -> None:
    fields = client.fields(LOGIN_ID, loginAccount=EMAIL)
    tamper(fields)  # type: ignore[operator]

    response = await client.post_raw(LOGIN_ID, fields)

    assert code(await response.json()) == expected


async def test_bad_stamp_and_missing_common_field_are_3004(client: RawClient) -> None:
    bad_stamp = client.fields(LOGIN_ID, loginAccount=EMAIL, stamp="2026-01-01 12:00")
    assert code(await (await client.post_raw(LOGIN_ID, bad_stamp)).json()) == 3004

    fields = client.fields(LOGIN_ID, loginAccount=EMAIL)
    del fields["clientType"]
    fields["sign"] = sign(LOGIN_ID, fields, client.app_key)
    assert code(await (await client.post_raw(LOGIN_ID, fields)).json()) == 3004


async def test_too_many_logins_in_an_hour_is_7610(
    emulator: CloudEmulator, client: RawClient
) -> None:
    emulator.login_limit_per_hour = 3
    await client.login(EMAIL, PASSWORD)
    assert code(await client.login_new_raw(EMAIL, "wrong")) == 3101
    await client.login(EMAIL, PASSWORD)

    assert code(await client.login_new_raw(EMAIL, PASSWORD)) == 7610
    assert emulator.logins(EMAIL) == 4

    emulator.advance(3600)
    await client.login(EMAIL, PASSWORD)


async def test_expired_sessions_answer_3106(
    emulator: CloudEmulator, client: RawClient, session: RawSession
) -> None:
    assert code(await client.call(LIST, sessionId=session.session_id)) == 0

    emulator.expire_sessions(EMAIL)

    assert code(await client.call(LIST, sessionId=session.session_id)) == 3106
    fresh = await client.login(EMAIL, PASSWORD)
    assert code(await client.call(LIST, sessionId=fresh.session_id)) == 0


async def test_sessions_end_after_their_ttl(
    emulator: CloudEmulator, client: RawClient, session: RawSession
) -> None:
    emulator.advance(emulator.session_ttl - 1)
    assert code(await client.call(LIST, sessionId=session.session_id)) == 0

    emulator.advance(1)

    assert code(await client.call(LIST, sessionId=session.session_id)) == 3106


async def test_single_session_accounts_sign_out_older_sessions(
    emulator: CloudEmulator, client: RawClient, session: RawSession
) -> None:
    emulator.account(EMAIL).single_session = True

    newer = await client.login(EMAIL, PASSWORD)

    assert code(await client.call(LIST, sessionId=session.session_id)) == 3106
    assert code(await client.call(LIST, sessionId=newer.session_id)) == 0


async def test_a_session_is_only_valid_in_its_region(
    emulator: CloudEmulator, http: aiohttp.ClientSession, session: RawSession
) -> None:
    other = RawClient(http, emulator.urls["mapp-us"])

    assert code(await other.call(LIST, sessionId=session.session_id)) == 3106


async def test_only_post_is_allowed(emulator: CloudEmulator, http: aiohttp.ClientSession) -> None:
    async with http.get(emulator.url + LOGIN_ID) as response:
        assert response.status == 405
    assert emulator.count(LOGIN_ID) == 1


async def test_requests_are_recorded_with_their_error_code(
    emulator: CloudEmulator, client: RawClient
) -> None:
    await client.login_new_raw(EMAIL, "wrong")

    assert [(r.path, r.error_code) for r in emulator.requests] == [
        (LOGIN_ID, 0),
        (LOGIN_NEW, 3101),
    ]
    assert emulator.requests[0].params["loginAccount"] == EMAIL
    assert emulator.count() == 2
    assert emulator.logins(EMAIL) == 1
