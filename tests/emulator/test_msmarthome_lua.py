"""MSmartHome's Lua status: the plugin's status keys, energy and humidity where a unit has them."""

from __future__ import annotations

from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from .conftest import MSH_EMAIL
from .raw_proxy import LUA_STATUS, ProxyClient, ProxySession, code

ENERGY = {"query_type": "group_data_four"}
HUMIDITY = {"query_type": "indoor_humidity"}
READINGS = {"real_time_power", "total_elec", "indoor_humidity"}
# MSMARTHOME §10 V13: applianceSn of this serial under the app-key material
V13_SERIAL = "000000P0000000Q1B88C29C963BA0000"
V13_SN = (
    "b636386b775375f7d742dde104552417741a877f9877864d852fdd9083bde78c"
    "06b21d2a9ce623e77f7e9db95ffb84bd"
)


async def test_energy_and_humidity_only_for_their_queries(
    proxy: ProxyClient, proxy_session: ProxySession, msh_unit: SimulatedUnit
) -> None:
    msh_unit.power_w, msh_unit.energy_kwh, msh_unit.humidity = 820.0, 12.5, 48.0
    serial = msh_unit.serial

    plain = await proxy.lua(proxy_session, msh_unit.appliance_id, serial, {})
    energy = await proxy.lua(proxy_session, msh_unit.appliance_id, serial, ENERGY)
    humidity = await proxy.lua(proxy_session, msh_unit.appliance_id, serial, HUMIDITY)

    assert code(plain) == code(energy) == code(humidity) == 0
    assert READINGS.isdisjoint(plain["data"])
    assert (energy["data"]["real_time_power"], energy["data"]["total_elec"]) == (8200, 12500)
    assert "indoor_humidity" not in energy["data"]
    assert humidity["data"]["indoor_humidity"] == 48.0
    assert {"real_time_power", "total_elec"}.isdisjoint(humidity["data"])


async def test_status_keys_follow_the_unit_state(
    proxy: ProxyClient, proxy_session: ProxySession, msh_unit: SimulatedUnit
) -> None:
    msh_unit.state.target = 23.5
    msh_unit.state.turbo = True

    data = (await proxy.lua(proxy_session, msh_unit.appliance_id, msh_unit.serial, {}))["data"]

    assert data["power"] == "on"
    assert data["mode"] == "cool"
    assert (data["temperature"], data["small_temperature"]) == (23, 0.5)
    assert data["indoor_temperature"] == 25.5
    assert data["outdoor_temperature"] == 8.0
    assert data["strong_wind"] == "on"
    assert data["wind_speed"] == 102


async def test_a_unit_without_readings_omits_the_keys(
    proxy: ProxyClient, proxy_session: ProxySession, msh_unit: SimulatedUnit
) -> None:
    msh_unit.humidity = 40.0

    energy = await proxy.lua(proxy_session, msh_unit.appliance_id, msh_unit.serial, ENERGY)
    humidity = await proxy.lua(proxy_session, msh_unit.appliance_id, msh_unit.serial, HUMIDITY)

    assert code(energy) == 0
    assert READINGS.isdisjoint(energy["data"])
    assert humidity["data"]["indoor_humidity"] == 40.0


async def test_energy_grows_while_the_unit_runs(
    msh_emulator: CloudEmulator,
    proxy: ProxyClient,
    proxy_session: ProxySession,
    msh_unit: SimulatedUnit,
) -> None:
    msh_unit.power_w, msh_unit.energy_kwh = 820.0, 12.5

    msh_emulator.advance(1800)
    running = await proxy.lua(proxy_session, msh_unit.appliance_id, msh_unit.serial, ENERGY)
    msh_unit.state.power = False
    msh_emulator.advance(1200)
    idle = await proxy.lua(proxy_session, msh_unit.appliance_id, msh_unit.serial, ENERGY)

    assert running["data"]["total_elec"] == 12910  # 820 W for half an hour
    assert idle["data"]["total_elec"] == 12910


async def test_lua_refusals(
    msh_emulator: CloudEmulator,
    proxy: ProxyClient,
    proxy_session: ProxySession,
    msh_unit: SimulatedUnit,
) -> None:
    code_ = msh_unit.appliance_id
    msh_emulator.add_account("other@example.com", "pw", app="msmarthome")
    foreign = msh_emulator.add_unit("other@example.com", name="Neighbour")

    assert (
        code(await proxy.lua(proxy_session, code_, "000000P0000000000000000000000000", {})) == 3004
    )
    assert code(await proxy.lua(proxy_session, foreign.appliance_id, foreign.serial, {})) == 3201
    msh_unit.lua = False
    assert code(await proxy.lua(proxy_session, code_, msh_unit.serial, ENERGY)) == 1014
    msh_unit.online = False
    assert code(await proxy.lua(proxy_session, code_, msh_unit.serial, ENERGY)) == 3123
    assert code(await proxy.call(LUA_STATUS, applianceCode=int(code_))) == 40001


async def test_v13_appliance_sn_is_accepted(
    msh_emulator: CloudEmulator, proxy: ProxyClient, proxy_session: ProxySession
) -> None:
    unit = msh_emulator.add_unit(MSH_EMAIL, name="Study", serial=V13_SERIAL, humidity=51.0)

    answer = await proxy.call(
        LUA_STATUS,
        proxy_session.token,
        applianceSn=V13_SN,
        applianceCode=int(unit.appliance_id),
        command={"query": HUMIDITY},
    )

    assert answer["data"]["indoor_humidity"] == 51.0
