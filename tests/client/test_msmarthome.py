"""The client on an MSmartHome account, against the emulator's v5 proxy over loopback HTTP.

The same session, unit state and commands as on the legacy cloud; what differs is the wire:
the router, the login with its device id, the relay's framing fallback and the Lua readings.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from custom_components.midea_cloud.codec.client import ClientHooks, MideaCloudClient
from custom_components.midea_cloud.codec.errors import (
    MideaAccountNotFoundError,
    MideaAuthError,
    MideaConfigError,
    MideaDeviceQuotaError,
    MideaLegacyRelayError,
    MideaTokenExpiredError,
    MideaUnsupportedError,
)
from custom_components.midea_cloud.codec.lua_status import LuaReadings
from custom_components.midea_cloud.codec.model import AcChanges, Mode
from custom_components.midea_cloud.codec.msmarthome import iam_digest
from custom_components.midea_cloud.codec.signing import password_digest
from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from .conftest import FakeClock

ACCOUNT = "msmarthome-owner@example.com"
PASSWORD = "correct horse battery staple"
DEVICE_ID = "00112233445566aa"
ROUTE = "/v1/multicloud/platform/user/route"
LOGIN = "/mj/user/login"
SEND = "/v1/appliance/transparent/send"
LUA = "/v1/device/status/lua/get"
ENERGY = pytest.approx(12.5, abs=0.01)  # the meter counts on while the living room runs


@pytest.fixture
async def cloud(socket_enabled: None) -> AsyncIterator[CloudEmulator]:
    """An MSmartHome account in the EU region with three units, as the demo has them."""
    emu = CloudEmulator()
    emu.add_account(ACCOUNT, PASSWORD, app="msmarthome", region="mp-eu-prod")
    emu.add_unit(
        ACCOUNT, name="Living room", power=True, mode=2, target=23.0, indoor=26.5,
        power_w=820.0, energy_kwh=12.5, humidity=48.0,
    )  # fmt: skip
    emu.add_unit(ACCOUNT, name="Bedroom", power=False, mode=4, target=21.0, humidity=55.0)
    emu.add_unit(ACCOUNT, name="Office", power=True, mode=5, lua=False)
    await emu.start()
    yield emu
    await emu.stop()


@pytest.fixture
def make(cloud: CloudEmulator, http: aiohttp.ClientSession) -> Callable[..., MideaCloudClient]:
    """A client of the MSmartHome account; the cloud's origins are mapped to the emulator."""

    def build(**options: Any) -> MideaCloudClient:
        password = options.pop("password", PASSWORD)
        hooks = ClientHooks(
            server_map=cloud.server_map, retry_delay=0, clock=options.pop("clock", FakeClock())
        )
        return MideaCloudClient(
            http,
            options.pop("account", ACCOUNT),
            password_digest(password),
            "msmarthome",
            options.pop("server", None),
            iam_digest=iam_digest(password),
            device_id=options.pop("device_id", DEVICE_ID),
            hooks=hooks,
            **options,
        )

    return build


def units(cloud: CloudEmulator) -> list[SimulatedUnit]:
    return list(cloud.account(ACCOUNT).units.values())


def paths(cloud: CloudEmulator) -> list[str]:
    return [record.path for record in cloud.requests]


async def test_login_follows_the_router_and_lists_the_units(
    cloud: CloudEmulator, make: Callable[..., MideaCloudClient]
) -> None:
    """The router names the EU server; one login there; the list has the decrypted serials."""
    client = make()
    listed = await client.list_appliances()

    assert [(a.id, a.name, a.serial) for a in listed] == [
        (u.appliance_id, u.name, u.serial) for u in units(cloud)
    ]
    assert paths(cloud) == [ROUTE, "/v1/user/login/id/get", LOGIN, "/v1/appliance/user/list/get"]
    assert [record.region for record in cloud.requests] == [
        "mp-prod", "mp-eu-prod", "mp-eu-prod", "mp-eu-prod"
    ]  # fmt: skip
    assert client.server == "https://mp-eu-prod.appsmb.com/mas/v5/app/proxy?alias="
    assert client.stats.logins == 1


