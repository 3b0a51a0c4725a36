"""MSmartHome: routers, login/id/get, /mj/user/login, the device quota and session lifetime."""

from __future__ import annotations

import aiohttp
import pytest

from midea_cloud_emulator import CloudEmulator

from .conftest import MSH_EMAIL, MSH_PASSWORD
from .raw_proxy import (
    LIST,
    LOGIN,
    LOGIN_ID,
    ROUTE_A,
    ROUTE_B,
    ProxyClient,
    ProxySession,
    code,
    sign,
    under_app_key,
)

MAS_URL = "https://mp-prod.appsmb.com/mas/v5/app/proxy?alias="
EU_MAS_URL = "https://mp-eu-prod.appsmb.com/mas/v5/app/proxy?alias="
# MSMARTHOME §10 V14: the router's encrypted userName of user@example.com
V14_USER = "user@example.com"
V14_NAME = "3b976d7c85354a6faea1e1de797b36810786035477166ae21b1e4ad55e4dc7a5"
# §10 V1: body B1 and its sign for random 00112233445566778899aabbccddeeff
B1 = (
    '{"appId": "1010", "src": "1010", "format": 2, "clientType": 1, "language": "en_US", '
    '"deviceId": "c1acad8939ac0d7d", "stamp": "20261203120000", '
    '"reqId": "0123456789abcdef0123456789abcdef", "loginAccount": "user@example.com"}'
)
V1_SIGN = "a12905f409548c7657a6229b76f3bd3ba43564d52aeea98aa92fd2ddfd885c03"
# §10 V18: a whole login body (loginId 720fa8b0-..., password Passw0rd!) and its sign
V18_LOGIN_ID = "720fa8b0-f737-49e5-b9fa-588d627d"
V18_BODY = (
    '{"data": {"appKey": "ac21b9f9cbfe4ca5a88562ef25e2b768", "deviceId": "d4fcee355a8b22d6", '
    '"platform": "2"}, "iotData": {"src": "1010", "format": "2", "stamp": "20261203120000", '
    '"platformId": "1", "deviceId": "d4fcee355a8b22d6", '
    '"reqId": "0123456789abcdef0123456789abcdef", "clientType": "1", "appId": "1010", '
    '"language": "en_US", '
    '"iampwd": "c60cac437a7da40f0d7b41fe7c8fbc407465845bece26851046b2360fdb360f7", '
    '"loginAccount": "user@example.com", '
    '"password": "ebd210d670e514002c59bbc6d807014cf9b0d099f188960c976f25d0c2132041"}, '
    '"stamp": "20261203120000", "reqId": "fedcba9876543210fedcba9876543210"}'
)
V18_SIGN = "21bb228c25655310a9ae8f5a87d38872a5291f17b5b5ed7dc7a8aec8595d16e9"
# §10 V11: the wrapped session keys for dataKey 0123456789abcdef, dataIV fedcba9876543210
V11_KEYS = ("0123456789abcdef", "fedcba9876543210")
V11_ACCESS_TOKEN = "9c3cbae92cde658a41a2f053cd8c2daff954fb0103abc6dbb2776efddfe43629"
V11_RANDOM_DATA = "c34d95602a528c4968ff15e7ca105d2dbe6ccfa58d0bf985b65f045fc142e318"


@pytest.mark.parametrize("router", [ROUTE_A, ROUTE_B])
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
async def test_both_routers_answer_the_accounts_host(
    msh_emulator: CloudEmulator, proxy: ProxyClient, router: str, encrypted: bool
) -> None:
    msh_emulator.add_account("eu@example.com", "secret", app="msmarthome", region="mp-eu-prod")

    def name(email: str) -> str:
        return under_app_key(email) if encrypted else email

    home = await proxy.call(router, userName=name(MSH_EMAIL), userType="0")
    eu = await proxy.call(router, userName=name("eu@example.com"), userType="0")
    unknown = await proxy.call(router, userName=name("nobody@example.com"), userType="0")

    assert (code(home), home["data"]["masUrl"]) == (0, MAS_URL)
    assert eu["data"]["masUrl"] == EU_MAS_URL
    assert eu["data"]["countryCode"]
    assert (code(unknown), unknown["msg"]) == (10004, "USER_ROUTE_NOT_FOUND")
    assert (
        msh_emulator.server_map["https://mp-eu-prod.appsmb.com"] == msh_emulator.urls["mp-eu-prod"]
    )


