"""Query and control through the emulator: one relay request each, replies become the state."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from custom_components.midea_cloud.codec.client import MideaCloudClient
from custom_components.midea_cloud.codec.errors import (
    MideaApplianceOfflineError,
    MideaMalformedAnswerError,
    MideaNoStateError,
    MideaUnconfirmedError,
    MideaUnsupportedError,
)
from custom_components.midea_cloud.codec.model import AcChanges, FanSpeed, Mode
from midea_cloud_emulator import CloudEmulator, FaultKind, SimulatedUnit
from tests.emulator_helpers import units

from .conftest import ACCOUNT, FakeClock

ClientFactory = Callable[..., MideaCloudClient]
SEND = "/v1/appliance/transparent/send/new"
LIST = "/v1/appliance/user/list/get"


async def test_list_decrypts_serials(emulator: CloudEmulator, make_client: ClientFactory) -> None:
    listed_units = await make_client().list_appliances()
    by_name = {unit.name: unit for unit in listed_units}
    assert set(by_name) == {"Living room", "Bedroom"}
    for simulated in units(emulator, ACCOUNT):
        listed = by_name[simulated.name]
        assert listed.id == simulated.appliance_id
        assert listed.serial == simulated.serial
        assert listed.online
        assert listed.is_air_conditioner


@pytest.mark.parametrize("kind", [FaultKind.NULL_RESULT, FaultKind.EMPTY_RESULT])
async def test_a_list_answer_without_a_list_is_malformed(
    emulator: CloudEmulator, make_client: ClientFactory, kind: FaultKind
) -> None:
    """``result: null`` or a result without ``list`` is not an account without units."""
    client = make_client()
    emulator.faults.add(kind, path=LIST)

    with pytest.raises(MideaMalformedAnswerError):
        await client.list_appliances()

    assert len(await client.list_appliances()) == 2
    assert emulator.logins(ACCOUNT) == 1


async def test_an_account_without_units_lists_none(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    for unit in units(emulator, ACCOUNT):
        emulator.remove_unit(ACCOUNT, unit.appliance_id)
    assert await make_client().list_appliances() == []


async def test_query_reads_the_units_state(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    living, bedroom = units(emulator, ACCOUNT)
    client = make_client()
    state = await client.query(living.appliance_id)
    assert (state.power, state.mode, state.target_temperature) == (True, Mode.HEAT, 22.5)
    assert state.indoor_temperature == 20.5
    assert state.outdoor_temperature == 30.0
    assert (await client.query(bedroom.appliance_id)).outdoor_temperature is None
    assert emulator.count(SEND) == 2
    assert client.last_state(living.appliance_id) == state


async def test_set_is_one_round_trip_and_its_reply_is_the_state(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    living = units(emulator, ACCOUNT)[0]
    client = make_client()
    await client.query(living.appliance_id)
    sends_before = emulator.count(SEND)
    state = await client.apply(
        living.appliance_id,
        AcChanges(mode=Mode.COOL, target_temperature=19.5, fan_speed=FanSpeed.LOW, eco=True),
    )
    assert emulator.count(SEND) == sends_before + 1
    decoded = living.decoded_sets[-1]
    assert decoded["mode"] == Mode.COOL
    assert decoded["target"] == 19.5
    assert decoded["fan"] == FanSpeed.LOW
    assert decoded["eco"] is True
    assert decoded["power"] is True  # kept from the state
    assert decoded["beep"] is False  # beep is off by default
    assert len(living.received_sets[-1]) == 33
    assert (state.mode, state.target_temperature, state.fan_speed, state.eco) == (
        Mode.COOL, 19.5, FanSpeed.LOW, True,
    )  # fmt: skip


async def test_set_queries_first_when_the_state_is_stale(
    emulator: CloudEmulator, make_client: ClientFactory, clock: FakeClock
) -> None:
    living = units(emulator, ACCOUNT)[0]
    client = make_client(beep=True)
    await client.query(living.appliance_id)
    clock.advance(31)
    living.state.target = 26.0  # changed on the remote control meanwhile
    await client.apply(living.appliance_id, AcChanges(swing_vertical=True))
    decoded = living.decoded_sets[-1]
    assert decoded["target"] == 26.0
    assert decoded["swing_vertical"] is True
    assert decoded["beep"] is True
    assert emulator.count(SEND) == 3


async def test_set_without_any_state_sends_nothing(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    living = units(emulator, ACCOUNT)[0]
    client = make_client()
    emulator.faults.add(FaultKind.HTTP_STATUS, status=503, path=SEND, count=None)
    with pytest.raises(MideaNoStateError):
        await client.apply(living.appliance_id, AcChanges(power=False))
    assert living.received_sets == []


async def test_frost_protection_cannot_be_set(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    living = units(emulator, ACCOUNT)[0]
    with pytest.raises(MideaUnsupportedError):
        await make_client().apply(living.appliance_id, AcChanges(frost_protection=True))
    assert living.received_sets == []


async def test_unconfirmed_set_is_not_resent(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    living = units(emulator, ACCOUNT)[0]
    client = make_client()
    await client.query(living.appliance_id)
    emulator.faults.add(FaultKind.ERROR_CODE, code=3176, path=SEND)
    with pytest.raises(MideaUnconfirmedError) as caught:
        await client.apply(living.appliance_id, AcChanges(power=False))
    assert caught.value.reached_cloud
    last = client.last_state(living.appliance_id)
    assert last is not None
    assert last.power is True
    assert emulator.count(SEND) == 2
    assert (await client.query(living.appliance_id)).power is True


async def test_display_follows_the_request(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    living = units(emulator, ACCOUNT)[0]
    client = make_client()
    assert (await client.set_display(living.appliance_id, False)).display_on is False
    assert living.state.display_on is False
    sends = emulator.count(SEND)
    assert (await client.set_display(living.appliance_id, False)).display_on is False
    assert emulator.count(SEND) == sends + 1  # read again, already off: nothing toggled
    assert len(display_toggles(living)) == 1


def display_toggles(unit: SimulatedUnit) -> list[bytes]:
    """The display-toggle frames the unit received (a query-type 0x41 frame, body[4] = 0x02)."""
    return [frame for frame in unit.received_frames if frame[10] == 0x41 and frame[14] == 0x02]


async def test_display_is_read_before_every_toggle(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    """A state a few seconds old is not trusted: the remote may have toggled the light since."""
    living = units(emulator, ACCOUNT)[0]
    client = make_client()
    await client.query(living.appliance_id)
    living.state.display_on = False  # the remote control

    assert (await client.set_display(living.appliance_id, False)).display_on is False

    assert display_toggles(living) == []
    assert living.state.display_on is False


async def test_display_is_not_toggled_when_it_cannot_be_read(
    emulator: CloudEmulator, make_client: ClientFactory, clock: FakeClock
) -> None:
    """A failed read sends nothing: a toggle on the last known state could light the display."""
    living = units(emulator, ACCOUNT)[0]
    client = make_client()
    await client.query(living.appliance_id)
    clock.advance(40)
    living.state.display_on = False
    emulator.faults.add(
        FaultKind.HTTP_STATUS, status=502, path=SEND, appliance_id=living.appliance_id
    )

    with pytest.raises(MideaNoStateError):
        await client.set_display(living.appliance_id, False)

    assert display_toggles(living) == []
    assert living.state.display_on is False


async def test_display_read_finding_the_unit_offline_says_so(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    living = units(emulator, ACCOUNT)[0]
    client = make_client()
    await client.query(living.appliance_id)
    living.online = False

    with pytest.raises(MideaApplianceOfflineError):
        await client.set_display(living.appliance_id, False)


async def test_offline_unit(emulator: CloudEmulator, make_client: ClientFactory) -> None:
    living = units(emulator, ACCOUNT)[0]
    living.online = False
    client = make_client()
    listed_units = await client.list_appliances()
    assert not next(u for u in listed_units if u.id == living.appliance_id).online
    with pytest.raises(MideaApplianceOfflineError):
        await client.query(living.appliance_id)


async def test_set_lost_on_the_network_is_unconfirmed_and_not_resent(
    emulator: CloudEmulator, make_client: ClientFactory
) -> None:
    living = units(emulator, ACCOUNT)[0]
    client = make_client(send_timeout=0.3)
    await client.query(living.appliance_id)
    emulator.faults.add(FaultKind.DELAY, delay=1.0, path=SEND)
    with pytest.raises(MideaUnconfirmedError) as caught:
        await client.apply(living.appliance_id, AcChanges(power=False))
    assert not caught.value.reached_cloud
    assert emulator.count(SEND) == 2