async def test_an_account_the_router_does_not_know_uses_the_default_server(
    cloud: CloudEmulator, make: Callable[..., MideaCloudClient]
) -> None:
    """10004 from the router is no error for the user: the default server is asked, and it
    says whether it knows the account (3102 here, as the account lives elsewhere)."""
    other = "default-host@example.com"
    cloud.add_account(other, PASSWORD, app="msmarthome", region="mp-prod")
    cloud.account(other).route_found = False
    cloud.add_unit(other, name="Hall")
    client = make(account=other)

    assert [a.name for a in await client.list_appliances()] == ["Hall"]
    assert client.server == "https://mp-prod.appsmb.com/mas/v5/app/proxy?alias="
    assert client.stats.last_error_code is None


async def test_query_and_command_reach_the_unit(
    cloud: CloudEmulator, make: Callable[..., MideaCloudClient]
) -> None:
    """The same frames as on the legacy cloud: the unit decodes the SET and its reply is shown."""
    client = make()
    living_room = units(cloud)[0]
    state = await client.query(living_room.appliance_id)
    assert (state.power, state.mode, state.target_temperature) == (True, Mode.COOL, 23.0)

    state = await client.apply(
        living_room.appliance_id, AcChanges(mode=Mode.HEAT, target_temperature=25.5)
    )

    assert living_room.decoded_sets[-1]["mode"] == 4
    assert living_room.decoded_sets[-1]["target"] == 25.5
    assert (state.mode, state.target_temperature) == (Mode.HEAT, 25.5)
    assert paths(cloud).count(SEND) == 2, "a fresh state: the SET alone"


@pytest.mark.parametrize(
    ("refused", "sent_per_query"),
    [
        ({"framings": {"raw"}}, "wrapped"),
        ({"csv": {"signed"}}, "wrapped"),
    ],
)
async def test_a_refused_framing_falls_back_once_and_is_remembered(
    cloud: CloudEmulator,
    make: Callable[..., MideaCloudClient],
    refused: dict[str, set[str]],
    sent_per_query: str,
) -> None:
    """The first 1000 switches the unit to the other variant; later requests go there first."""
    cloud.refused_framings = refused.get("framings", set())
    cloud.refused_csv = refused.get("csv", set())
    client = make()
    unit_id = units(cloud)[0].appliance_id

    await client.query(unit_id)
    first = [record.error_code for record in cloud.requests if record.path == SEND]
    await client.query(unit_id)
    await client.query(unit_id)
    later = [record.error_code for record in cloud.requests if record.path == SEND][len(first) :]

    assert first == [1000, 0]
    assert later == [0, 0], "no second refusal: the working variant is kept"
    assert client.stats.logins == 1


async def test_both_variants_refused_is_an_error(
    cloud: CloudEmulator, make: Callable[..., MideaCloudClient]
) -> None:
    """With both variants refused the query fails, after exactly one try of each."""
    cloud.refused_framings = {"raw", "wrapped"}
    client = make()
    with pytest.raises(MideaLegacyRelayError):
        await client.query(units(cloud)[0].appliance_id)
    assert [r.error_code for r in cloud.requests if r.path == SEND] == [1000, 1000]


async def test_wrong_password_is_not_tried_again(
    cloud: CloudEmulator, make: Callable[..., MideaCloudClient]
) -> None:
    """3101 stops every later call until the owner logs in on purpose."""
    client = make(password="wrong")
    with pytest.raises(MideaAuthError):
        await client.list_appliances()
    with pytest.raises(MideaAuthError):
        await client.list_appliances()
    assert paths(cloud).count(LOGIN) == 1


async def test_an_unknown_account_is_not_tried_again(
    cloud: CloudEmulator, make: Callable[..., MideaCloudClient]
) -> None:
    """3102 (no such account for this app): no later call asks again by itself."""
    client = make(account="nobody@example.com")
    with pytest.raises(MideaAccountNotFoundError):
        await client.list_appliances()
    asked = len(cloud.requests)
    with pytest.raises(MideaAccountNotFoundError):
        await client.list_appliances()
    assert len(cloud.requests) == asked


