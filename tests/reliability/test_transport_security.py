"""TLS verification is never switched off, and plain http is refused for anything but a loopback
test server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
import re
import ssl
from typing import Any

import aiohttp
from aiohttp import web
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.midea_cloud.const import CONF_APP, CONF_SERVER, DOMAIN
from midea_cloud_emulator import CloudEmulator
from midea_cloud_emulator.http_app import build_app
from tests.integration.conftest import EMAIL, PASSWORD, entry_data
from tests.untrusted_tls import self_signed_context

PACKAGE = Path(__file__).parents[2] / "custom_components" / "midea_cloud"
VERIFICATION_OFF = re.compile(
    r"ssl\s*=\s*False|verify_ssl\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False"
    r"|_create_unverified_context|verify_ssl=|ssl=|connector="
)
NOT_LOOPBACK = [
    "http://example.com",
    "http://mapp.appsmb.com",
    "http://192.168.1.20:8765",
    "http://10.0.0.1",
    "http://[fe80::1]:8765",
    "http://127.0.0.1.example.com",
]


def test_no_code_can_switch_tls_verification_off() -> None:
    """No source file of the integration, the codec or the CLI passes an SSL or connector option
    (so every session verifies certificates as aiohttp and Home Assistant do by default)."""
    offending = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if VERIFICATION_OFF.search(line)
    ]
    assert offending == []


@pytest.fixture
async def tls_cloud(emulator: CloudEmulator, tmp_path: Path) -> AsyncIterator[tuple[str, Path]]:
    """The emulator's cloud behind https on 127.0.0.1 with a self-signed certificate.

    A client that refuses the certificate drops the handshake, which the server's side reports
    to the event loop's exception handler; that report (the expected other half of the refusal)
    is kept out of the test harness's handler, every other report still reaches it.
    """
    loop = asyncio.get_running_loop()
    harness_handler = loop.get_exception_handler()

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if isinstance(context.get("exception"), ConnectionResetError | ssl.SSLError):
            return
        if harness_handler is None:
            loop.default_exception_handler(context)
        else:
            harness_handler(loop, context)

    loop.set_exception_handler(handler)
    runner = web.AppRunner(build_app(emulator, "mapp"), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=self_signed_context(tmp_path))
    await site.start()
    port = runner.addresses[0][1]
    yield f"https://127.0.0.1:{port}", tmp_path / "cert.pem"
    await runner.cleanup()
    loop.set_exception_handler(harness_handler)


async def test_an_untrusted_certificate_is_refused(
    hass: HomeAssistant, emulator: CloudEmulator, tls_cloud: tuple[str, Path]
) -> None:
    """Signing in to a server whose certificate does not verify fails before any request; the
    same server answers a client that trusts the certificate, so verification is the reason."""
    url, certificate = tls_cloud
    emulator.add_unit(EMAIL, name="Living room")
    flow = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"],
        {CONF_EMAIL: EMAIL, CONF_PASSWORD: PASSWORD, CONF_APP: "midea_air", CONF_SERVER: url},
    )

    assert result["errors"] == {"base": "cannot_connect"}
    assert emulator.requests == []
    trusting = ssl.create_default_context(cafile=certificate)
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{url}/v1/user/login/id/get", ssl=trusting) as answer,
    ):
        assert answer.status == 200
    assert len(emulator.requests) == 1


async def test_a_set_up_entry_refuses_an_untrusted_certificate_too(
    hass: HomeAssistant, emulator: CloudEmulator, tls_cloud: tuple[str, Path]
) -> None:
    """An entry whose server's certificate does not verify waits to retry; nothing was sent."""
    url, _ = tls_cloud
    emulator.add_unit(EMAIL, name="Living room")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=EMAIL,
        unique_id=emulator.account(EMAIL).user_id,
        data=entry_data(emulator, **{CONF_SERVER: url}),
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert emulator.requests == []


@pytest.mark.parametrize("server", NOT_LOOPBACK)
async def test_plain_http_is_refused_unless_loopback(
    hass: HomeAssistant, emulator: CloudEmulator, server: str
) -> None:
    """The sign-in and the reconfigure forms refuse a plain-http server that is not this
    machine, before anything is sent; the emulator's own http://127.0.0.1 is accepted."""
    emulator.add_unit(EMAIL, name="Living room")
    user_input = {CONF_EMAIL: EMAIL, CONF_PASSWORD: PASSWORD, CONF_APP: "midea_air"}
    flow = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    refused = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {**user_input, CONF_SERVER: server}
    )
    assert refused["errors"] == {CONF_SERVER: "invalid_server"}
    assert emulator.requests == []

    accepted = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {**user_input, CONF_SERVER: emulator.url}
    )
    assert accepted["type"] == "create_entry"
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    flow = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
    )
    requests = len(emulator.requests)
    refused = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_APP: "midea_air", CONF_SERVER: server}
    )
    assert refused["errors"] == {CONF_SERVER: "invalid_server"}
    assert len(emulator.requests) == requests
