"""The CLI against the emulator, as a real subprocess: the seed README's session and its errors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import json
import os
from pathlib import Path
import sys

import pytest

from custom_components.midea_cloud.cli import ExitCode
from midea_cloud_emulator import CloudEmulator, FaultKind
from tests.emulator_helpers import units

REPO = Path(__file__).parents[2]
ACCOUNT = "cli@example.com"
SEND = "/v1/appliance/transparent/send/new"
PASSWORD = "s3cret-Pa55word"


@pytest.fixture
async def emulator(socket_enabled: None) -> AsyncIterator[CloudEmulator]:
    emu = CloudEmulator()
    emu.add_account(ACCOUNT, PASSWORD, region="mapp")
    emu.add_unit(ACCOUNT, name="Living room", power=True, mode=4, target=23.0, indoor=22.5,
                 outdoor=8.0)  # fmt: skip
    emu.add_unit(ACCOUNT, name="Bedroom", power=False, mode=1, target=21.0, indoor=20.0,
                 outdoor=8.0)  # fmt: skip
    await emu.start()
    yield emu
    await emu.stop()


async def cli(
    emu: CloudEmulator, *argv: str, password: str = PASSWORD, account: str = ACCOUNT
) -> tuple[int, str, str]:
    env = {**os.environ, "MIDEA_ACCOUNT": account, "MIDEA_PASSWORD": password}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "custom_components.midea_cloud.cli", "--server", emu.url, *argv,
        cwd=REPO, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_status_of_every_unit(emulator: CloudEmulator) -> None:
    code, out, err = await cli(emulator)
    assert code == 0, err
    assert out.splitlines()[:2] == ["Logging in...", f"Logged in (server: {emulator.url})"]
    assert "Living room:\n  Indoor: 22.5 C\n  Outdoor: 8.0 C\n  Target: 23 C\n" in out
    assert "  Running: True\n  Mode: Heat\n" in out
    assert "Bedroom:" in out
    assert "  Mode: Auto\n" in out
    assert PASSWORD not in out + err


async def test_json_output(emulator: CloudEmulator) -> None:
    code, out, _ = await cli(emulator, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["Living room"] == data["Living room"] | {
        "running": True, "mode": "Heat", "target_temp": 23.0, "indoor_temp": 22.5,
        "outdoor_temp": 8.0, "fan": "auto", "online": True,
    }  # fmt: skip


async def test_control_a_unit(emulator: CloudEmulator) -> None:
    code, out, _ = await cli(
        emulator, "--device", "bedroom", "--on", "--mode", "cool", "--temp", "25", "--fan", "low"
    )
    assert code == 0
    bedroom = units(emulator, ACCOUNT)[1]
    assert (
        bedroom.decoded_sets[-1] | {"power": True, "mode": 2, "target": 25.0, "fan": 40}
        == (bedroom.decoded_sets[-1])
    )
    assert "Bedroom:" in out
    assert "  Mode: Cool\n" in out
    assert "Living room" not in out


async def test_list_only_sends_no_query(emulator: CloudEmulator) -> None:
    code, out, _ = await cli(emulator, "--list-only")
    assert code == 0
    assert "Living room (" in out
    assert emulator.count("/v1/appliance/transparent/send/new") == 0


async def test_wrong_password(emulator: CloudEmulator) -> None:
    code, _out, err = await cli(emulator, password="nope")
    assert code == ExitCode.AUTH
    assert err == "error: wrong e-mail or password (3101)\n"
    assert emulator.count("/v1/user/login/new") == 1


async def test_unknown_account(emulator: CloudEmulator) -> None:
    del emulator.accounts[ACCOUNT]
    code, _, err = await cli(emulator)
    assert code == ExitCode.ACCOUNT_NOT_FOUND
    assert "try the other --app" in err


async def test_offline_device(emulator: CloudEmulator) -> None:
    units(emulator, ACCOUNT)[0].online = False
    code, out, _ = await cli(emulator)
    assert code == 0
    assert "Living room:\n  Offline\n" in out
    code, _, err = await cli(emulator, "--device", "Living room", "--off")
    assert code == ExitCode.OFFLINE
    assert err == "error: the device is offline (3123)\n"


async def test_unknown_device(emulator: CloudEmulator) -> None:
    code, _, err = await cli(emulator, "--device", "Garage", "--off")
    assert code == ExitCode.NO_SUCH_DEVICE
    assert err.count("\n") == 1


async def test_rate_limited(emulator: CloudEmulator) -> None:
    emulator.faults.add(FaultKind.ERROR_CODE, code=7610, path="/v1/user/login/new")
    code, _, err = await cli(emulator)
    assert code == ExitCode.RATE_LIMITED
    assert err.startswith("error: too many logins")
    assert "Traceback" not in err


async def test_unreachable_server(socket_enabled: None, unused_tcp_port: int) -> None:
    env = {**os.environ, "MIDEA_ACCOUNT": ACCOUNT, "MIDEA_PASSWORD": PASSWORD}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "custom_components.midea_cloud.cli",
        "--server", f"http://127.0.0.1:{unused_tcp_port}",
        cwd=REPO, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await process.communicate()
    assert process.returncode == ExitCode.NETWORK
    assert err.decode().startswith("error: cannot reach the Midea cloud")


async def test_credentials_are_required(emulator: CloudEmulator) -> None:
    code, _, err = await cli(emulator, password="")
    assert code == ExitCode.USAGE
    assert err == "error: an account and a password are needed (--account/--password)\n"
    assert emulator.count() == 0


async def test_control_needs_a_device(emulator: CloudEmulator) -> None:
    code, _, err = await cli(emulator, "--off")
    assert code == ExitCode.USAGE
    assert "--device" in err
    assert emulator.count() == 0


async def test_unit_going_offline_between_list_and_query(emulator: CloudEmulator) -> None:
    emulator.faults.add(FaultKind.ERROR_CODE, code=3123, path=SEND, count=1)
    code, out, _ = await cli(emulator)
    assert code == 0
    assert "Living room:\n  Offline\n" in out
    assert "Bedroom:\n  Indoor: 20.0 C" in out


async def test_unconfirmed_command_reports_the_queried_truth(emulator: CloudEmulator) -> None:
    emulator.faults.add(FaultKind.ERROR_CODE, code=3176, path=SEND, deliver=True, after=1)
    code, out, _ = await cli(emulator, "--device", "Bedroom", "--on", "--json")
    assert code == ExitCode.UNCONFIRMED
    assert json.loads(out)["Bedroom"]["running"] is True  # the SET arrived; the query shows it
    assert len(units(emulator, ACCOUNT)[1].received_sets) == 1  # never resent
