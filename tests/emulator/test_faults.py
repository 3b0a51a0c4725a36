"""Fault injection: every kind once, plus counting, filters, latency and random 3176."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp
import pytest

from midea_cloud_emulator import CloudEmulator, FaultKind, SimulatedUnit

from .conftest import EMAIL, PASSWORD
from .raw_cloud import (
    LIST,
    LOGIN_ID,
    QUERY_V01,
    SEND_NEW,
    SET_V17,
    RawClient,
    RawSession,
    body_of,
    code,
    crc8_bitwise,
)


def reply_problem(session: RawSession, reply: str) -> str:
    """The first decoding stage a relay reply fails, or "ok"."""
    if len(reply) % 2:
        return "odd hex"
    try:
        data = bytes.fromhex(reply)
    except ValueError:
        return "not hex"
    assert session.data_iv is not None
    from Crypto.Cipher import AES

    plain = AES.new(session.data_key, AES.MODE_CBC, iv=session.data_iv).decrypt(data)
    if not 1 <= plain[-1] <= 16 or plain[-plain[-1] :] != bytes([plain[-1]]) * plain[-1]:
        return "bad padding"
    items = plain[: -plain[-1]].decode("ascii").split(",")
    if not all(item.lstrip("-").isdigit() for item in items):
        return "not csv"
    numbers = [int(item) for item in items]
    if not all(-128 <= n <= 255 for n in numbers):
        return "csv out of range"
    packet = bytes(n & 0xFF for n in numbers)
    frame = packet[40 : 40 + packet[41] + 1]
    if len(frame) != packet[41] + 1:
        return "frame does not fit"
    if (256 - sum(frame[1:-1])) % 256 != frame[-1]:
        return "bad checksum"
    body = body_of(frame)
    if frame[-2] not in (crc8_bitwise(body), (256 - sum(body)) % 256):
        return "bad crc"
    if body[0] != 0xC0:
        return "not c0"
    if len(body) < 17:
        return "short body"
    return "ok"


REPLY_KINDS = {
    FaultKind.GARBAGE_HEX: "not hex",
    FaultKind.ODD_HEX: "odd hex",
    FaultKind.BAD_PADDING: "bad padding",
    FaultKind.BAD_CSV: "not csv",
    FaultKind.CSV_OUT_OF_RANGE: "csv out of range",
    FaultKind.BAD_PACKET_LENGTH: "frame does not fit",
    FaultKind.BAD_CRC: "bad crc",
    FaultKind.BAD_CHECKSUM: "bad checksum",
    FaultKind.WRONG_BODY_TYPE: "not c0",
    FaultKind.TRUNCATED_BODY: "short body",
}


@pytest.mark.parametrize(("kind", "problem"), REPLY_KINDS.items(), ids=str)
async def test_reply_faults_break_one_decoding_stage_after_delivery(
    emulator: CloudEmulator, client: RawClient, session: RawSession, kind: FaultKind, problem: str
) -> None:
    unit = emulator.unit(next(iter(emulator.account(EMAIL).units)))
    unit.state.power = False
    emulator.faults.add(kind)

    broken = await client.send(session, unit.appliance_id, SET_V17)
    healthy = await client.send(session, unit.appliance_id, QUERY_V01)

    assert code(broken) == 0
    assert reply_problem(session, broken["result"]["reply"]) == problem
    assert unit.state.power, "the SET reached the unit before its reply broke"
    assert reply_problem(session, healthy["result"]["reply"]) == "ok"


async def _post(client: RawClient, path: str, **extra: str) -> aiohttp.ClientResponse:
    return await client.post_raw(path, client.fields(path, **extra))


async def test_http_status(emulator: CloudEmulator, client: RawClient) -> None:
    emulator.faults.add(FaultKind.HTTP_STATUS, status=503)

    response = await _post(client, LOGIN_ID, loginAccount=EMAIL)

    assert response.status == 503
    assert emulator.requests[-1].error_code is None
    assert code(await client.call(LOGIN_ID, loginAccount=EMAIL)) == 0


async def test_redirect_status_is_not_a_followable_answer(
    emulator: CloudEmulator, client: RawClient
) -> None:
    emulator.faults.add(FaultKind.HTTP_STATUS, status=302)

    async with client.http.post(
        client.base + LOGIN_ID, data=client.fields(LOGIN_ID), allow_redirects=False
    ) as response:
        assert response.status == 302


async def test_delay_outlasts_a_client_timeout(emulator: CloudEmulator, client: RawClient) -> None:
    emulator.faults.add(FaultKind.DELAY, delay=0.5, path=LOGIN_ID)

    with pytest.raises(asyncio.TimeoutError):
        async with client.http.post(
            client.base + LOGIN_ID,
            data=client.fields(LOGIN_ID, loginAccount=EMAIL),
            timeout=aiohttp.ClientTimeout(total=0.1),
        ) as response:
            await response.read()
    assert code(await client.call(LOGIN_ID, loginAccount=EMAIL)) == 0


async def test_delay_then_normal_answer(emulator: CloudEmulator, client: RawClient) -> None:
    emulator.faults.add(FaultKind.DELAY, delay=0.2)
    started = time.monotonic()

    answer = await client.call(LOGIN_ID, loginAccount=EMAIL)

    assert code(answer) == 0
    assert time.monotonic() - started >= 0.2


async def test_disconnect(emulator: CloudEmulator, client: RawClient) -> None:
    emulator.faults.add(FaultKind.DISCONNECT)

    with pytest.raises(aiohttp.ClientConnectionError):
        await _post(client, LOGIN_ID, loginAccount=EMAIL)
    assert code(await client.call(LOGIN_ID, loginAccount=EMAIL)) == 0


@pytest.mark.parametrize("kind", [FaultKind.NOT_JSON, FaultKind.TRUNCATED_JSON])
async def test_bodies_that_are_not_json(
    emulator: CloudEmulator, client: RawClient, kind: FaultKind
) -> None:
    emulator.faults.add(kind)

    response = await _post(client, LOGIN_ID, loginAccount=EMAIL)

    assert response.status == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(await response.text())


async def test_null_error_code(emulator: CloudEmulator, client: RawClient) -> None:
    emulator.faults.add(FaultKind.NULL_ERROR_CODE)

    answer = await client.call(LOGIN_ID, loginAccount=EMAIL)

    assert answer["errorCode"] is None


async def test_error_code_only_on_its_path(
    emulator: CloudEmulator, client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    emulator.faults.add(FaultKind.ERROR_CODE, code=9999, path=SEND_NEW)
    unit.state.power = False

    assert code(await client.call(LIST, sessionId=session.session_id)) == 0
    assert code(await client.send(session, unit.appliance_id, SET_V17)) == 9999
    assert not unit.state.power, "without deliver the unit never saw the SET"
    assert code(await client.send(session, unit.appliance_id, SET_V17)) == 0


async def test_error_code_after_delivery(
    emulator: CloudEmulator, client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    emulator.faults.add(FaultKind.ERROR_CODE, code=3176, deliver=True)
    unit.state.power = False

    assert code(await client.send(session, unit.appliance_id, SET_V17)) == 3176
    assert unit.state.power


async def test_fault_after_some_requests(
    emulator: CloudEmulator, client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    emulator.faults.add(FaultKind.ERROR_CODE, code=3176, path=SEND_NEW, after=1)

    assert code(await client.send(session, unit.appliance_id, SET_V17)) == 0
    assert code(await client.send(session, unit.appliance_id, SET_V17)) == 3176
    assert code(await client.send(session, unit.appliance_id, SET_V17)) == 0


async def test_kill_session(
    emulator: CloudEmulator, client: RawClient, session: RawSession
) -> None:
    emulator.faults.add(FaultKind.KILL_SESSION, path=LIST)

    assert code(await client.call(LIST, sessionId=session.session_id)) == 3106
    assert code(await client.call(LIST, sessionId=session.session_id)) == 3106
    fresh = await client.login(EMAIL, PASSWORD)
    assert code(await client.call(LIST, sessionId=fresh.session_id)) == 0


async def test_count_and_until_cleared(emulator: CloudEmulator, client: RawClient) -> None:
    emulator.faults.add(FaultKind.ERROR_CODE, code=9999, count=2)

    codes = [code(await client.call(LOGIN_ID, loginAccount=EMAIL)) for _ in range(3)]
    assert codes == [9999, 9999, 0]

    emulator.faults.add(FaultKind.ERROR_CODE, code=3004, count=None)
    codes = [code(await client.call(LOGIN_ID, loginAccount=EMAIL)) for _ in range(3)]
    assert codes == [3004, 3004, 3004]

    emulator.faults.clear()
    assert code(await client.call(LOGIN_ID, loginAccount=EMAIL)) == 0


async def test_appliance_filter(
    emulator: CloudEmulator, client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    other = emulator.add_unit(EMAIL, name="Bedroom")
    emulator.faults.add(FaultKind.ERROR_CODE, code=3123, appliance_id=other.appliance_id)

    assert code(await client.send(session, unit.appliance_id, QUERY_V01)) == 0
    assert code(await client.send(session, other.appliance_id, QUERY_V01)) == 3123


async def test_error_codes_may_be_numbers(emulator: CloudEmulator, client: RawClient) -> None:
    emulator.error_codes_as_numbers = True

    assert (await client.call(LOGIN_ID, loginAccount=EMAIL))["errorCode"] == 0
    assert (await client.call(LOGIN_ID, loginAccount="x@example.com"))["errorCode"] == 3102


async def test_latency_is_added_to_every_request(
    emulator: CloudEmulator, client: RawClient
) -> None:
    emulator.faults.latency = 0.15
    started = time.monotonic()

    await client.call(LOGIN_ID, loginAccount=EMAIL)
    await client.call(LOGIN_ID, loginAccount=EMAIL)

    assert time.monotonic() - started >= 0.3


async def _relay_codes(emulator: CloudEmulator, http: aiohttp.ClientSession) -> list[Any]:
    client = RawClient(http, emulator.url)
    session = await client.login(EMAIL, PASSWORD)
    unit = next(iter(emulator.account(EMAIL).units.values()))
    return [code(await client.send(session, unit.appliance_id, QUERY_V01)) for _ in range(12)]


async def test_random_3176_is_seeded(emulator: CloudEmulator, http: aiohttp.ClientSession) -> None:
    twin = CloudEmulator(seed=7)
    twin.add_account(EMAIL, PASSWORD)
    twin.add_unit(EMAIL, name="Living room")
    emulator.faults.random_3176 = twin.faults.random_3176 = 0.5
    await twin.start()
    try:
        first = await _relay_codes(emulator, http)
        second = await _relay_codes(twin, http)
    finally:
        await twin.stop()

    assert first == second
    assert set(first) == {0, 3176}
