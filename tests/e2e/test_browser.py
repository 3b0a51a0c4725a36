"""The owner's path in a real browser: add the account in the UI, then use a thermostat card."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import inspect
import json
from pathlib import Path
import re
from typing import Any

from playwright.async_api import Page, expect
import pytest

from custom_components.midea_cloud.codec.msmarthome import iam_digest
from custom_components.midea_cloud.const import DOMAIN
from midea_cloud_emulator import CloudEmulator, SimulatedUnit
from midea_cloud_emulator.regions import DEFAULT_MSMARTHOME_REGION, MSMARTHOME_REGIONS
from midea_cloud_emulator.state import MODE_HEAT
from tests.emulator_helpers import secrets, units

from .api import HomeAssistantApi
from .browser import save_screenshot
from .conftest import DEMO, MSMARTHOME_REGION, OWNER, REGION
from .home_assistant import EMULATOR_LINK_DOMAIN, INTEGRATION, HomeAssistantProcess
from .ui import ConfigFlowDialog, ThermostatCard, log_in, reload_entry

ENGLISH = json.loads((INTEGRATION / "translations" / "en.json").read_text())
ERRORS = ENGLISH["config"]["error"]
MSMARTHOME = ENGLISH["selector"]["app"]["options"]["msmarthome"]
WRONG_PASSWORD = "not the password"
DASHBOARD = "air-conditioners"
MSMARTHOME_DASHBOARD = "msmarthome-units"
LOGIN_ID = "/v1/user/login/id/get"
ROUTERS = {"/v1/multicloud/platform/user/route", "/v1/unitcenter/router/user/name"}
MSMARTHOME_LOGIN = "/mj/user/login"
# sensor device class -> the unit's reading and the unit of measurement Home Assistant shows
WH = 0.001  # kWh
DISPLAY_DECIMALS = {"power": 0, "energy": 2, "humidity": 0}  # the sensors' display precision
READINGS = {
    "power": ("power_w", "W"),
    "energy": ("energy_kwh", "kWh"),
    "humidity": ("humidity", "%"),
}


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


def lists_every_unit(
    flow: ConfigFlowDialog, emulator: CloudEmulator, account: str
) -> Callable[[], Awaitable[bool]]:
    """True once the success step offers a "Device name" field for each of the account's units."""
    device_names = flow.dialog.locator("input")

    async def check() -> bool:
        names = await device_names.evaluate_all("inputs => inputs.map(input => input.value)")
        return {unit.name for unit in units(emulator, account)} <= set(names)

    return check


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
    await wait_until(lists_every_unit(flow, emulator, DEMO.account))
    await save_screenshot(page, screenshots / "config-flow-devices.png")
    await flow.finish()


async def add_msmarthome_account_in_the_ui(
    page: Page, url: str, emulator: CloudEmulator, screenshots: Path
) -> None:
    """The same dialog with App = MSmartHome and the server field empty: the cloud's router
    names the account's server."""
    flow = ConfigFlowDialog(page)
    await flow.start(url, "Midea Cloud")
    await flow.field("email").fill(DEMO.msmarthome_account)
    await flow.field("password").fill(DEMO.msmarthome_password)
    await flow.choose(MSMARTHOME)
    await expect(flow.field("server")).to_have_value("")
    await save_screenshot(page, screenshots / "config-flow-msmarthome.png")
    await flow.submit()
    await wait_until(lists_every_unit(flow, emulator, DEMO.msmarthome_account))
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
    api: HomeAssistantApi, entity_id: str, hvac_mode: str, target: float
) -> Callable[[], Awaitable[bool]]:
    """True once Home Assistant's state of the climate entity shows ``hvac_mode`` and ``target``."""

    async def check() -> bool:
        state = await api.state(entity_id)
        return bool(state["state"] == hvac_mode and state["attributes"]["temperature"] == target)

    return check


async def card_shows(page: Page, card: ThermostatCard, mode_label: str, target: float) -> None:
    """A fresh render of the card (from Home Assistant's state alone) shows the mode and target."""
    await page.reload()
    await expect(card.mode_button(mode_label)).to_have_attribute("aria-checked", "true")
    await expect(card.target).to_have_js_property("value", target)


