"""A real Home Assistant process (``hass -c CONFIG --skip-pip``) with this integration linked in."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
import json
import os
from pathlib import Path
import shutil
import socket

import aiohttp
from awesomeversion import AwesomeVersion

from tests.conftest import REPORTS

REPO_ROOT = Path(__file__).resolve().parents[2]
INTEGRATION = REPO_ROOT / "custom_components" / "midea_cloud"
CONFIGURATION = Path(__file__).with_name("configuration.yaml")
EMULATOR_LINK = Path(__file__).with_name("emulator_link")  # test-only: see its __init__.py
# The newest Home Assistant release with its frontend, as owners run it (scripts/setup makes it);
# MIDEA_CLOUD_HASS names another ``hass`` executable.
LIVE_HASS = REPO_ROOT / ".venv-live" / "bin" / "hass"
# The oldest release hacs.json names, with its frontend (scripts/setup makes it too).
FLOOR_HASS = REPO_ROOT / ".venv-min" / "bin" / "hass"
# From this release on Home Assistant keeps its HTTP settings in storage (SETUP_PORT sets the port
# while none is stored); an older one takes the port from configuration.yaml.
STORED_HTTP_SETTINGS = AwesomeVersion("2026.11.0")


def home_assistant_executable(hass: Path | None = None) -> Path:
    """``hass``, by default the newest release's; a missing one fails the test, never skips it."""
    hass = hass or Path(os.environ.get("MIDEA_CLOUD_HASS", LIVE_HASS))
    if not hass.is_file():
        raise FileNotFoundError(f"{hass} is missing: run scripts/setup")
    return hass


async def home_assistant_version(hass: Path) -> AwesomeVersion:
    """The release ``hass`` runs, as ``hass --version`` prints it."""
    process = await asyncio.create_subprocess_exec(
        hass, "--version", stdout=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.DEVNULL
    )
    output, _ = await process.communicate()
    return AwesomeVersion(output.decode().strip())


EMULATOR_LINK_DOMAIN = "midea_cloud_emulator_link"
PORT_VARIABLE = "SETUP_PORT"  # Home Assistant's own: the HTTP port while none is stored


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def prepare_config(
    config_dir: Path, server_map: Mapping[str, str] | None = None, yaml_port: int | None = None
) -> None:
    """Copy configuration.yaml (unless there is one) and link the integration into the config.

    With ``server_map`` (the emulator's), configuration.yaml is written afresh with the test-only
    ``midea_cloud_emulator_link`` configured, and that is linked in too: the cloud's regional
    origins then reach the emulator, so the server field can stay empty. With ``yaml_port``, it is
    written afresh with an ``http:`` block listening on 127.0.0.1:``yaml_port``.
    """
    custom_components = config_dir / "custom_components"
    custom_components.mkdir(parents=True, exist_ok=True)
    configuration = config_dir / "configuration.yaml"
    links = {"midea_cloud": INTEGRATION}
    if server_map is not None or yaml_port is not None:
        text = CONFIGURATION.read_text()
        if yaml_port is not None:
            text += f"http:\n  server_host: 127.0.0.1\n  server_port: {yaml_port}\n"
        if server_map is not None:
            mapping = json.dumps(dict(server_map))  # a JSON object is a YAML flow mapping
            text += f"{EMULATOR_LINK_DOMAIN}:\n  server_map: {mapping}\n"
            links[EMULATOR_LINK_DOMAIN] = EMULATOR_LINK
        configuration.write_text(text)
    elif not configuration.exists():
        shutil.copyfile(CONFIGURATION, configuration)
    for name, target in links.items():
        link = custom_components / name
        if not link.is_symlink():
            link.symlink_to(target)


class HomeAssistantProcess:
    """Starts Home Assistant on 127.0.0.1:``port``, waits until it serves HTTP, stops it.

    ``server_map``: the emulator's, for Home Assistant's clients (see ``prepare_config``);
    ``hass``: the executable (by default the newest release's, see ``home_assistant_executable``).
    """

    def __init__(
        self,
        config_dir: Path,
        port: int,
        server_map: Mapping[str, str] | None = None,
        hass: Path | None = None,
    ) -> None:
        self.config_dir = config_dir
        self.port = port
        self.server_map = server_map
        self.hass = hass
        self.version: AwesomeVersion | None = None  # the release, once started
        self.url = f"http://127.0.0.1:{port}"
        self.console_log = config_dir / "console.log"
        self.log = config_dir / "home-assistant.log"
        self._process: asyncio.subprocess.Process | None = None

    async def start(self, timeout: float = 90.0) -> None:
        """Run ``hass`` from this virtual environment and wait for its frontend to answer."""
        hass = home_assistant_executable(self.hass)
        self.version = await home_assistant_version(hass)
        stored_port = self.version >= STORED_HTTP_SETTINGS
        prepare_config(self.config_dir, self.server_map, None if stored_port else self.port)
        with self.console_log.open("wb") as console:
            self._process = await asyncio.create_subprocess_exec(
                hass,
                "--config",
                str(self.config_dir),
                "--skip-pip",
                stdin=asyncio.subprocess.DEVNULL,
                stdout=console,
                stderr=asyncio.subprocess.STDOUT,
                env={**os.environ, PORT_VARIABLE: str(self.port)},
            )
        try:
            async with asyncio.timeout(timeout):
                await self._wait_until_serving()
        except TimeoutError:
            raise RuntimeError(f"Home Assistant did not answer within {timeout:g} s") from None

    async def _wait_until_serving(self) -> None:
        async with aiohttp.ClientSession() as http:
            while True:
                if self._process is None or self._process.returncode is not None:
                    raise RuntimeError(f"Home Assistant exited:\n{self.console_tail()}")
                try:
                    async with http.get(f"{self.url}/manifest.json") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.25)

    async def stop(self, timeout: float = 30.0) -> None:
        """Stop Home Assistant the way Ctrl-C does; kill it if it takes longer than ``timeout``."""
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            async with asyncio.timeout(timeout):
                await process.wait()
        except TimeoutError:
            process.kill()
            await process.wait()

    def reports(self) -> list[str]:
        """Every line of home-assistant.log in which Home Assistant reports our code."""
        log = self.log.read_text().splitlines()
        return [line for line in log if any(text in line for text in REPORTS)]

    def console_tail(self, lines: int = 60) -> str:
        """The last lines Home Assistant printed, to explain a failure."""
        if not self.console_log.exists():
            return "(no output)"
        text = self.console_log.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])
