"""Byte-exact agreement with docs/protocol.md §16 and the public vectors."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp

from midea_cloud_emulator import CloudEmulator

from .raw_cloud import SEND_NEW, RawClient, code, m0_packet, query_frame

APPLIANCE = "123456789012345"
V51_KEY, V51_IV = "0123456789abcdef", "fedcba9876543210"
V51_ACCESS_TOKEN = "82fc448be9b5233dbe32940923b6ea0d7c7b60a0a7d0f8d8bc81623576f089f9"
V51_RANDOM_DATA = "427f70d645caf10983dd2a7c964007117023b2e6bee1b59a84c2c2742220164e"
V18 = "aa22ac00000000000303c00148667f7f0030000004657500000000000000000069ec5c"
EXAMPLE_4_ORDER = (
    "5e0de20f5c21b48c654488764075458d3fd419cc880a0ef547d7fc8e17984e95f2bae0417536f1c471b3877bb5bb"
    "8d6a11720fc696cf1294c0c6905fa582f12872284addd09e246305c3f499cc5d468f5ed4d2ffcef9cb47d0ec6e66"
    "59b3f3d068189caae04a1de6b84e0e61ebd3658a40a427cbe584785ae2f6a7c24e04eabddf670093f74785636457"
    "cbd2e56c6de08f50ff582b5d7a1d7ffd307787ca638f5d1902d4a4546ae41f844f2915e039caaaf817dc88bba4f6"
    "0c458699b608d412cfbe61b63c5987e5c81560562a9700cf855f7ec149c8b410c6102c537e2166a6"
)
EXAMPLE_5_PACKET = (
    "5a5a01005b00208001000000000000000000000079df0d8648700000000000000000000000000000"
    + V18
    + "00" * 16
)
EXAMPLE_5_REPLY = (
    "47a2bc7100a0c453bf3cf91a0fc7696a6ba4f0939eb4c2b504b9892ed1dd57b7e1cf40a72afbe93b28e695f35d44"
    "7ab3995e6d56f2e9279de4169b4ca4427a69ed91009900f693a36235197031f3ede42b36c59d1fb7ef9cfabf5e81"
    "2752525fcc990bca5e746ac318c1ae4565c7e6763fe79b54b6886d335747fba6d8df2b4f5d5a4f684bed8bec87fa"
    "81f4e45d4ac21002d23283ae2960396a773d3a48a1b4728a52b91dd133703a22c1cd9676cf58de9eca4e2b72a1f8"
    "c040409065a86045f93dd1c3f911332a9da22dc0dc4872ce47550ab775efb52d3391fc5c0460f5b3"
)


async def _v18_cloud() -> CloudEmulator:
    """A unit in V18's state, on an account whose sessions use V51's keys."""
    emu = CloudEmulator(clock=lambda: datetime(2026, 1, 1, 12, tzinfo=UTC))
    account = emu.add_account("user@example.com", "passwordExample")
    account.session_keys = (V51_KEY, V51_IV)
    emu.add_unit(
        "user@example.com",
        name="V18",
        appliance_id=APPLIANCE,
        power=True,
        mode=2,
        target=24.0,
        fan=102,
        indoor=25.5,
        outdoor=33.5,
        fahrenheit_display=True,
    )
    await emu.start()
    return emu


async def test_example_5_reply_is_byte_exact(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    emu = await _v18_cloud()
    try:
        client = RawClient(http, emu.url)
        session = await client.login("user@example.com", "passwordExample")
        answer = await client.send(session, APPLIANCE, query_frame(0x69))
    finally:
        await emu.stop()

    assert session.result["accessToken"] == V51_ACCESS_TOKEN
    assert session.result["randomData"] == V51_RANDOM_DATA
    assert answer["result"]["reply"] == EXAMPLE_5_REPLY
    assert client.reply_packet(session, answer).hex() == EXAMPLE_5_PACKET
    assert emu.unit(APPLIANCE).received_frames == [query_frame(0x69)]


async def test_example_4_order_is_understood(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    emu = await _v18_cloud()
    try:
        client = RawClient(http, emu.url)
        session = await client.login("user@example.com", "passwordExample")
        answer = await client.call(
            SEND_NEW,
            sessionId=session.session_id,
            applianceId=APPLIANCE,
            funId="0008",
            order=EXAMPLE_4_ORDER,
        )
    finally:
        await emu.stop()

    assert code(answer) == 0
    assert emu.unit(APPLIANCE).received_frames == [query_frame(1)]
    reply_frame = client.reply_frame(session, answer)
    assert reply_frame.hex()[:-6] == V18[:-6], "same state, only the echoed id and checks differ"


def test_example_4_packet_is_what_the_test_client_builds() -> None:
    assert m0_packet(query_frame(1), int(APPLIANCE)).hex() == (
        "5a5a010059002000010000001905000c01011a1479df0d8648700000000000000000000000000000"
        "aa20ac00000000000003418100ff03ff00020000000000000000000000000171fa" + "00" * 16
    )
