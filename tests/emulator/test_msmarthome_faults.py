"""MSmartHome's proxy: every fault kind, the sign check, paths, methods and answer codes."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest

from midea_cloud_emulator import CloudEmulator, FaultKind, SimulatedUnit

from .conftest import MSH_EMAIL, MSH_PASSWORD
from .raw_cloud import QUERY_V01, SET_V17, body_of, frame_is_intact
from .raw_proxy import (
    LIST,
    LOGIN,
    LOGIN_ID,
    PROXY,
    RANDOM,
    SEND,
    ProxyClient,
    ProxySession,
    code,
    sign,
    wrapped,
)
from .test_faults import REPLY_KINDS, reply_problem

BASIC = "Basic YWMyMWI5ZjljYmZlNGNhNWE4ODU2MmVmMjVlMmI3Njg6bWVpY2xvdWQ="
FRAME_KINDS = {
    FaultKind.BAD_PACKET_LENGTH,
    FaultKind.BAD_CRC,
    FaultKind.BAD_CHECKSUM,
    FaultKind.WRONG_BODY_TYPE,
    FaultKind.TRUNCATED_BODY,
}


@pytest.mark.parametrize(("kind", "problem"), REPLY_KINDS.items(), ids=str)
async def test_reply_faults_mangle_a_wrapped_reply_after_delivery(
    msh_emulator: CloudEmulator,
    proxy: ProxyClient,
    proxy_session: ProxySession,
    msh_unit: SimulatedUnit,
    kind: FaultKind,
    problem: str,
) -> None:
    msh_unit.state.power = False
    msh_emulator.faults.add(kind, path=SEND, appliance_id=msh_unit.appliance_id)
    packet = wrapped(SET_V17, int(msh_unit.appliance_id))

    broken = await proxy.send(proxy_session, msh_unit.appliance_id, packet)
    healthy = await proxy.send(proxy_session, msh_unit.appliance_id, packet)

    assert code(broken) == 0
    assert reply_problem(proxy_session, broken["data"]["reply"]) == problem  # type: ignore[arg-type]
    assert msh_unit.state.power, "the SET reached the unit before its reply broke"
    assert reply_problem(proxy_session, healthy["data"]["reply"]) == "ok"  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", sorted(FRAME_KINDS, key=str), ids=str)
async def test_frame_faults_break_a_raw_reply_frame(
    msh_emulator: CloudEmulator,
    proxy: ProxyClient,
    proxy_session: ProxySession,
    msh_unit: SimulatedUnit,
    kind: FaultKind,
) -> None:
    msh_emulator.faults.add(kind)

    frame = proxy.reply(
        proxy_session, await proxy.send(proxy_session, msh_unit.appliance_id, QUERY_V01)
    )

    assert frame[:1] == b"\xaa"
    broken = (
        len(frame) != frame[1] + 1
        or not frame_is_intact(frame)
        or body_of(frame)[0] != 0xC0
        or len(body_of(frame)) < 17
    )
    assert broken


async def test_answer_faults_in_the_proxy_envelope(
    msh_emulator: CloudEmulator, proxy: ProxyClient
) -> None:
    faults = msh_emulator.faults

    faults.add(FaultKind.NULL_ERROR_CODE)
    assert (await proxy.call(LOGIN_ID, loginAccount=MSH_EMAIL))["code"] is None
    faults.add(FaultKind.NULL_RESULT)
    null = await proxy.call(LOGIN_ID, loginAccount=MSH_EMAIL)
    assert (code(null), null["data"]) == (0, None)
    faults.add(FaultKind.EMPTY_RESULT)
    assert (await proxy.call(LOGIN_ID, loginAccount=MSH_EMAIL))["data"] == {}
    faults.add(FaultKind.ERROR_CODE, code=9999, path=LOGIN_ID)
    assert code(await proxy.call(LOGIN_ID, loginAccount=MSH_EMAIL)) == 9999
    assert code(await proxy.call(LOGIN_ID, loginAccount=MSH_EMAIL)) == 0
    assert [record.error_code for record in msh_emulator.requests] == [None, 0, 0, 9999, 0]


@pytest.mark.parametrize("kind", [FaultKind.NOT_JSON, FaultKind.TRUNCATED_JSON])
async def test_bodies_that_are_not_json(
    msh_emulator: CloudEmulator, proxy: ProxyClient, kind: FaultKind
) -> None:
    msh_emulator.faults.add(kind)

    answer = await proxy.post(LOGIN_ID, json.dumps(proxy.body(loginAccount=MSH_EMAIL)).encode())

    assert answer.status == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(await answer.text())


async def test_http_status_disconnect_and_delay(
    msh_emulator: CloudEmulator, proxy: ProxyClient
) -> None:
    raw = json.dumps(proxy.body(loginAccount=MSH_EMAIL)).encode()
    msh_emulator.faults.add(FaultKind.HTTP_STATUS, status=503)
    assert (await proxy.post(LOGIN_ID, raw)).status == 503

    msh_emulator.faults.add(FaultKind.DISCONNECT)
    with pytest.raises(aiohttp.ClientConnectionError):
        await proxy.post(LOGIN_ID, raw)

    msh_emulator.faults.add(FaultKind.DELAY, delay=0.5, path=LOGIN_ID)
    with pytest.raises(asyncio.TimeoutError):
        async with asyncio.timeout(0.1):
            await proxy.post(LOGIN_ID, raw)
    assert code(await proxy.call(LOGIN_ID, loginAccount=MSH_EMAIL)) == 0


async def test_kill_session_answers_40002(
    msh_emulator: CloudEmulator, proxy: ProxyClient, proxy_session: ProxySession
) -> None:
    msh_emulator.faults.add(FaultKind.KILL_SESSION, path=LIST)

    assert code(await proxy.call(LIST, proxy_session.token)) == 40002
    assert code(await proxy.call(LIST, proxy_session.token)) == 40002
    fresh = await proxy.login(MSH_EMAIL, MSH_PASSWORD)
    assert code(await proxy.call(LIST, fresh.token)) == 0


async def test_error_after_delivery_and_only_for_its_unit(
    msh_emulator: CloudEmulator,
    proxy: ProxyClient,
    proxy_session: ProxySession,
    msh_unit: SimulatedUnit,
) -> None:
    other = msh_emulator.add_unit(MSH_EMAIL, name="Bedroom")
    msh_emulator.faults.add(
        FaultKind.ERROR_CODE, code=3176, deliver=True, appliance_id=msh_unit.appliance_id
    )
    msh_unit.state.power = False

    assert code(await proxy.send(proxy_session, other.appliance_id, QUERY_V01)) == 0
    assert code(await proxy.send(proxy_session, msh_unit.appliance_id, SET_V17)) == 3176
    assert msh_unit.state.power


async def test_sign_and_authorization_checks(
    msh_emulator: CloudEmulator, proxy: ProxyClient
) -> None:
    raw = json.dumps(proxy.body(loginAccount=MSH_EMAIL)).encode()

    async def answer_code(**options: object) -> int:
        response = await proxy.post(LOGIN_ID, raw, **options)  # type: ignore[arg-type]
        return int(json.loads(await response.text())["code"])

    assert await answer_code(signature="0" * 64) == 44003
    assert await answer_code(signature="") == 44003
    assert await answer_code(headers={"random": "1764763200"}) == 44003
    assert await answer_code(headers={"Authorization": "Basic eDp5"}) == 44003
    assert await answer_code(headers={"Authorization": BASIC, "x-recipe-app": "1010"}) == 0
    assert await answer_code(signature=sign(raw, RANDOM).upper()) == 0


async def test_paths_methods_and_bodies(
    msh_emulator: CloudEmulator, proxy: ProxyClient, http: aiohttp.ClientSession
) -> None:
    base = msh_emulator.msmarthome_url
    async with http.get(base + PROXY + LOGIN_ID) as response:
        assert response.status == 405
    async with http.post(base + "/v1/user/login/id/get", data=b"{}") as response:
        assert response.status == 404
    async with http.post(msh_emulator.url + PROXY + LOGIN_ID, data=b"{}") as response:
        assert response.status == 404
    assert code(await proxy.call("/v1/unknown/endpoint")) == 40404
    response = await proxy.post(LOGIN_ID, b"not json")
    assert json.loads(await response.text())["code"] == "3004"
    async with http.post(
        base + "/mas/v5/app/proxy", params={"alias": LOGIN_ID}, data=b"{}"
    ) as response:
        assert response.status == 200
    assert msh_emulator.requests[-1].path == LOGIN_ID


async def test_codes_are_text_numbers_where_captured_or_all_numbers(
    msh_emulator: CloudEmulator, proxy: ProxyClient, proxy_session: ProxySession
) -> None:
    login = await proxy.login_raw(MSH_EMAIL, MSH_PASSWORD)
    login_id = await proxy.call(LOGIN_ID, loginAccount=MSH_EMAIL)
    listed = await proxy.call(LIST, proxy_session.token)
    error = await proxy.call(LIST)
    msh_emulator.error_codes_as_numbers = True
    numbers = [await proxy.call(LIST, proxy_session.token), await proxy.call(LIST)]

    assert login["code"] == 0  # a number, as captured
    assert (login_id["code"], listed["code"], error["code"]) == ("0", "0", "40001")
    assert [answer["code"] for answer in numbers] == [0, 40001]
    assert error["msg"]


async def test_login_records_carry_the_iot_data_fields(
    msh_emulator: CloudEmulator, proxy: ProxyClient, proxy_session: ProxySession
) -> None:
    login = next(record for record in msh_emulator.requests if record.path == LOGIN)

    assert login.region == "mp-prod"
    assert login.params["loginAccount"] == MSH_EMAIL
    assert json.loads(login.params["data"])["deviceId"] == proxy.device_id
    assert login.error_code == 0
    assert msh_emulator.logins(MSH_EMAIL) == 1
