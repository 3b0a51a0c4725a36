"""0xB5 capability replies of the simulated units, read with the test's own parser."""

from __future__ import annotations

import pytest

from midea_cloud_emulator import COOL_ONLY, FULL, NO_SWING, CapabilityProfile, SimulatedUnit

from .raw_cloud import CAPABILITIES_V68, RawClient, RawSession, code, frame_is_intact, make_frame

SECOND_PAGE = make_frame(0x03, bytes.fromhex("b5010101") + bytes([9]))


def split(frame: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """(records, trailer) of a B5 reply, straight from docs/protocol.md §12.2."""
    body = frame[10:-2]
    assert body[0] == 0xB5
    records, cursor = [], 2
    for _ in range(body[1]):
        size = body[cursor + 2]
        records.append((body[cursor] | body[cursor + 1] << 8, body[cursor + 3 : cursor + 3 + size]))
        cursor += 3 + size
    return records, body[cursor:]


@pytest.mark.parametrize("profile", [FULL, COOL_ONLY, NO_SWING], ids=lambda p: p.name)
async def test_first_page_carries_the_profile_records(
    client: RawClient, session: RawSession, unit: SimulatedUnit, profile: CapabilityProfile
) -> None:
    """Intact frame, the profile's records in order, then (more, message id)."""
    unit.capabilities = profile

    reply = client.reply_frame(
        session, await client.send(session, unit.appliance_id, CAPABILITIES_V68)
    )

    assert frame_is_intact(reply)
    assert (reply[2], reply[9]) == (0xAC, 0x03)
    records, trailer = split(reply)
    assert records == list(profile.pages[0])
    assert trailer == bytes([len(profile.pages) > 1, 1])


async def test_second_page_of_a_two_page_unit(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    unit.capabilities = FULL

    reply = client.reply_frame(session, await client.send(session, unit.appliance_id, SECOND_PAGE))

    records, trailer = split(reply)
    assert records == list(FULL.pages[1])
    assert [record_id for record_id, _ in records] == [0x0213, 0x0222, 0x0224]
    assert trailer == bytes([0, 9])


async def test_second_page_of_a_one_page_unit_is_not_answered(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    unit.capabilities = COOL_ONLY

    assert code(await client.send(session, unit.appliance_id, SECOND_PAGE)) == 3176


async def test_capability_query_changes_nothing_on_the_unit(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    unit.capabilities = FULL
    before = (unit.state.power, unit.state.mode, unit.state.display_on)

    await client.send(session, unit.appliance_id, CAPABILITIES_V68)

    assert (unit.state.power, unit.state.mode, unit.state.display_on) == before
    assert unit.decoded_sets == []
    assert unit.received_frames == [CAPABILITIES_V68]