async def test_router_knows_the_v14_encrypted_name_and_not_mapp_accounts(
    msh_emulator: CloudEmulator, proxy: ProxyClient
) -> None:
    msh_emulator.add_account(V14_USER, "pw", app="msmarthome")
    msh_emulator.add_account("mapp@example.com", "pw")

    assert code(await proxy.call(ROUTE_B, userName=V14_NAME)) == 0
    assert code(await proxy.call(ROUTE_A, userName="mapp@example.com")) == 10004


async def test_route_found_false_answers_10004(
    msh_emulator: CloudEmulator, proxy: ProxyClient
) -> None:
    msh_emulator.account(MSH_EMAIL).route_found = False

    for router in (ROUTE_A, ROUTE_B):
        assert code(await proxy.call(router, userName=MSH_EMAIL)) == 10004
    assert code(await proxy.call(LOGIN_ID, loginAccount=MSH_EMAIL)) == 0


async def test_login_id_only_on_the_accounts_host(
    msh_emulator: CloudEmulator, proxy: ProxyClient, http: aiohttp.ClientSession
) -> None:
    eu = ProxyClient(http, msh_emulator.urls["mp-eu-prod"])

    first, second = await proxy.login_id(MSH_EMAIL), await proxy.login_id(MSH_EMAIL)

    assert first != second
    assert code(await eu.call(LOGIN_ID, loginAccount=MSH_EMAIL)) == 3102
    assert code(await proxy.call(LOGIN_ID, loginAccount="nobody@example.com")) == 3102


async def test_v1_signed_body_is_accepted(msh_emulator: CloudEmulator, proxy: ProxyClient) -> None:
    msh_emulator.add_account(V14_USER, "pw", app="msmarthome")

    answer = await proxy.post(LOGIN_ID, B1.encode(), signature=V1_SIGN)

    assert answer.status == 200
    assert msh_emulator.requests[-1].error_code == 0
    assert msh_emulator.requests[-1].params["loginAccount"] == V14_USER


async def test_v18_login_with_the_spec_hashes(
    msh_emulator: CloudEmulator, proxy: ProxyClient
) -> None:
    account = msh_emulator.add_account(V14_USER, "Passw0rd!", app="msmarthome")
    account.session_keys = V11_KEYS
    account.login_id = V18_LOGIN_ID

    raw = V18_BODY.encode()
    random = "1764763200"
    assert sign(raw, random) == V18_SIGN
    answer = await proxy.post(LOGIN, raw, signature=V18_SIGN, headers={"random": random})

    assert answer.status == 200
    data = (await answer.json())["data"]
    assert (data["accessToken"], data["randomData"]) == (V11_ACCESS_TOKEN, V11_RANDOM_DATA)
    assert data["mdata"]["accessToken"].startswith("T1")
    assert account.login_devices == ["d4fcee355a8b22d6"]


async def test_login_unwraps_to_session_keys_that_read_the_list(
    proxy: ProxyClient, proxy_session: ProxySession
) -> None:
    data = proxy_session.data

    assert len(proxy_session.data_key) == len(proxy_session.data_iv) == 16
    assert data["mdata"]["accessToken"] != data["accessToken"]
    assert data["uid"]
    listed = await proxy.call(LIST, proxy_session.token)
    assert code(listed) == 0


@pytest.mark.parametrize(
    ("email", "password", "iam_password", "expected"),
    [
        (MSH_EMAIL, "wrong", None, 3101),
        (MSH_EMAIL, MSH_PASSWORD, "wrong", 3101),
    ],
    ids=["password", "iampwd"],
)
async def test_wrong_password_answers_3101(
    msh_emulator: CloudEmulator,
    proxy: ProxyClient,
    email: str,
    password: str,
    iam_password: str | None,
    expected: int,
) -> None:
    answer = await proxy.login_raw(email, password, iam_password=iam_password)

    assert code(answer) == expected
    assert msh_emulator.logins(MSH_EMAIL) == 1


