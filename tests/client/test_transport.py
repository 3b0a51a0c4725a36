"""How the transport classifies what comes back, against a peer that answers crafted bodies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
import json

import aiohttp
from aiohttp import web
import pytest

from custom_components.midea_cloud.codec.errors import (
    MideaApiError,
    MideaNetworkError,
    MideaProtocolError,
    MideaRateLimitedError,
    MideaSessionError,
)
from custom_components.midea_cloud.codec.profiles import PROFILES
from custom_components.midea_cloud.codec.signing import sign
from custom_components.midea_cloud.codec.transport import ClientStats, Transport

NOW = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)


class CraftedPeer:
    """An HTTP server that answers every POST with the next crafted body and records the form."""

    def __init__(self) -> None:
        self.bodies: list[tuple[int, bytes]] = []
        self.forms: list[dict[str, str]] = []
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.forms.append(dict(await request.post()))  # type: ignore[arg-type]
        status, body = self.bodies.pop(0)
        return web.Response(status=status, body=body, content_type="application/json")


@pytest.fixture
async def peer(socket_enabled: None) -> AsyncIterator[CraftedPeer]:
    crafted = CraftedPeer()
    app = web.Application()
    app.router.add_post("/{tail:.*}", crafted.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    crafted.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield crafted
    await runner.cleanup()


@pytest.fixture
async def transport(peer: CraftedPeer) -> AsyncIterator[Transport]:
    async with aiohttp.ClientSession() as session:
        yield Transport(session, PROFILES["nethome_plus"], lambda: NOW, ClientStats())


async def call(transport: Transport, peer: CraftedPeer, status: int, body: bytes) -> object:
    peer.bodies.append((status, body))
    return await transport.call(peer.url, "/v1/test", {"b": "x y@z", "a": "1"}, timeout=5)


async def test_the_request_is_signed_over_every_parameter(
    transport: Transport, peer: CraftedPeer
) -> None:
    assert await call(transport, peer, 200, b'{"errorCode": "0", "result": {"k": 1}}') == {"k": 1}
    form = peer.forms[0]
    assert form["stamp"] == "20260301083000"
    assert form["b"] == "x y@z"
    assert (form["appId"], form["src"], form["format"], form["clientType"]) == (
        "1017",
        "17",
        "2",
        "1",
    )
    unsigned = {key: value for key, value in form.items() if key != "sign"}
    assert form["sign"] == sign("/v1/test", unsigned, PROFILES["nethome_plus"].app_key)


@pytest.mark.parametrize(
    "body",
    [b'{"errorCode": 0}', b'{"errorCode": " 0 ", "result": null}', b'{"errorCode": "0"}'],
)
async def test_success_without_a_result(
    transport: Transport, peer: CraftedPeer, body: bytes
) -> None:
    assert await call(transport, peer, 200, body) == {}


@pytest.mark.parametrize(
    "body",
    [
        b"<html>maintenance</html>",
        b'{"errorCode": "0", "result": ',
        b'["errorCode", 0]',
        b'{"errorCode": null}',
        b'{"errorCode": true}',
        b'{"errorCode": "zero"}',
        b'{"errorCode": 1.5}',
        b'{"msg": "ok"}',
        b'{"errorCode": "0", "result": [1, 2]}',
        b"\xff\xfe\x00",
    ],
)
async def test_malformed_answers_are_protocol_errors(
    transport: Transport, peer: CraftedPeer, body: bytes
) -> None:
    with pytest.raises(MideaProtocolError):
        await call(transport, peer, 200, body)


@pytest.mark.parametrize("status", [301, 404, 500, 503])
async def test_other_statuses_are_network_errors(
    transport: Transport, peer: CraftedPeer, status: int
) -> None:
    with pytest.raises(MideaNetworkError, match=str(status)):
        await call(transport, peer, status, b"{}")


async def test_cloud_errors_carry_code_and_short_message(
    transport: Transport, peer: CraftedPeer
) -> None:
    long_message = "x" * 500
    body = json.dumps({"errorCode": 4242, "msg": long_message}).encode()
    with pytest.raises(MideaApiError) as caught:
        await call(transport, peer, 200, body)
    assert caught.value.code == 4242
    assert len(caught.value.msg) == 120
    with pytest.raises(MideaSessionError) as session_error:
        await call(transport, peer, 200, b'{"errorCode": 3144, "msg": 7}')
    assert (session_error.value.code, session_error.value.msg) == (3144, "")


async def test_rate_limit_says_until_when(transport: Transport, peer: CraftedPeer) -> None:
    with pytest.raises(MideaRateLimitedError) as caught:
        await call(transport, peer, 200, b'{"errorCode": "7610"}')
    assert caught.value.until == NOW.replace(hour=9, minute=30)
    assert "09:30" in str(caught.value)
