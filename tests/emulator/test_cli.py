"""The command line: scripts/emulator starts the demo cloud, answers, and stops on Ctrl-C."""

from __future__ import annotations

import asyncio
from pathlib import Path
import re
import signal
import socket

import aiohttp
import pytest

from midea_cloud_emulator import COOL_ONLY, FULL, CloudEmulator
from midea_cloud_emulator.cli import build_parser, main
from midea_cloud_emulator.demo import add_demo_units

from .raw_cloud import LIST, LOGIN_ID, RawClient, code

REPO = Path(__file__).resolve().parents[2]
URL = re.compile(r"^\s+(mapp\S*)\s+(http://127\.0\.0\.1:\d+)\s")


async def _read_banner(process: asyncio.subprocess.Process, units: int) -> list[str]:
    """Printed lines up to the last unit line (or the end of the output)."""
    assert process.stdout is not None
    lines: list[str] = []
    while sum(line.startswith("  unit") for line in lines) < units:
        raw = await asyncio.wait_for(process.stdout.readline(), timeout=20)
        if not raw:
            break
        lines.append(raw.decode().rstrip("\n"))
    return lines


async def test_cli_starts_the_demo_cloud_and_stops_on_sigint(
    socket_enabled: None, http: aiohttp.ClientSession
) -> None:
    process = await asyncio.create_subprocess_exec(
        str(REPO / "scripts" / "emulator"),
        *("--port", "0", "--devices", "4", "--account", "demo@example.com"),
        *("--password", "demo-password", "--latency", "0.01", "--capabilities", "full"),
        *("--fault", "error_code:code=9999,path=/v1/user/login/id/get"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        banner = await _read_banner(process, units=4)
        urls = {m.group(1): m.group(2) for line in banner if (m := URL.match(line))}
        assert set(urls) == {"mapp", "mapp-eu", "mapp-us"}
        assert any("demo-password" in line for line in banner)
        assert sum("(capabilities: full)" in line for line in banner) == 1

        client = RawClient(http, urls["mapp"])
        assert code(await client.call(LOGIN_ID, loginAccount="demo@example.com")) == 9999
        session = await client.login("demo@example.com", "demo-password")
        answer = await client.call(LIST, sessionId=session.session_id)
        names = [item["name"] for item in answer["result"]["list"]]
        assert names == ["Living room", "Bedroom", "Office", "Unit 4"]
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
        returncode = await asyncio.wait_for(process.wait(), timeout=10)
    assert returncode == 0


def test_capabilities_option_gives_the_demo_units_their_profiles() -> None:
    args = build_parser().parse_args(["--devices", "4", "--capabilities", "full,none,cool_only"])
    emulator = CloudEmulator()
    emulator.add_account("demo@example.com", "pw")

    units = add_demo_units(emulator, "demo@example.com", args.devices, args.capabilities)

    assert [unit.capabilities for unit in units] == [FULL, None, COOL_ONLY, None]


def test_capabilities_option_refuses_an_unknown_profile(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--capabilities", "full,heat_pump"])

    assert "unknown profile 'heat_pump'" in capsys.readouterr().err


def test_cli_refuses_a_host_that_is_not_loopback(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--host", "192.168.1.10"])

    assert exit_info.value.code == 2
    assert "not a loopback host" in capsys.readouterr().err


async def test_start_refuses_a_host_that_is_not_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        await CloudEmulator().start(host="192.168.1.10")


def _five_free_ports() -> int:
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base: int = probe.getsockname()[1]
        if base + 4 > 65535:
            continue
        try:
            for offset in range(5):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", base + offset))
        except OSError:
            continue
        return base
    raise RuntimeError("no five consecutive free ports")


async def test_explicit_port_gives_five_consecutive_ports(socket_enabled: None) -> None:
    base = _five_free_ports()
    emu = CloudEmulator()
    await emu.start(port=base)
    try:
        assert emu.urls == {
            "mapp": f"http://127.0.0.1:{base}",
            "mapp-eu": f"http://127.0.0.1:{base + 1}",
            "mapp-us": f"http://127.0.0.1:{base + 2}",
            "mp-prod": f"http://127.0.0.1:{base + 3}",
            "mp-eu-prod": f"http://127.0.0.1:{base + 4}",
        }
        assert emu.url == emu.urls["mapp"]
        assert emu.server_map["https://mapp-us.appsmb.com"] == emu.urls["mapp-us"]
    finally:
        await emu.stop()
    assert emu.urls == {}
