"""transparent/send/new: queries, SETs, display toggle and the relay's error answers."""

from __future__ import annotations

import asyncio
import logging

import pytest

from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from .conftest import EMAIL, PASSWORD
from .raw_cloud import (
    CAPABILITIES_V68,
    DISPLAY_TOGGLE,
    QUERY_V01,
    SEND_NEW,
    SEND_OLD,
    SET_37_V13,
    SET_V17,
    C0View,
    RawClient,
    RawSession,
    aes_encrypt,
    code,
    m0_packet,
    query_frame,
    to_csv,
)

# docs/protocol.md §16 example 6, with the state each SET commands.
SET_EXAMPLES = [
    (
        "aa20ac00000000000002404340667f7f0030000000000000000000000400018c4a",
        {"power": True, "mode": 2, "target": 16.0, "fan": 102, "beep": True},
    ),
    (
        "aa20ac00000000000002404390287f7f003000000000000000000000040001a321",
        {"power": True, "mode": 4, "target": 16.5, "fan": 40},
    ),
    (
        "aa20ac0000000000000240434e647f7f003f208002000000000000000000fe7ca4",
        {
            "power": True,
            "mode": 2,
            "target": 30.0,
            "fan": 100,
            "swing_vertical": True,
            "swing_horizontal": True,
            "turbo": True,
            "eco": True,
            "message_id": 254,
        },
    ),
    (
        "aa20ac00000000000002400296147f7f00300000050000000000000000000725e7",
        {
            "power": False,
            "mode": 4,
            "target": 22.5,
            "fan": 20,
            "sleep": True,
            "fahrenheit_display": True,
            "beep": False,
            "message_id": 7,
        },
    ),
]


