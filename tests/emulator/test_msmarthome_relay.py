"""MSmartHome's transparent/send: both framings, both CSV forms, refusals and errors."""

from __future__ import annotations

import logging

import aiohttp
import pytest

from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from .conftest import MSH_EMAIL, MSH_PASSWORD
from .raw_cloud import CAPABILITIES_V68, QUERY_V01, SET_V17, C0View
from .raw_proxy import SEND, ProxyClient, ProxySession, code, wrapped

# MSMARTHOME §10 V11/V15/V16: the session keys, and QUERY_V01 as an order in both framings
V11_KEYS = ("0123456789abcdef", "fedcba9876543210")
V16_APPLIANCE = "152832116524635"
V15_ORDER = (
    "5ac013a71b154f1697e5bb14a51a8dbb6094e82d66d061117594a3f25aff434e9f03a651325caab5fd4c455f"
    "1e85f5e519684935bff5e8b8472e013cf4d91efa49f6a4406261d10a8e2d3a256033d608"
)
V16_ORDER = (
    "5fe186bac845a50b6cd98455d05b089fe160999ff6e822cdb2f4212802573dd72e71e8011a326488a2d157eb"
    "641ee7d2da393a84bac4f5f97430bd11ce2a9dfa7d48822e21bebfc0bff7141662e5b2041c80bf674b940595"
    "fb3ba9fa10b436217ceed9b5fbc02b3486e2a71e82c592deb55de496a3dc4aa108e756f5ecb6829ae0eab92c"
    "3f7b4a5b3a41f9e6e6c7c39bb7c3fc08a1ea3cfe909eccae7af6461d9c1232f5644bfdfd238ab99f0fe80d77"
    "90f64a63810da305939eb7df1ee509633a6aa75496ce137a4728a8c2b170de4bbe5724dc122564d2aeff7e66"
    "a0a3ed4ddc5fcc82abcfded6d05ccf2e08377a27"
)
VARIANTS = [("raw", True), ("raw", False), ("wrapped", True), ("wrapped", False)]


def _frame_of(reply: bytes) -> bytes:
    if reply[:2] == b"\x5a\x5a":
        return reply[40 : 40 + reply[41] + 1]
    return reply


def _payload(framing: str, frame: bytes, unit: SimulatedUnit) -> bytes:
    return frame if framing == "raw" else wrapped(frame, int(unit.appliance_id))


@pytest.fixture
async def spec_session(
    msh_emulator: CloudEmulator, http: aiohttp.ClientSession
) -> tuple[ProxyClient, ProxySession, SimulatedUnit]:
    """The V11 session keys and a unit whose id is V16's applianceCode."""
    msh_emulator.account(MSH_EMAIL).session_keys = V11_KEYS
    unit = msh_emulator.add_unit(MSH_EMAIL, name="Study", appliance_id=V16_APPLIANCE, power=True)
    client = ProxyClient(http, msh_emulator.msmarthome_url)
    return client, await client.login(MSH_EMAIL, MSH_PASSWORD), unit


@pytest.mark.parametrize("order", [V15_ORDER, V16_ORDER], ids=["v15-raw-signed", "v16-p262"])
async def test_spec_orders_reach_the_unit(
    spec_session: tuple[ProxyClient, ProxySession, SimulatedUnit], order: str
) -> None:
    client, session, unit = spec_session

    answer = await client.call(
        SEND, session.token, applianceCode=unit.appliance_id, order=order, isFull="false"
    )

    assert unit.received_frames == [QUERY_V01]
    reply = client.reply(session, answer)
    assert (reply[:1] == b"\xaa") is (order == V15_ORDER)
    assert C0View.parse(_frame_of(reply)).power


@pytest.mark.parametrize(("framing", "signed"), VARIANTS, ids=[f"{f}-{s}" for f, s in VARIANTS])
async def test_every_variant_is_answered_in_its_framing_with_signed_csv(
    msh_emulator: CloudEmulator,
    proxy: ProxyClient,
    proxy_session: ProxySession,
    msh_unit: SimulatedUnit,
    framing: str,
    signed: bool,
) -> None:
    msh_unit.state.power = False

    answer = await proxy.send(
        proxy_session, msh_unit.appliance_id, _payload(framing, SET_V17, msh_unit), signed=signed
    )

    assert code(answer) == 0
    assert msh_unit.received_frames == [SET_V17]
    assert msh_unit.state.power
    assert msh_unit.decoded_sets[-1]["applied"]
    reply = proxy.reply(proxy_session, answer)
    assert (reply[:2] == b"\x5a\x5a") is (framing == "wrapped")
    assert C0View.parse(_frame_of(reply)).power
    record = msh_emulator.requests[-1]
    assert (record.path, record.params["applianceCode"]) == (SEND, msh_unit.appliance_id)