async def test_unknown_account_logs_in_with_3102(proxy: ProxyClient) -> None:
    body = {"data": {"deviceId": "x"}, "iotData": {"loginAccount": "nobody@example.com"}}
    body["iotData"].update(password="0" * 64, iampwd="0" * 64)

    assert code(await proxy.call_body(LOGIN, body)) == 3102


async def test_login_without_a_login_id_answers_3144(proxy: ProxyClient) -> None:
    body = {"iotData": {"loginAccount": MSH_EMAIL, "password": "0" * 64, "iampwd": "0" * 64}}

    assert code(await proxy.call_body(LOGIN, body)) == 3144


async def test_login_limit_answers_7610(msh_emulator: CloudEmulator, proxy: ProxyClient) -> None:
    msh_emulator.login_limit_per_hour = 2

    await proxy.login(MSH_EMAIL, MSH_PASSWORD)
    await proxy.login(MSH_EMAIL, MSH_PASSWORD)
    assert code(await proxy.login_raw(MSH_EMAIL, MSH_PASSWORD)) == 7610
    msh_emulator.advance(3600)
    assert code(await proxy.login_raw(MSH_EMAIL, MSH_PASSWORD)) == 0


async def test_device_quota_answers_65027_until_the_devices_are_forgotten(
    msh_emulator: CloudEmulator, http: aiohttp.ClientSession
) -> None:
    msh_emulator.account(MSH_EMAIL).device_quota = 2
    url = msh_emulator.msmarthome_url
    first, second, third = (ProxyClient(http, url, f"{n:016x}") for n in (1, 2, 3))

    await first.login(MSH_EMAIL, MSH_PASSWORD)
    await second.login(MSH_EMAIL, MSH_PASSWORD)
    refused = await third.login_raw(MSH_EMAIL, MSH_PASSWORD)
    again = await first.login_raw(MSH_EMAIL, MSH_PASSWORD)
    msh_emulator.forget_devices(MSH_EMAIL)
    after = await third.login_raw(MSH_EMAIL, MSH_PASSWORD)

    assert (code(refused), code(again), code(after)) == (65027, 0, 0)
    assert "devices" in refused["msg"]


async def test_token_absent_dead_or_expired(
    msh_emulator: CloudEmulator, proxy: ProxyClient, proxy_session: ProxySession
) -> None:
    assert code(await proxy.call(LIST)) == 40001
    assert code(await proxy.call(LIST, "")) == 40001
    assert code(await proxy.call(LIST, "T1" + "0" * 32)) == 40002
    assert code(await proxy.call(LIST, proxy_session.token)) == 0

    msh_emulator.advance(msh_emulator.session_ttl)

    assert code(await proxy.call(LIST, proxy_session.token)) == 40002
    fresh = await proxy.login(MSH_EMAIL, MSH_PASSWORD)
    assert code(await proxy.call(LIST, fresh.token)) == 0


async def test_single_session_ends_the_older_session(
    msh_emulator: CloudEmulator, proxy: ProxyClient, proxy_session: ProxySession
) -> None:
    msh_emulator.account(MSH_EMAIL).single_session = True

    newer = await proxy.login(MSH_EMAIL, MSH_PASSWORD)

    assert code(await proxy.call(LIST, proxy_session.token)) == 40002
    assert code(await proxy.call(LIST, newer.token)) == 0


async def test_a_mapp_session_is_no_msmarthome_token(
    msh_emulator: CloudEmulator, proxy: ProxyClient, http: aiohttp.ClientSession
) -> None:
    from .raw_cloud import RawClient

    msh_emulator.add_account("mapp@example.com", "pw")
    mapp = await RawClient(http, msh_emulator.url).login("mapp@example.com", "pw")

    assert code(await proxy.call(LIST, mapp.session_id)) == 40002


def test_accounts_live_only_on_their_apps_hosts() -> None:
    cloud = CloudEmulator()
    with pytest.raises(ValueError, match="no region 'mapp'"):
        cloud.add_account("a@example.com", "pw", app="msmarthome", region="mapp")
    with pytest.raises(ValueError, match="no region 'mp-prod'"):
        cloud.add_account("b@example.com", "pw", region="mp-prod")
    assert cloud.add_account("c@example.com", "pw", app="msmarthome").region == "mp-prod"
    moved = cloud.move_account("c@example.com", app="midea_air")
    assert moved.region == "mapp"