async def test_query_answers_the_unit_state(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    unit.state.target = 21.5
    unit.state.fan = 60
    unit.state.filter_alert = True
    unit.state.error_code = 5

    answer = await client.send(session, unit.appliance_id, QUERY_V01)

    packet = client.reply_packet(session, answer)
    assert packet[:8] == bytes.fromhex("5a5a01005b002080")
    assert packet[8:12] == (1).to_bytes(4, "little")
    assert packet[12:20] == bytes(8)
    assert packet[20:26] == int(unit.appliance_id).to_bytes(6, "little")
    state = C0View.parse(client.reply_frame(session, answer))
    assert (state.power, state.mode, state.target, state.fan) == (True, 2, 21.5, 60)
    assert (state.indoor, state.outdoor) == (25.5, 8.0)
    assert state.filter_alert
    assert state.error_code == 5
    assert state.message_id == 1
    assert unit.received_frames == [QUERY_V01]
    assert unit.received_sets == []


@pytest.mark.parametrize(("indoor", "outdoor"), [(23.2, -8.7), (-0.3, 0.0), (19.5, None)])
async def test_temperatures_keep_their_tenths(
    client: RawClient,
    session: RawSession,
    unit: SimulatedUnit,
    indoor: float,
    outdoor: float | None,
) -> None:
    unit.state.indoor, unit.state.outdoor = indoor, outdoor

    state = await client.state(session, unit.appliance_id)

    assert (state.indoor, state.outdoor) == (indoor, outdoor)


@pytest.mark.parametrize(("frame_hex", "expected"), SET_EXAMPLES)
async def test_33_byte_set_changes_the_unit(
    client: RawClient,
    session: RawSession,
    unit: SimulatedUnit,
    frame_hex: str,
    expected: dict[str, object],
) -> None:
    frame = bytes.fromhex(frame_hex)

    answer = await client.send(session, unit.appliance_id, frame)

    assert code(answer) == 0
    reply = C0View.parse(client.reply_frame(session, answer))
    decoded = unit.decoded_sets[-1]
    assert unit.received_sets == [frame]
    for field, value in expected.items():
        assert decoded[field] == value, field
        if field not in {"beep", "message_id"}:
            assert getattr(unit.state, field) == value, field
            reply_field = "fahrenheit" if field == "fahrenheit_display" else field
            assert getattr(reply, reply_field) == value, field
    assert reply.message_id == decoded["message_id"]


async def test_set_then_query_reports_the_new_state(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    unit.state.power = False

    await client.send(session, unit.appliance_id, SET_V17)
    state = await client.state(session, unit.appliance_id)

    assert (state.power, state.mode, state.target, state.fan) == (True, 2, 24.0, 102)


async def test_each_command_is_logged_in_words(
    client: RawClient, session: RawSession, unit: SimulatedUnit, caplog: pytest.LogCaptureFixture
) -> None:
    """A person watching the emulator's log sees what each unit received, and what it ignored."""
    caplog.set_level(logging.INFO, logger="midea_cloud_emulator.relay")

    await client.send(session, unit.appliance_id, SET_V17)
    await client.send(session, unit.appliance_id, SET_37_V13)

    received, ignored = (record.getMessage() for record in caplog.records)
    assert received == (
        f"unit {unit.appliance_id} ({unit.name}) received: "
        "power on, mode cool, target 24.0 °C, fan auto, swing off"
    )
    assert ignored.startswith(
        f"unit {unit.appliance_id} ({unit.name}) ignored a 37-byte SET (only 33-byte SETs are "
        "applied): "
    )


async def test_set_of_another_length_is_ignored_with_3176(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    unit.state.power, unit.state.mode = False, 4

    answer = await client.send(session, unit.appliance_id, SET_37_V13)

    assert code(answer) == 3176
    assert (unit.state.power, unit.state.mode) == (False, 4)
    assert unit.received_sets == [SET_37_V13]
    assert unit.decoded_sets[0]["applied"] is False
    assert unit.decoded_sets[0]["length"] == 37


async def test_display_toggle_flips_the_display(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    first = await client.send(session, unit.appliance_id, DISPLAY_TOGGLE)
    after_first = unit.state.display_on
    second = await client.send(session, unit.appliance_id, DISPLAY_TOGGLE)
    after_second = unit.state.display_on

    assert (after_first, after_second) == (False, True)
    assert not C0View.parse(client.reply_frame(session, first)).display_on
    assert C0View.parse(client.reply_frame(session, second)).display_on


async def test_unit_without_a_capability_profile_does_not_answer_b5(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    assert unit.capabilities is None
    assert code(await client.send(session, unit.appliance_id, CAPABILITIES_V68)) == 3176


async def test_offline_unit_is_3123(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    unit.online = False

    assert code(await client.send(session, unit.appliance_id, QUERY_V01)) == 3123
    assert unit.received_frames == []


async def test_unknown_and_malformed_appliance_ids(
    emulator: CloudEmulator, client: RawClient, session: RawSession
) -> None:
    emulator.add_account("other@example.com", "pw")
    foreign = emulator.add_unit("other@example.com", name="Not yours")

    assert code(await client.send(session, foreign.appliance_id, QUERY_V01)) == 3127
    assert code(await client.send(session, "100000000000001", QUERY_V01)) == 3127
    answer = await client.call(
        SEND_NEW, sessionId=session.session_id, applianceId="12ab", funId="0008", order="00"
    )
    assert code(answer) == 3004


async def test_undecodable_orders_are_1011(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    packet = m0_packet(QUERY_V01, int(unit.appliance_id))
    wrong_key = aes_encrypt(b"0" * 16, session.data_iv, to_csv(packet).encode()).hex()
    ecb = aes_encrypt(session.data_key, None, to_csv(packet).encode()).hex()
    not_csv = aes_encrypt(session.data_key, session.data_iv, b"hello").hex()

    for order in ("zz", "abc", wrong_key, ecb, not_csv):
        answer = await client.call(
            SEND_NEW,
            sessionId=session.session_id,
            applianceId=unit.appliance_id,
            funId="0008",
            order=order,
        )
        assert code(answer) == 1011, order
    assert unit.received_frames == []


async def test_frames_the_unit_cannot_read_get_3176(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    bad_crc = QUERY_V01[:-2] + bytes([QUERY_V01[-2] ^ 1, QUERY_V01[-1]])
    bare = aes_encrypt(session.data_key, session.data_iv, to_csv(QUERY_V01).encode()).hex()
    unsigned = aes_encrypt(
        session.data_key,
        session.data_iv,
        ",".join(str(b) for b in m0_packet(QUERY_V01, int(unit.appliance_id))).encode(),
    ).hex()

    assert code(await client.send(session, unit.appliance_id, bad_crc)) == 3176
    for order in (bare, unsigned):
        answer = await client.call(
            SEND_NEW,
            sessionId=session.session_id,
            applianceId=unit.appliance_id,
            funId="0008",
            order=order,
        )
        assert code(answer) == 3176


async def test_reply_keeps_sequence_and_message_id(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    packet = m0_packet(query_frame(0x42), int(unit.appliance_id), sequence=0x01020304)

    answer = await client.send_packet(session, unit.appliance_id, packet)

    reply = client.reply_packet(session, answer)
    assert unit.received_packets == [packet]
    assert reply[8:12] == (0x01020304).to_bytes(4, "little")
    assert C0View.parse(client.reply_frame(session, answer)).message_id == 0x42


async def test_ecb_session_on_new_relay_is_1011_and_old_relay_is_1000(
    emulator: CloudEmulator, client: RawClient, unit: SimulatedUnit
) -> None:
    session = await client.login_old(EMAIL, PASSWORD)

    assert code(await client.send(session, unit.appliance_id, QUERY_V01)) == 1011
    assert code(await client.send(session, unit.appliance_id, QUERY_V01, SEND_OLD)) == 1000

    emulator.legacy_relay_works = True
    answer = await client.send(session, unit.appliance_id, QUERY_V01, SEND_OLD)

    assert C0View.parse(client.reply_frame(session, answer)).power


async def test_sends_in_flight_are_counted_per_account(
    emulator: CloudEmulator, client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    emulator.faults.latency = 0.05
    await client.send(session, unit.appliance_id, QUERY_V01)
    await client.send(session, unit.appliance_id, QUERY_V01)
    sequential_peak = emulator.peak_sends_in_flight

    await asyncio.gather(*(client.send(session, unit.appliance_id, QUERY_V01) for _ in range(2)))

    assert (sequential_peak, emulator.peak_sends_in_flight) == (1, 2)