async def test_reply_csv_is_signed(
    proxy: ProxyClient, proxy_session: ProxySession, msh_unit: SimulatedUnit
) -> None:
    from .raw_cloud import aes_decrypt

    answer = await proxy.send(proxy_session, msh_unit.appliance_id, QUERY_V01, signed=False)

    plain = aes_decrypt(
        proxy_session.data_key, proxy_session.data_iv, bytes.fromhex(answer["data"]["reply"])
    ).decode()
    numbers = [int(item) for item in plain.split(",")]
    assert numbers[0] == -86
    assert all(-128 <= n <= 127 for n in numbers)


@pytest.mark.parametrize(("framing", "signed"), VARIANTS, ids=[f"{f}-{s}" for f, s in VARIANTS])
async def test_refused_variants_answer_1000_and_reach_no_unit(
    msh_emulator: CloudEmulator,
    proxy: ProxyClient,
    proxy_session: ProxySession,
    msh_unit: SimulatedUnit,
    framing: str,
    signed: bool,
) -> None:
    msh_emulator.refused_framings = {framing}
    other_framing = "raw" if framing == "wrapped" else "wrapped"

    refused = await proxy.send(
        proxy_session, msh_unit.appliance_id, _payload(framing, QUERY_V01, msh_unit), signed=signed
    )
    accepted = await proxy.send(
        proxy_session, msh_unit.appliance_id, _payload(other_framing, QUERY_V01, msh_unit)
    )
    msh_emulator.refused_framings = set()
    msh_emulator.refused_csv = {"signed" if signed else "unsigned"}
    csv_refused = await proxy.send(
        proxy_session, msh_unit.appliance_id, _payload(framing, QUERY_V01, msh_unit), signed=signed
    )
    csv_accepted = await proxy.send(
        proxy_session,
        msh_unit.appliance_id,
        _payload(framing, QUERY_V01, msh_unit),
        signed=not signed,
    )

    assert [code(refused), code(accepted), code(csv_refused), code(csv_accepted)] == [
        1000,
        0,
        1000,
        0,
    ]
    assert len(msh_unit.received_frames) == 2


async def test_units_of_others_answer_3201_and_a_missing_code_3004(
    msh_emulator: CloudEmulator, proxy: ProxyClient, proxy_session: ProxySession
) -> None:
    msh_emulator.add_account("other@example.com", "pw", app="msmarthome")
    foreign = msh_emulator.add_unit("other@example.com", name="Neighbour")
    order = proxy.order(proxy_session, QUERY_V01)

    assert code(await proxy.send(proxy_session, foreign.appliance_id, QUERY_V01)) == 3201
    assert code(await proxy.send(proxy_session, "999999999999999", QUERY_V01)) == 3201
    assert code(await proxy.call(SEND, proxy_session.token, order=order)) == 3004
    assert foreign.received_frames == []


async def test_the_legacy_appliance_id_field_is_accepted(
    proxy: ProxyClient, proxy_session: ProxySession, msh_unit: SimulatedUnit
) -> None:
    order = proxy.order(proxy_session, QUERY_V01)

    answer = await proxy.call(
        SEND, proxy_session.token, applianceId=msh_unit.appliance_id, order=order
    )

    assert code(answer) == 0


async def test_offline_unit_answers_3123(
    proxy: ProxyClient, proxy_session: ProxySession, msh_unit: SimulatedUnit
) -> None:
    msh_unit.online = False

    assert code(await proxy.send(proxy_session, msh_unit.appliance_id, QUERY_V01)) == 3123
    assert msh_unit.received_frames == []


async def test_unanswered_query_answers_3176(
    proxy: ProxyClient, proxy_session: ProxySession, msh_unit: SimulatedUnit
) -> None:
    answer = await proxy.send(proxy_session, msh_unit.appliance_id, CAPABILITIES_V68)

    assert code(answer) == 3176
    assert msh_unit.received_frames == [CAPABILITIES_V68]


@pytest.mark.parametrize(
    "order",
    ["not hex", "00" * 16, "wrong-key"],
    ids=["not-hex", "bad-padding", "neither-framing"],
)
async def test_unreadable_orders_answer_1000(
    proxy: ProxyClient, proxy_session: ProxySession, msh_unit: SimulatedUnit, order: str
) -> None:
    if order == "wrong-key":
        order = proxy.order(proxy_session, b"\x01\x02\x03")

    answer = await proxy.call(
        SEND, proxy_session.token, applianceCode=msh_unit.appliance_id, order=order
    )

    assert code(answer) == 1000
    assert msh_unit.received_frames == []


async def test_the_decoded_command_is_logged(
    proxy: ProxyClient,
    proxy_session: ProxySession,
    msh_unit: SimulatedUnit,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="midea_cloud_emulator")

    await proxy.send(proxy_session, msh_unit.appliance_id, SET_V17)

    assert f"unit {msh_unit.appliance_id} (Living room) received: power on" in caplog.text
    assert proxy_session.token not in caplog.text
