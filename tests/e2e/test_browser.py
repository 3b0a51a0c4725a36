"""The owner's path in a real browser: add the account in the UI, then use a thermostat card."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import inspect
import json
from pathlib import Path
from typing import Any

from playwright.async_api import Page, expect
import pytest

from custom_components.midea_cloud.const import DOMAIN
from midea_cloud_emulator import CloudEmulator, SimulatedUnit
from midea_cloud_emulator.state import MODE_HEAT
from tests.conftest import REPORTS
from tests.emulator_helpers import secrets, units

from .api import HomeAssistantApi
from .browser import save_screenshot
from .conftest import DEMO, OWNER, REGION
from .home_assistant import EMULATOR_LINK_DOMAIN, INTEGRATION, HomeAssistantProcess
from .ui import ConfigFlowDialog, ThermostatCard, log_in, reload_entry

ERRORS = json.loads((INTEGRATION / "translations" / "en.json").read_text())["config"]["error"]
WRONG_PASSWORD = "not the password"
DASHBOARD = "air-conditioners"
LOGIN_ID = "/v1/user/login/id/get"


async def wait_until(condition: Callable[[], bool | Awaitable[bool]], timeout: float = 20) -> None:
    """Poll ``condition`` until it holds; fails after ``timeout`` seconds."""
    try:
        async with asyncio.timeout(timeout):
            while True:
                result = condition()
                if await result if inspect.isawaitable(result) else result:
                    return
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise AssertionError(f"still not true after {timeout:g} s") from None


async def add_account_in_the_ui(
    page: Page, url: str, emulator: CloudEmulator, screenshots: Path
) -> None:
    """Settings → Devices & services → Add integration → Midea Cloud: wrong password, then right.

    The server field stays empty, as for the real cloud: the account is found by its region.
    """
    flow = ConfigFlowDialog(page)
    await flow.start(url, "Midea Cloud")
    await flow.field("email").fill(DEMO.account)
    await flow.field("password").fill(WRONG_PASSWORD)
    await expect(flow.field("server")).to_have_value("")
    await save_screenshot(page, screenshots / "config-flow.png")
    await flow.submit()
    await expect(flow.dialog.get_by_text(ERRORS["invalid_auth"], exact=True)).to_be_visible()

    await flow.field("password").fill(DEMO.password)
    await flow.submit()
    device_names = flow.dialog.locator("input")  # the "Device name" fields among them

    async def lists_every_unit() -> bool:
        names = await device_names.evaluate_all("inputs => inputs.map(input => input.value)")
        return {unit.name for unit in units(emulator, DEMO.account)} <= set(names)

    await wait_until(lists_every_unit)
    await save_screenshot(page, screenshots / "config-flow-devices.png")
    await flow.finish()


def emulator_linked(api: HomeAssistantApi) -> Callable[[], Awaitable[bool]]:
    """True once Home Assistant sends the cloud's regional origins to the emulator."""

    async def check() -> bool:
        components = (await api.call("get_config"))["components"]
        return EMULATOR_LINK_DOMAIN in components

    return check


async def wait_for_climate(api: HomeAssistantApi, name: str) -> dict[str, Any]:
    """The state of the device ``name``'s climate entity, once Home Assistant has it."""
    found: dict[str, Any] = {}

    async def exists() -> bool:
        try:
            found.update(await api.climate_state(name))
        except LookupError:
            return False
        return True

    await wait_until(exists)
    return found


def received_set(unit: SimulatedUnit, **fields: object) -> Callable[[], bool]:
    """True once the unit's latest SET frame carries ``fields``."""
    return lambda: bool(unit.decoded_sets) and fields.items() <= unit.decoded_sets[-1].items()


def confirmed(
    api: HomeAssistantApi, name: str, hvac_mode: str, target: float
) -> Callable[[], Awaitable[bool]]:
    """True once Home Assistant's state of the climate entity shows ``hvac_mode`` and ``target``."""

    async def check() -> bool:
        state = await api.climate_state(name)
        return bool(state["state"] == hvac_mode and state["attributes"]["temperature"] == target)

    return check


