"""No secret leaves the integration: a whole life of an entry with DEBUG logging, then every log
line, error message, flow result, diagnostics dump, repair text, state and stored file is
searched for the password, its digest, the login hashes, the session ids, the session keys and
the accessToken and randomData that carried them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from http import HTTPStatus
import json
import logging
from typing import Any

from aiohttp.test_utils import TestClient
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import CLIENT_ID, MockUser
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.midea_cloud.codec.signing import password_digest
from custom_components.midea_cloud.const import CONF_APP, CONF_SERVER, DOMAIN, POLL_INTERVAL
from midea_cloud_emulator import FULL, CloudEmulator, FaultKind
from tests.emulator_helpers import secrets
from tests.integration.conftest import EMAIL, PASSWORD

from .clock import advance, call_service, run_for, settle
from .scene import LOGIN_NEW, SEND, Scene

AN_HOUR = timedelta(hours=1, minutes=1)
NEW_PASSWORD = "a new password after the old one leaked"
LIST = "/v1/appliance/user/list/get"
FLOWS = "/api/config/config_entries/flow"
LOGIN_ID = "/v1/user/login/id/get"
ISSUE_TEXTS = json.loads(
    (
        __import__("pathlib").Path(__file__).parents[2]
        / "custom_components/midea_cloud/translations/en.json"
    ).read_text(encoding="utf-8")
)["issues"]


class Transcript:
    """Everything the user or a log reader could see."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def add(self, what: object) -> None:
        self.texts.append(what if isinstance(what, str) else repr(what))

    async def command(
        self, scene: Scene, domain: str, service: str, data: dict[str, Any]
    ) -> str | None:
        """Run a service call; keep the error a user would see; return its translation key."""
        try:
            await call_service(scene.hass, scene.freezer, domain, service, data)
        except HomeAssistantError as err:
            self.add(f"{err} {err.translation_key} {err.translation_placeholders}")
            return err.translation_key
        return None

    def leaks(self, secret_values: set[str]) -> list[str]:
        text = "\n".join(self.texts)
        return sorted(secret for secret in secret_values if secret and secret in text)


def repair_texts(hass: HomeAssistant) -> list[str]:
    """The title and description of every repair as the UI renders them in English."""
    rendered = []
    for (domain, _), issue in ir.async_get(hass).issues.items():
        if domain != DOMAIN or issue.translation_key is None:
            continue
        placeholders = issue.translation_placeholders or {}
        texts = ISSUE_TEXTS[issue.translation_key]
        rendered += [
            texts["title"].format(**placeholders),
            texts["description"].format(**placeholders),
        ]
    return rendered


def issue_keys(hass: HomeAssistant) -> set[str]:
    """The translation keys of the integration's repairs."""
    registry = ir.async_get(hass)
    return {
        issue.translation_key or "" for issue in registry.issues.values() if issue.domain == DOMAIN
    }


async def wait(scene: Scene, duration: timedelta) -> None:
    """Let ``duration`` pass with a poll every minute."""
    await run_for(scene.hass, scene.freezer, duration, POLL_INTERVAL)


async def poll_until(scene: Scene, condition: Callable[[], bool]) -> None:
    """Poll every minute until ``condition`` holds (within two hours)."""
    for _ in range(120):
        if condition():
            return
        await advance(scene.hass, scene.freezer, POLL_INTERVAL)
    raise AssertionError("the condition did not come true within two hours")


class Ui:
    """Home Assistant's HTTP API as the frontend uses it: what comes back is what a user sees."""

    def __init__(
        self, hass: HomeAssistant, hass_client: ClientSessionGenerator, user: MockUser
    ) -> None:
        self._hass = hass
        self._hass_client = hass_client
        self._user = user

    async def _client(self) -> TestClient[Any, Any]:
        """A client with a token valid at the current simulated time."""
        refresh_token = await self._hass.auth.async_create_refresh_token(self._user, CLIENT_ID)
        client: TestClient[Any, Any] = await self._hass_client(
            self._hass.auth.async_create_access_token(refresh_token)
        )
        return client

    async def post(self, path: str, data: dict[str, Any]) -> dict[str, Any]:
        response = await (await self._client()).post(path, json=data)
        assert response.status == HTTPStatus.OK, await response.text()
        answer: dict[str, Any] = await response.json()
        return answer

    async def download(self, path: str) -> str:
        response = await (await self._client()).get(path)
        assert response.status == HTTPStatus.OK
        return await response.text()


async def sign_in(ui: Ui, emulator: CloudEmulator, transcript: Transcript) -> None:
    """The config flow as a user fills it in."""
    form = await ui.post(FLOWS, {"handler": DOMAIN})
    transcript.add(form)
    result = await ui.post(
        f"{FLOWS}/{form['flow_id']}",
        {
            CONF_EMAIL: EMAIL,
            CONF_PASSWORD: PASSWORD,
            CONF_APP: "midea_air",
            CONF_SERVER: emulator.url,
        },
    )
    transcript.add(result)
    assert result["type"] == "create_entry"


