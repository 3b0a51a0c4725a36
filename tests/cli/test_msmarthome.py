"""The CLI with ``--app msmarthome`` against the emulator's v5 proxy, as a real subprocess:
readings in its output, one kept device id, the device quota's exit code."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import json
import os
from pathlib import Path
import stat
import sys

import pytest

from custom_components.midea_cloud.cli import DEVICE_ID_FILE, ExitCode
from custom_components.midea_cloud.codec.msmarthome import iam_digest
from midea_cloud_emulator import CloudEmulator, SimulatedUnit

REPO = Path(__file__).parents[2]
ACCOUNT = "cli-msmarthome@example.com"
PASSWORD = "s3cret-Pa55word"
LOGIN = "/mj/user/login"


@pytest.fixture
async def emulator(socket_enabled: None) -> AsyncIterator[CloudEmulator]:
    emu = CloudEmulator()
    emu.add_account(ACCOUNT, PASSWORD, app="msmarthome", region="mp-prod")
    emu.add_unit(ACCOUNT, name="Living room", power=True, mode=2, target=23.0, indoor=26.5,
                 power_w=820.0, energy_kwh=12.5, humidity=48.0)  # fmt: skip
    emu.add_unit(ACCOUNT, name="Office", power=True, mode=5, lua=False)
    await emu.start()
    yield emu
    await emu.stop()


def living_room(emu: CloudEmulator) -> SimulatedUnit:
    return next(iter(emu.account(ACCOUNT).units.values()))


async def cli(emu: CloudEmulator, *argv: str, password: str = PASSWORD) -> tuple[int, str, str]:
    """The tool pointed at the emulator's mp-prod server (no router with --server)."""
    env = {**os.environ, "MIDEA_ACCOUNT": ACCOUNT, "MIDEA_PASSWORD": password}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "custom_components.midea_cloud.cli", "--app", "msmarthome",
        "--server", emu.urls["mp-prod"], *argv,
        cwd=REPO, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_status_shows_the_readings_the_cloud_gives(emulator: CloudEmulator) -> None:
    code, out, err = await cli(emulator)
    assert code == 0, err
    assert "  Power: 820 W\n  Energy: 12.50 kWh\n  Humidity: 48 %\n" in out
    office = out.split("Office (", 1)[1]
    assert "Power" not in office
    assert "Humidity" not in office
    assert PASSWORD not in out + err
    assert iam_digest(PASSWORD) not in out + err


async def test_json_has_the_readings(emulator: CloudEmulator) -> None:
    code, out, _ = await cli(emulator, "--json")
    assert code == 0
    data = json.loads(out)
    unit = living_room(emulator).appliance_id
    assert {key: data[unit][key] for key in ("power_w", "energy_kwh", "humidity")} == {
        "power_w": 820.0,
        "energy_kwh": pytest.approx(12.5, abs=0.01),  # the meter counts on while it runs
        "humidity": 48.0,
    }


async def test_control_reaches_the_unit(emulator: CloudEmulator) -> None:
    code, _, err = await cli(
        emulator, "--device", "Living room", "--on", "--mode", "heat", "--temp", "22"
    )
    assert code == 0, err
    decoded = living_room(emulator).decoded_sets[-1]
    assert (decoded["power"], decoded["mode"], decoded["target"]) == (True, 4, 22.0)


async def test_one_device_id_is_kept_for_every_run(
    emulator: CloudEmulator, cache_home: Path
) -> None:
    """The first run makes the device id, readable by the user alone; later runs, with or
    without the session cache, sign in as the same device."""
    assert (await cli(emulator, "--list-only"))[0] == 0
    assert (await cli(emulator, "--list-only", "--no-cache"))[0] == 0
    assert (await cli(emulator, "--list-only", "--no-cache"))[0] == 0

    kept = cache_home / "midea_cloud_cli" / DEVICE_ID_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    sent = {r.params.get("deviceId") for r in emulator.requests if r.path == LOGIN}
    assert sent == {kept.read_text()}
    assert emulator.count(LOGIN) == 3, "the first run and the two --no-cache runs"


async def test_device_quota_has_its_own_exit_code(emulator: CloudEmulator) -> None:
    emulator.account(ACCOUNT).device_quota = 0
    code, out, err = await cli(emulator)
    assert code == ExitCode.DEVICE_QUOTA
    assert "too many devices are signed in to this account (65027)" in err
    assert "Traceback" not in out + err