async def heat_and_raise_from_a_thermostat_card(
    page: Page,
    url: str,
    api: HomeAssistantApi,
    unit: SimulatedUnit,
    climate: dict[str, Any],
    dashboard: tuple[str, str],
) -> ThermostatCard:
    """A dashboard with the unit's thermostat card: the owner picks Heat, then presses + twice;
    the unit receives each SET and the card, drawn afresh, shows what the unit confirmed."""
    entity_id = climate["entity_id"]
    start = climate["attributes"]["temperature"]
    raised = start + 2 * climate["attributes"]["target_temp_step"]
    url_path, title = dashboard
    await api.create_dashboard(
        url_path, title, [ThermostatCard.config(entity_id, climate["attributes"]["hvac_modes"])]
    )
    await page.goto(f"{url}/{url_path}/0")
    card = ThermostatCard(page)
    await expect(card.target).to_have_js_property("value", start)

    await card.mode_button("Heat").click()
    await wait_until(received_set(unit, power=True, mode=MODE_HEAT, target=start))
    await wait_until(confirmed(api, entity_id, "heat", start))
    await card_shows(page, card, "Heat", start)

    await card.raise_target(presses=2)
    await wait_until(received_set(unit, power=True, mode=MODE_HEAT, target=raised))
    await wait_until(confirmed(api, entity_id, "heat", raised))
    await card_shows(page, card, "Heat", raised)
    return card


async def reload_during_a_login_block(
    page: Page, url: str, emulator: CloudEmulator, api: HomeAssistantApi
) -> None:
    """The cloud refuses every login (7610) and the owner presses Reload: the entry comes back
    on its stored session, every entity stays available and nothing tries to log in."""
    limit, emulator.login_limit_per_hour = emulator.login_limit_per_hour, 0
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
    emulator.login_limit_per_hour = limit  # the block ends


async def api_says_loaded(api: HomeAssistantApi, entries: int = 1) -> bool:
    return await api.entry_states(DOMAIN) == ["loaded"] * entries


def readings_of(unit: SimulatedUnit) -> dict[str, tuple[float, str]]:
    """What the unit's cloud status reports: device class -> (value, unit of measurement)."""
    found = {key: (getattr(unit, reading), measure) for key, (reading, measure) in READINGS.items()}
    return {key: (value, measure) for key, (value, measure) in found.items() if value is not None}


def as_reported(
    shown: dict[str, tuple[float, str]],
    before: dict[str, tuple[float, str]],
    now: dict[str, tuple[float, str]],
) -> bool:
    """True when Home Assistant shows the unit's readings: power and humidity as the cloud
    reports them, the energy meter (which grows while the unit runs, reported in whole Wh)
    between its value ``before`` the account was added and its value ``now``."""
    if shown.keys() != now.keys():
        return False
    for key, (value, measure) in shown.items():
        low, high = before[key][0], now[key][0]
        if key == "energy":
            low, high = low - WH, high + WH
        if not (low <= value <= high and measure == now[key][1]):
            return False
    return True


async def readings_shown(api: HomeAssistantApi, device_id: str) -> dict[str, tuple[float, str]]:
    """The device's power, energy and humidity sensors as Home Assistant states them."""
    shown = {}
    for entity_id, state in (await api.device_states(device_id)).items():
        device_class = state["attributes"].get("device_class")
        if entity_id.startswith("sensor.") and device_class in READINGS:
            try:
                value = float(state["state"])
            except ValueError:
                value = float("nan")  # unknown or unavailable: never equal
            shown[device_class] = (value, state["attributes"].get("unit_of_measurement"))
    return shown


async def msmarthome_units_in_home_assistant(
    api: HomeAssistantApi, emulator: CloudEmulator, before: dict[str, dict[str, tuple[float, str]]]
) -> dict[str, dict[str, tuple[float, str]]]:
    """Each MSmartHome unit's power, energy and humidity sensors, by unit id, once Home Assistant
    has every unit with the readings its cloud status reports, and no others."""
    msmarthome_units = units(emulator, DEMO.msmarthome_account)
    shown: dict[str, dict[str, tuple[float, str]]] = {}

    async def all_shown() -> bool:
        for unit in msmarthome_units:
            try:
                device = await api.device_of(DOMAIN, unit.appliance_id)
            except LookupError:
                return False
            shown[unit.appliance_id] = await readings_shown(api, device)
        return all(
            as_reported(shown[unit.appliance_id], before[unit.appliance_id], readings_of(unit))
            for unit in msmarthome_units
        )

    try:
        await wait_until(all_shown)
    except AssertionError:
        now = {unit.appliance_id: readings_of(unit) for unit in msmarthome_units}
        assert shown == now, "Home Assistant's readings (left) and the cloud's (right)"
        raise
    return shown