async def test_device_quota_is_refused_once_and_not_tried_again(
    cloud: CloudEmulator, make: Callable[..., MideaCloudClient]
) -> None:
    """65027: too many devices signed in. The client never asks again by itself; after the
    owner's fix (devices signed out) an explicit login works."""
    cloud.account(ACCOUNT).device_quota = 1
    await make(device_id="aaaaaaaaaaaaaaaa").list_appliances()
    client = make()

    with pytest.raises(MideaDeviceQuotaError) as raised:
        await client.list_appliances()
    with pytest.raises(MideaDeviceQuotaError):
        await client.query(units(cloud)[0].appliance_id)

    assert "too many devices signed in to this account" in str(raised.value)
    assert [r.error_code for r in cloud.requests if r.path == LOGIN] == [0, 65027]
    cloud.forget_devices(ACCOUNT)
    await client.login()
    assert len(await client.list_appliances()) == 3


async def test_an_expired_token_logs_in_again_at_most_once_a_minute(
    cloud: CloudEmulator, make: Callable[..., MideaCloudClient]
) -> None:
    """40002 (token not valid): one new login and the request again; the next 40002 within a
    minute of that login is an error, not a second login."""
    clock = FakeClock()
    client = make(clock=clock)
    unit_id = units(cloud)[0].appliance_id
    await client.query(unit_id)
    clock.advance(3600)
    cloud.advance(cloud.session_ttl + 1)

    await client.query(unit_id)
    assert paths(cloud).count(LOGIN) == 2
    cloud.expire_sessions()
    clock.advance(30)
    with pytest.raises(MideaTokenExpiredError):
        await client.query(unit_id)
    assert paths(cloud).count(LOGIN) == 2

    clock.advance(31)
    await client.query(unit_id)
    assert paths(cloud).count(LOGIN) == 3


async def test_a_kept_session_needs_no_login(
    cloud: CloudEmulator, make: Callable[..., MideaCloudClient]
) -> None:
    """A session stored by one client (a restart) serves the next one without a login."""
    first = make()
    await first.list_appliances()
    stored = first.stored_session
    assert stored is not None

    second = make()
    assert second.restore_session(stored)
    await second.query(units(cloud)[0].appliance_id)
    assert paths(cloud).count(LOGIN) == 1


async def test_readings_where_the_units_have_them(
    cloud: CloudEmulator, make: Callable[..., MideaCloudClient]
) -> None:
    """Power and energy and humidity for the living room, humidity alone for the bedroom,
    nothing for the office (1014); a query a unit has nothing for is not asked again."""
    client = make()
    await client.list_appliances()
    living_room, bedroom, office = (unit.appliance_id for unit in units(cloud))

    assert await client.read_readings(living_room) == LuaReadings(820.0, ENERGY, 48.0)
    assert await client.read_readings(bedroom) == LuaReadings(None, None, 55.0)
    assert await client.read_readings(office) == LuaReadings()
    asked = paths(cloud).count(LUA)
    assert asked == 6

    await client.read_readings(bedroom)
    await client.read_readings(office)
    assert paths(cloud).count(LUA) == asked + 1, "only the bedroom's humidity is asked again"
    assert client.last_readings(living_room) == LuaReadings(820.0, ENERGY, 48.0)
    assert client.stats.last_error_code is None, "1014 is not a cloud error for the user"


async def test_the_legacy_cloud_has_no_readings(
    http: aiohttp.ClientSession, cloud: CloudEmulator
) -> None:
    """A Midea Air account has no readings: asking costs no request."""
    client = MideaCloudClient(
        http, "someone@example.com", password_digest(PASSWORD), "midea_air", None,
        hooks=ClientHooks(server_map=cloud.server_map),
    )  # fmt: skip
    assert not client.has_readings
    with pytest.raises(MideaUnsupportedError):
        await client.read_readings("1")
    assert cloud.requests == []


@pytest.mark.parametrize(
    "options", [{"iam_digest": None}, {"device_id": None}, {"device_id": "not-a-device-id"}]
)
async def test_msmarthome_needs_its_digest_and_a_device_id(
    http: aiohttp.ClientSession, options: dict[str, Any]
) -> None:
    """Without the second digest or a valid device id, no client is made (and no request)."""
    with pytest.raises(MideaConfigError):
        MideaCloudClient(
            http,
            ACCOUNT,
            password_digest(PASSWORD),
            "msmarthome",
            None,
            **({"iam_digest": iam_digest(PASSWORD), "device_id": DEVICE_ID} | options),
        )
