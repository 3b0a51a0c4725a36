"""MSmartHome's unit lists, and the demo's MSmartHome accounts."""

from __future__ import annotations

import pytest

from midea_cloud_emulator import CloudEmulator, SimulatedUnit
from midea_cloud_emulator.cli import build_parser, main
from midea_cloud_emulator.demo import add_demo_units

from .conftest import MSH_EMAIL, MSH_PASSWORD
from .raw_cloud import aes_decrypt
from .raw_proxy import HOME_UNITS, HOMES, LIST, ProxyClient, ProxySession, code

# MSMARTHOME §10 V12: this serial's sn under the V11 session keys
V11_KEYS = ("0123456789abcdef", "fedcba9876543210")
V12_SERIAL = "000000P0000000Q1B88C29C963BA0000"
V12_SN = (
    "bd4900e7121d3a584ba54fd34b540cd87ebb88c510a53fa3e89334e373814d88"
    "c87477a0499afab1ef030aad474581bb"
)


async def test_list_has_the_units_with_encrypted_serials(
    msh_emulator: CloudEmulator, proxy: ProxyClient, proxy_session: ProxySession
) -> None:
    offline = msh_emulator.add_unit(MSH_EMAIL, name="Office", online=False)

    answer = await proxy.call(LIST, proxy_session.token)

    assert answer["code"] == "0"
    items = {item["id"]: item for item in answer["data"]["list"]}
    units = msh_emulator.account(MSH_EMAIL).units
    assert set(items) == set(units)
    for appliance_id, unit in units.items():
        item = items[appliance_id]
        serial = aes_decrypt(
            proxy_session.data_key, proxy_session.data_iv, bytes.fromhex(item["sn"])
        )
        assert (item["name"], item["type"], serial.decode()) == (unit.name, "0xAC", unit.serial)
        assert item["modelNumber"]
    assert items[offline.appliance_id]["onlineStatus"] == "0"


async def test_v12_serial_encryption(msh_emulator: CloudEmulator, proxy: ProxyClient) -> None:
    msh_emulator.account(MSH_EMAIL).session_keys = V11_KEYS
    unit = msh_emulator.add_unit(MSH_EMAIL, name="Study", serial=V12_SERIAL)
    session = await proxy.login(MSH_EMAIL, MSH_PASSWORD)

    items = (await proxy.call(LIST, session.token))["data"]["list"]

    assert next(item["sn"] for item in items if item["id"] == unit.appliance_id) == V12_SN


async def test_homes_and_their_units(
    proxy: ProxyClient, proxy_session: ProxySession, msh_unit: SimulatedUnit
) -> None:
    homes = (await proxy.call(HOMES, proxy_session.token))["data"]["homeList"]
    home_id = homes[0]["homegroupId"]
    answer = await proxy.call(HOME_UNITS, proxy_session.token, homegroupId=home_id)
    wrong = await proxy.call(HOME_UNITS, proxy_session.token, homegroupId="1")

    assert homes[0]["homeName"]
    room = answer["data"]["homeList"][0]["roomList"][0]
    assert [item["applianceCode"] for item in room["applianceList"]] == [msh_unit.appliance_id]
    assert code(wrong) == 3004


def test_demo_units_of_an_msmarthome_account_report_lua_readings() -> None:
    cloud = CloudEmulator()
    cloud.add_account("demo@example.com", "pw", app="msmarthome")

    living, bedroom, office, fourth = add_demo_units(cloud, "demo@example.com", 4)

    assert (living.power_w, living.energy_kwh, living.humidity) == (820.0, 12.5, 48.0)
    assert (bedroom.power_w, bedroom.energy_kwh) == (None, None)
    assert bedroom.humidity is not None
    assert not office.lua
    assert (fourth.power_w, fourth.humidity, fourth.lua) == (None, None, True)


def test_cli_options_for_msmarthome(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(["--app", "msmarthome", "--msmarthome-account", "b@x.org"])
    assert (args.app, args.region, args.msmarthome_password) == (
        "msmarthome",
        None,
        "demo-password",
    )

    for argv in (
        ["--app", "msmarthome", "--region", "mapp-eu"],
        ["--region", "mp-prod"],
        ["--msmarthome-account", "demo@example.com"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
    errors = capsys.readouterr().err
    assert "app 'msmarthome' has no region 'mapp-eu'" in errors
    assert "must differ from --account" in errors
