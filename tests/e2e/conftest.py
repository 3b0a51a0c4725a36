"""Fixtures: the cloud emulator with the demo account, a real Home Assistant, and a browser page."""

from __future__ import annotations

from collections.abc import AsyncIterator
import os
from pathlib import Path

import aiohttp
from playwright.async_api import Page, expect
import pytest

from midea_cloud_emulator import CloudEmulator
from midea_cloud_emulator.cli import build_parser
from midea_cloud_emulator.demo import add_demo_units

from .api import HomeAssistantApi
from .browser import browser_page, save_screenshot
from .home_assistant import HomeAssistantProcess, free_port
from .onboarding import Owner, onboard

# The accounts and units scripts/develop offers: a Midea Air account and an MSmartHome one.
DEMO = build_parser().parse_args(["--msmarthome-account", "msmarthome-demo@example.com"])
REGION = "mapp-eu"  # not the first server the client asks: the flow runs region detection
MSMARTHOME_REGION = "mp-eu-prod"  # not the router's: the entry's server is the one it names
OWNER = Owner(name="Demo", username="demo", password="demo")
SCREENSHOTS_VARIABLE = "MIDEA_CLOUD_SCREENSHOTS"
UI_TIMEOUT_MS = 20_000

expect.set_options(timeout=UI_TIMEOUT_MS)


@pytest.fixture
async def emulator(socket_enabled: None) -> AsyncIterator[CloudEmulator]:
    """The cloud emulator on 127.0.0.1 with the demo accounts, each with its three units: the
    Midea Air one in ``REGION``, the MSmartHome one in ``MSMARTHOME_REGION``."""
    cloud = CloudEmulator()
    cloud.add_account(DEMO.account, DEMO.password, app=DEMO.app, region=REGION)
    add_demo_units(cloud, DEMO.account, 3)
    cloud.add_account(
        DEMO.msmarthome_account,
        DEMO.msmarthome_password,
        app="msmarthome",
        region=MSMARTHOME_REGION,
    )
    add_demo_units(cloud, DEMO.msmarthome_account, 3)
    await cloud.start("127.0.0.1", 0)
    yield cloud
    await cloud.stop()


@pytest.fixture
async def home_assistant(
    socket_enabled: None, tmp_path: Path, emulator: CloudEmulator
) -> AsyncIterator[HomeAssistantProcess]:
    """Home Assistant in its own process, with a fresh configuration, not onboarded yet; the
    cloud's regional servers are the emulator's regions (an entry needs no server URL)."""
    process = HomeAssistantProcess(tmp_path / "config", free_port(), emulator.server_map)
    await process.start()
    yield process
    await process.stop()
    print(f"Home Assistant's output ({process.console_log}):\n{process.console_tail()}")


@pytest.fixture
async def api(home_assistant: HomeAssistantProcess) -> AsyncIterator[HomeAssistantApi]:
    """Onboarding done through the API; the API as the owner it created."""
    async with aiohttp.ClientSession() as http:
        token = await onboard(http, home_assistant.url, OWNER)
        yield HomeAssistantApi(http, home_assistant.url, token)


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[Page]:
    """A headless Chromium page; its last view is saved for a failing test's report."""
    async with browser_page() as browser_tab:
        browser_tab.set_default_timeout(UI_TIMEOUT_MS)
        yield browser_tab
        last_view = tmp_path / "last-view.png"
        await save_screenshot(browser_tab, last_view)
        print(f"the browser's last view: {last_view} ({browser_tab.url})")


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where the test saves its screenshots: $MIDEA_CLOUD_SCREENSHOTS (scripts/screenshots)."""
    return Path(os.environ.get(SCREENSHOTS_VARIABLE) or tmp_path / "screenshots")