async def reauthenticate(hass: HomeAssistant, ui: Ui, transcript: Transcript) -> None:
    """Answer the reauth flow: a wrong password first, then the new one."""
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    for password in ("not it either", NEW_PASSWORD):
        result = await ui.post(f"{FLOWS}/{flow['flow_id']}", {CONF_PASSWORD: password})
        transcript.add(result)
    assert result["reason"] == "reauth_successful"


async def test_no_secret_in_logs_errors_diagnostics_or_repairs(
    hass: HomeAssistant,
    *,
    freezer: FrozenDateTimeFactory,
    emulator: CloudEmulator,
    caplog: pytest.LogCaptureFixture,
    hass_client: ClientSessionGenerator,
    hass_admin_user: MockUser,
    hass_storage: dict[str, Any],
) -> None:
    caplog.set_level(logging.DEBUG)
    living_room = emulator.add_unit(
        EMAIL, name="Living room", power=True, mode=2, capabilities=FULL
    )
    bedroom = emulator.add_unit(EMAIL, name="Bedroom", power=False, mode=4)
    transcript = Transcript()

    for component in ("config", "diagnostics"):
        assert await async_setup_component(hass, component, {})
    ui = Ui(hass, hass_client, hass_admin_user)
    await sign_in(ui, emulator, transcript)
    await settle(hass, freezer)
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    scene = Scene(hass, freezer, emulator, entry)
    await advance(hass, freezer, POLL_INTERVAL)

    climate = "climate.living_room"
    await transcript.command(
        scene, "climate", "set_temperature", {"entity_id": climate, "temperature": 22}
    )
    await transcript.command(
        scene, "climate", "set_hvac_mode", {"entity_id": climate, "hvac_mode": "heat"}
    )
    await transcript.command(
        scene, "switch", "turn_off", {"entity_id": "switch.living_room_display"}
    )
    await emulator.stop()
    freezer.tick(timedelta(seconds=45))  # too old to skip the query before the SET
    errors = [
        await transcript.command(
            scene, "climate", "set_temperature", {"entity_id": climate, "temperature": 23}
        )
    ]
    await emulator.start()
    emulator.faults.add(FaultKind.ERROR_CODE, code=3123, path=SEND)
    errors.append(
        await transcript.command(
            scene, "climate", "set_temperature", {"entity_id": climate, "temperature": 23}
        )
    )

    emulator.expire_sessions()  # the phone app signs in: log in again
    living_room.state.appliance_error, living_room.state.error_code = True, 5
    bedroom.state.filter_alert = True
    await advance(hass, freezer, POLL_INTERVAL)
    await wait(scene, AN_HOUR)
    for _ in range(3):  # the phone app takes the session again and again
        emulator.expire_sessions()
        await wait(scene, timedelta(minutes=20))
    transcript.add(repair_texts(hass))
    await wait(scene, AN_HOUR)
    emulator.faults.add(FaultKind.ERROR_CODE, code=3102, path=LIST, count=None)
    emulator.faults.add(FaultKind.ERROR_CODE, code=3102, path=LOGIN_ID, count=None)
    await poll_until(scene, lambda: "account_not_found" in issue_keys(hass))
    transcript.add(repair_texts(hass))
    emulator.faults.clear()
    assert await hass.config_entries.async_reload(entry.entry_id)  # the owner follows the repair
    await settle(hass, freezer)
    await poll_until(scene, lambda: scene.coordinator.last_update_success)
    await wait(scene, AN_HOUR)

    emulator.account(EMAIL).password_digest = password_digest(NEW_PASSWORD)
    emulator.expire_sessions()
    await poll_until(scene, lambda: bool(hass.config_entries.flow.async_progress()))
    await reauthenticate(hass, ui, transcript)
    await settle(hass, freezer)
    await advance(hass, freezer, POLL_INTERVAL)
    assert hass.states.get(climate).state == "heat"  # type: ignore[union-attr]

    transcript.add(await ui.download(f"/api/diagnostics/config_entry/{entry.entry_id}"))
    emulator.expire_sessions()
    emulator.faults.add(FaultKind.ERROR_CODE, code=7610, path=LOGIN_NEW, count=None)
    await advance(hass, freezer, POLL_INTERVAL)
    await transcript.command(
        scene, "climate", "set_temperature", {"entity_id": climate, "temperature": 24}
    )
    transcript.add(repair_texts(hass))
    transcript.add(
        [
            (state.entity_id, state.state, dict(state.attributes))
            for state in hass.states.async_all()
        ]
    )
    transcript.add(
        {key: data for key, data in hass_storage.items() if key != "core.config_entries"}
    )
    formatter = logging.Formatter()
    transcript.add([formatter.format(record) for record in caplog.records])

    assert issue_keys(hass) >= {"unit_fault", "filter_needs_cleaning", "login_rate_limited"}
    assert errors == ["command_cannot_connect", "unit_offline"]
    assert "Logged in on" in caplog.text  # DEBUG was on
    assert "Reply from" in caplog.text
    sessions = [s for s in emulator.sessions.values() if s.account.email == EMAIL]
    assert len(sessions) >= 7
    found = secrets(emulator, EMAIL, PASSWORD) | secrets(emulator, EMAIL, NEW_PASSWORD)
    assert transcript.leaks(found) == []