async def card_shows(page: Page, card: ThermostatCard, mode_label: str, target: float) -> None:
    """A fresh render of the card (from Home Assistant's state alone) shows the mode and target."""
    await page.reload()
    await expect(card.mode_button(mode_label)).to_have_attribute("aria-checked", "true")
    await expect(card.target).to_have_js_property("value", target)


async def reload_during_a_login_block(
    page: Page, url: str, emulator: CloudEmulator, api: HomeAssistantApi
) -> None:
    """The cloud refuses every login (7610) and the owner presses Reload: the entry comes back
    on its stored session, every entity stays available and nothing tries to log in."""
    emulator.login_limit_per_hour = 0
    logins = emulator.logins(DEMO.account)
    before = await api.entity_states(DOMAIN)
    assert before
    assert "unavailable" not in before.values()
    setups = emulator.count("/v1/appliance/user/list/get")

    await reload_entry(page, url, DOMAIN)
    await wait_until(lambda: emulator.count("/v1/appliance/user/list/get") > setups)
    await wait_until(lambda: api_says_loaded(api))

    after = await api.entity_states(DOMAIN)
    assert after.keys() == before.keys()
    assert [entity for entity, state in after.items() if state == "unavailable"] == []
    assert emulator.logins(DEMO.account) == logins


async def api_says_loaded(api: HomeAssistantApi) -> bool:
    return await api.entry_states(DOMAIN) == ["loaded"]


@pytest.mark.timeout(300)
async def test_owner_adds_the_account_and_controls_a_unit_from_a_thermostat_card(
    emulator: CloudEmulator,
    home_assistant: HomeAssistantProcess,
    api: HomeAssistantApi,
    page: Page,
    screenshots: Path,
) -> None:
    url = home_assistant.url
    living_room = units(emulator, DEMO.account)[0]
    await wait_until(emulator_linked(api))
    await log_in(page, url, OWNER)
    await add_account_in_the_ui(page, url, emulator, screenshots)
    searches = [(r.region, r.error_code) for r in emulator.requests if r.path == LOGIN_ID]
    assert searches[:2] == [("mapp", 3102), (REGION, 0)]  # found by region detection
    assert {r.region for r in emulator.requests if r.path != LOGIN_ID} == {REGION}

    climate = await wait_for_climate(api, living_room.name)
    start = climate["attributes"]["temperature"]
    raised = start + 2 * climate["attributes"]["target_temp_step"]
    await api.create_dashboard(
        DASHBOARD,
        "Air conditioners",
        [ThermostatCard.config(climate["entity_id"], climate["attributes"]["hvac_modes"])],
    )
    await page.goto(f"{url}/{DASHBOARD}/0")
    card = ThermostatCard(page)
    await expect(card.target).to_have_js_property("value", start)

    await card.mode_button("Heat").click()
    await wait_until(received_set(living_room, power=True, mode=MODE_HEAT, target=start))
    await wait_until(confirmed(api, living_room.name, "heat", start))
    await card_shows(page, card, "Heat", start)

    await card.raise_target(presses=2)
    await wait_until(received_set(living_room, power=True, mode=MODE_HEAT, target=raised))
    await wait_until(confirmed(api, living_room.name, "heat", raised))
    await card_shows(page, card, "Heat", raised)
    await save_screenshot(card.card, screenshots / "thermostat-card.png")

    device = await api.device_id(living_room.name, DOMAIN)
    await page.goto(f"{url}/config/devices/device/{device}")
    await expect(page.get_by_text(living_room.model).first).to_be_visible()
    await save_screenshot(page, screenshots / "device-page.png")

    await reload_during_a_login_block(page, url, emulator, api)

    await home_assistant.stop()
    log = home_assistant.log.read_text()
    leaked = {secret for secret in secrets(emulator, DEMO.account, DEMO.password) if secret in log}
    assert not leaked, f"{len(leaked)} secrets in home-assistant.log"
    assert WRONG_PASSWORD not in log
    reports = [line for line in log.splitlines() if any(text in line for text in REPORTS)]
    assert not reports, "Home Assistant reported our code:\n" + "\n".join(reports)
