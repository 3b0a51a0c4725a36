"""The appliance list: fields of section 5, serial numbers encrypted with the session cipher."""

from __future__ import annotations

from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from .conftest import EMAIL, PASSWORD
from .raw_cloud import LIST, RawClient, RawSession, aes_decrypt, code


async def test_list_describes_every_unit(
    emulator: CloudEmulator, client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    emulator.add_unit(EMAIL, name="Bedroom", appliance_id="123456789012345", online=False)

    answer = await client.call(LIST, sessionId=session.session_id)

    assert code(answer) == 0
    items = {item["name"]: item for item in answer["result"]["list"]}
    assert set(items) == {"Living room", "Bedroom"}
    living = items["Living room"]
    assert living["id"] == unit.appliance_id
    assert len(living["id"]) == 15
    assert (living["type"], living["onlineStatus"], living["activeStatus"]) == ("0xAC", "1", "1")
    assert items["Bedroom"]["onlineStatus"] == "0"
    assert items["Bedroom"]["id"] == "123456789012345"
    assert living["modelNumber"] == unit.model


async def test_serial_is_cbc_encrypted_with_the_session_keys(
    client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    item = (await client.call(LIST, sessionId=session.session_id))["result"]["list"][0]

    assert len(item["sn"]) == 96
    serial = aes_decrypt(session.data_key, session.data_iv, bytes.fromhex(item["sn"])).decode()
    assert serial == unit.serial
    assert len(serial) == 32
    assert item["sn8"] == serial[9:17]


async def test_ecb_session_gets_ecb_serial(
    emulator: CloudEmulator, client: RawClient, unit: SimulatedUnit
) -> None:
    emulator.account(EMAIL).random_data = False
    assert "randomData" not in (await client.login(EMAIL, PASSWORD)).result

    session = await client.login_old(EMAIL, PASSWORD)

    item = (await client.call(LIST, sessionId=session.session_id))["result"]["list"][0]
    assert aes_decrypt(session.data_key, None, bytes.fromhex(item["sn"])).decode() == unit.serial


async def test_removed_unit_leaves_the_list(
    emulator: CloudEmulator, client: RawClient, session: RawSession, unit: SimulatedUnit
) -> None:
    emulator.remove_unit(EMAIL, unit.appliance_id)

    answer = await client.call(LIST, sessionId=session.session_id)

    assert answer["result"]["list"] == []


def test_generated_ids_are_deterministic_and_fit_48_bits() -> None:
    def ids(seed: int) -> list[str]:
        emu = CloudEmulator(seed=seed)
        emu.add_account(EMAIL, PASSWORD)
        return [emu.add_unit(EMAIL, name=f"u{i}").appliance_id for i in range(5)]

    assert ids(1) == ids(1)
    assert ids(1) != ids(2)
    assert all(len(i) == 15 and int(i) < 1 << 48 for i in ids(1))
    assert len(set(ids(1))) == 5
