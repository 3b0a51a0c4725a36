"""The CLI against the emulator, as a real subprocess: its output, session cache and errors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import json
import os
from pathlib import Path
import stat
import sys

import pytest

from custom_components.midea_cloud.cli import ExitCode
from custom_components.midea_cloud.codec.signing import password_digest
from midea_cloud_emulator import CloudEmulator, FaultKind
from tests.emulator_helpers import units

REPO = Path(__file__).parents[2]
ACCOUNT = "cli@example.com"
SEND = "/v1/appliance/transparent/send/new"
PASSWORD = "s3cret-Pa55word"


def unit_id(emu: CloudEmulator, index: int) -> str:
    return units(emu, ACCOUNT)[index].appliance_id


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
    living_room = f"Living room ({unit_id(emulator, 0)}):\n"
    assert living_room + "  Indoor: 22.5 °C\n  Outdoor: 8.0 °C\n  Target: 23.0 °C\n" in out
    assert "  Running: True\n  Mode: Heat\n" in out
    assert f"Bedroom ({unit_id(emulator, 1)}):\n" in out
    assert "  Mode: Auto\n" in out
    assert PASSWORD not in out + err


async def test_json_output(emulator: CloudEmulator) -> None:
    code, out, _ = await cli(emulator, "--json")
    assert code == 0
    data = json.loads(out)
    assert data[unit_id(emulator, 0)] == data[unit_id(emulator, 0)] | {
        "id": unit_id(emulator, 0), "name": "Living room", "running": True, "mode": "Heat",
        "target_temp": 23.0, "indoor_temp": 22.5, "outdoor_temp": 8.0, "fan": "auto",
        "online": True,
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
    assert f"Bedroom ({unit_id(emulator, 1)}):" in out
    assert "  Mode: Cool\n" in out
    assert "  Target: 25.0 °C\n" in out
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
    assert f"Living room ({unit_id(emulator, 0)}):\n  Offline\n" in out
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
    assert f"Living room ({unit_id(emulator, 0)}):\n  Offline\n" in out
    assert f"Bedroom ({unit_id(emulator, 1)}):\n  Indoor: 20.0 °C" in out


async def test_unconfirmed_command_reports_the_queried_truth(emulator: CloudEmulator) -> None:
    emulator.faults.add(FaultKind.ERROR_CODE, code=3176, path=SEND, deliver=True, after=1)
    code, out, _ = await cli(emulator, "--device", "Bedroom", "--on", "--json")
    assert code == ExitCode.UNCONFIRMED
    bedroom = json.loads(out)[unit_id(emulator, 1)]
    assert bedroom["running"] is True  # the SET arrived; the query shows it
    assert len(units(emulator, ACCOUNT)[1].received_sets) == 1  # never resent


async def test_every_reading_in_words(emulator: CloudEmulator) -> None:
    """Text output says swing, presets, display and error code, not only the temperatures."""
    living_room = units(emulator, ACCOUNT)[0]
    living_room.state.swing_vertical = True
    living_room.state.eco = True
    living_room.state.error_code = 5
    code, out, _ = await cli(emulator, "--device", "Living room")
    assert code == 0
    assert out.splitlines()[-6:] == [
        "  Mode: Heat", "  Fan: auto", "  Swing: vertical", "  Presets: eco", "  Display: on",
        "  Error code: EH03 (5)",
    ]  # fmt: skip


async def test_units_sharing_a_name_are_both_shown(emulator: CloudEmulator) -> None:
    emulator.add_unit(ACCOUNT, name="Living room", power=False, mode=2, target=26.0)
    code, out, _ = await cli(emulator, "--json")
    assert code == 0
    shown = json.loads(out)
    assert sorted(shown) == sorted(unit.appliance_id for unit in units(emulator, ACCOUNT))
    assert [summary["name"] for summary in shown.values()].count("Living room") == 2


async def test_a_shared_name_does_not_pick_a_unit(emulator: CloudEmulator) -> None:
    emulator.add_unit(ACCOUNT, name="Living room", power=False, mode=2, target=26.0)
    first, _, second = (unit.appliance_id for unit in units(emulator, ACCOUNT))
    code, _, err = await cli(emulator, "--device", "living room", "--off")
    assert code == ExitCode.USAGE
    assert err == (
        f"error: 2 units are named 'living room' ({first}, {second}); give --device the id\n"
    )
    assert all(not unit.received_sets for unit in units(emulator, ACCOUNT))
    code, out, _ = await cli(emulator, "--device", second, "--on")
    assert code == 0
    assert f"Living room ({second}):\n" in out
    assert units(emulator, ACCOUNT)[2].decoded_sets[-1]["power"] is True
    assert not units(emulator, ACCOUNT)[0].received_sets


async def test_the_session_is_cached_for_the_next_run(
    emulator: CloudEmulator, cache_home: Path
) -> None:
    """One login for the first run; the next runs reuse the session from a file only the user
    can read, which holds neither the password nor its digest."""
    assert (await cli(emulator))[0] == 0
    code, out, _ = await cli(emulator, "--device", "Bedroom", "--on")
    assert code == 0
    assert out.splitlines()[0] == f"Using the cached session (server: {emulator.url})"
    assert emulator.logins(ACCOUNT) == 1

    (cached,) = (cache_home / "midea_cloud_cli").iterdir()
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600
    assert stat.S_IMODE(cached.parent.stat().st_mode) == 0o700
    text = cached.read_text()
    assert PASSWORD not in text
    assert password_digest(PASSWORD) not in text
    assert ACCOUNT not in cached.name


async def test_a_session_the_cloud_ended_is_replaced_once(emulator: CloudEmulator) -> None:
    assert (await cli(emulator))[0] == 0
    emulator.expire_sessions(ACCOUNT)
    code, out, _ = await cli(emulator)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Using the cached session (server: {emulator.url})"
    assert lines[1] == (
        f"The cloud had ended the cached session; logged in again (server: {emulator.url})"
    )
    code, out, _ = await cli(emulator)
    assert code == 0
    assert "logged in again" not in out
    assert emulator.logins(ACCOUNT) == 2


async def test_a_cache_that_cannot_be_written_only_costs_logins(
    emulator: CloudEmulator, cache_home: Path
) -> None:
    (cache_home / "midea_cloud_cli").write_text("a file where the directory belongs")
    for _ in range(2):
        code, out, err = await cli(emulator)
        assert code == 0
        assert f"Living room ({unit_id(emulator, 0)}):\n  Indoor: 22.5 °C" in out
        assert err.startswith("WARNING ")
        assert "Cannot keep the session in " in err
        assert "Traceback" not in err
    assert emulator.logins(ACCOUNT) == 2


async def test_a_relative_cache_home_is_ignored(
    emulator: CloudEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The XDG rule: a relative $XDG_CACHE_HOME is invalid, so ~/.cache is used."""
    monkeypatch.setenv("XDG_CACHE_HOME", "relative-cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert (await cli(emulator))[0] == 0
    assert len(list((tmp_path / ".cache" / "midea_cloud_cli").iterdir())) == 1
    assert not (REPO / "relative-cache").exists()


async def test_no_cache_logs_in_every_time_and_keeps_nothing(
    emulator: CloudEmulator, cache_home: Path
) -> None:
    for _ in range(2):
        code, out, _ = await cli(emulator, "--no-cache")
        assert (code, out.splitlines()[0]) == (0, "Logging in...")
    assert emulator.logins(ACCOUNT) == 2
    assert not (cache_home / "midea_cloud_cli").exists()


async def test_logout_forgets_the_session(emulator: CloudEmulator, cache_home: Path) -> None:
    assert (await cli(emulator))[0] == 0
    code, out, _ = await cli(emulator, "--logout")
    assert code == 0
    assert out.startswith(f"Forgot the cached session of {ACCOUNT}.")
    assert list((cache_home / "midea_cloud_cli").iterdir()) == []
    requests = emulator.count()
    assert (await cli(emulator))[0] == 0
    assert emulator.logins(ACCOUNT) == 2
    assert emulator.count() > requests


async def test_logout_takes_no_other_action(emulator: CloudEmulator, cache_home: Path) -> None:
    assert (await cli(emulator))[0] == 0
    code, _, err = await cli(emulator, "--logout", "--device", "Bedroom", "--off")
    assert code == ExitCode.USAGE
    assert err == "error: --logout takes only the account, --app and --server\n"
    assert len(list((cache_home / "midea_cloud_cli").iterdir())) == 1
    assert not units(emulator, ACCOUNT)[1].received_sets


async def test_an_unreadable_cache_costs_one_login(
    emulator: CloudEmulator, cache_home: Path
) -> None:
    assert (await cli(emulator))[0] == 0
    (cached,) = (cache_home / "midea_cloud_cli").iterdir()
    cached.write_text("{not json")
    code, out, err = await cli(emulator)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Logging in..."
    assert emulator.logins(ACCOUNT) == 2
    assert (await cli(emulator))[1].splitlines()[0].startswith("Using the cached session")


@pytest.mark.parametrize(
    ("temp", "message"),
    [
        ("23.3", "23.3 °C is not a valid target; use 23.0 or 23.5"),
        ("23.75", "23.75 °C is not a valid target; use 23.5 or 24.0"),
        ("31", "31 °C is outside 16-30 °C"),
    ],
)
async def test_a_target_off_the_grid_is_refused(
    emulator: CloudEmulator, temp: str, message: str
) -> None:
    code, _, err = await cli(emulator, "--device", "Bedroom", "--temp", temp)
    assert code == ExitCode.USAGE
    assert message in err
    assert emulator.count() == 0