def on_the_page(name: str, value: float, decimals: int, measure: str) -> re.Pattern[str]:
    """A sensor's row as the device page writes it: its name, then its reading rounded to the
    display precision (either way: the frontend and Python may round a last 5 differently)."""
    step = 0.5 * 10**-decimals
    numbers = {f"{number:.{decimals}f}" for number in (value - step, value, value + step)}
    choices = "|".join(re.escape(number) for number in sorted(numbers))
    return re.compile(rf"{re.escape(name)}\s*({choices})\s?{re.escape(measure)}")


def page_reads(page: Page, text: re.Pattern[str]) -> Callable[[], Awaitable[bool]]:
    """True once the page, as assistive technology reads it, says ``text``. (The device page's
    rows keep name and reading in separate shadow roots, which text locators match one by one.)"""

    async def check() -> bool:
        return text.search(await page.locator("body").aria_snapshot()) is not None

    return check


async def owner_adds_an_msmarthome_account(
    page: Page, url: str, emulator: CloudEmulator, api: HomeAssistantApi, screenshots: Path
) -> None:
    """A second account, on MSmartHome: added in the UI, its units controlled from a thermostat
    card, the Living room's power, energy and humidity shown on its device page."""
    msmarthome_units = units(emulator, DEMO.msmarthome_account)
    before = {unit.appliance_id: readings_of(unit) for unit in msmarthome_units}
    first = len(emulator.requests)
    await add_msmarthome_account_in_the_ui(page, url, emulator, screenshots)
    msmarthome = [r for r in emulator.requests[first:] if r.region in MSMARTHOME_REGIONS]
    assert {r.region for r in msmarthome if r.path in ROUTERS} == {DEFAULT_MSMARTHOME_REGION}
    assert {r.region for r in msmarthome if r.path not in ROUTERS} == {MSMARTHOME_REGION}
    await wait_until(lambda: api_says_loaded(api, entries=2))

    shown = await msmarthome_units_in_home_assistant(api, emulator, before)
    living_room, bedroom, office = msmarthome_units
    assert shown[living_room.appliance_id].keys() == READINGS.keys()
    assert shown[bedroom.appliance_id].keys() == {"humidity"}
    assert shown[office.appliance_id] == {}

    device = await api.device_of(DOMAIN, living_room.appliance_id)
    states = await api.device_states(device)
    [climate] = [state for entity_id, state in states.items() if entity_id.startswith("climate.")]
    await heat_and_raise_from_a_thermostat_card(
        page, url, api, living_room, climate, (MSMARTHOME_DASHBOARD, "MSmartHome units")
    )

    await page.goto(f"{url}/config/devices/device/{device}")
    for device_class, (value, measure) in (await readings_shown(api, device)).items():
        row = on_the_page(device_class.capitalize(), value, DISPLAY_DECIMALS[device_class], measure)
        await wait_until(page_reads(page, row))


def msmarthome_secrets(emulator: CloudEmulator) -> set[str]:
    """The MSmartHome account's secrets: those of any account, its second digest and the login
    hashes it sent (``password`` and ``iampwd``)."""
    found = secrets(emulator, DEMO.msmarthome_account, DEMO.msmarthome_password)
    found.add(iam_digest(DEMO.msmarthome_password))
    for record in emulator.requests:
        if record.path == MSMARTHOME_LOGIN:
            found.update(
                record.params[key] for key in ("password", "iampwd") if key in record.params
            )
    return found


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
    card = await heat_and_raise_from_a_thermostat_card(
        page, url, api, living_room, climate, (DASHBOARD, "Air conditioners")
    )
    await save_screenshot(card.card, screenshots / "thermostat-card.png")

    device = await api.device_id(living_room.name, DOMAIN)
    await page.goto(f"{url}/config/devices/device/{device}")
    await expect(page.get_by_text(living_room.model).first).to_be_visible()
    await save_screenshot(page, screenshots / "device-page.png")

    await reload_during_a_login_block(page, url, emulator, api)
    await owner_adds_an_msmarthome_account(page, url, emulator, api, screenshots)

    await home_assistant.stop()
    log = home_assistant.log.read_text()
    leaked = {
        secret
        for secret in secrets(emulator, DEMO.account, DEMO.password) | msmarthome_secrets(emulator)
        if secret in log
    }
    assert not leaked, f"{len(leaked)} secrets in home-assistant.log"
    assert WRONG_PASSWORD not in log
    reports = home_assistant.reports()
    assert not reports, "Home Assistant reported our code:\n" + "\n".join(reports)
