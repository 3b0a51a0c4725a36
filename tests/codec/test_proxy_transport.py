"""The MSmartHome transport against a peer on 127.0.0.1 that answers crafted bodies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
import json
from pathlib import Path
import re
import ssl

import aiohttp
from aiohttp import web
import pytest

from custom_components.midea_cloud.codec.errors import (
    MideaApiError,
    MideaConfigError,
    MideaDeviceQuotaError,
    MideaLuaUnsupportedError,
    MideaMalformedAnswerError,
    MideaNetworkError,
    MideaRateLimitedError,
    MideaSessionError,
    MideaTokenExpiredError,
)
from custom_components.midea_cloud.codec.msmarthome import BASE_URL, PATH_LOGIN_ID, proxy_sign
from custom_components.midea_cloud.codec.proxy_transport import ProxyTransport
from custom_components.midea_cloud.codec.transport import ClientStats
from tests.untrusted_tls import self_signed_context

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
CLOUD_ORIGIN = "https://mp-prod.appsmb.com"


class Peer:
    """Answers every POST with the next crafted (status, body) and records what it got."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, bytes]] = []
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.delay = 0.0
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append((request.path_qs, dict(request.headers), await request.read()))
        await asyncio.sleep(self.delay)
        status, body = self.answers.pop(0)
        return web.Response(status=status, body=body, content_type="application/json")


async def _serve(
    peer: Peer, ssl_context: ssl.SSLContext | None = None
) -> tuple[web.AppRunner, int]:
    app = web.Application()
    app.router.add_post("/{tail:.*}", peer.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context)
    await site.start()
    return runner, runner.addresses[0][1]


@pytest.fixture
async def peer(socket_enabled: None) -> AsyncIterator[Peer]:
    crafted = Peer()
    runner, port = await _serve(crafted)
    crafted.url = f"http://127.0.0.1:{port}"
    yield crafted
    await runner.cleanup()


@pytest.fixture
async def stats() -> ClientStats:
    return ClientStats()


@pytest.fixture
async def transport(peer: Peer, stats: ClientStats) -> AsyncIterator[ProxyTransport]:
    async with aiohttp.ClientSession() as session:
        yield ProxyTransport(session, lambda: NOW, stats, {CLOUD_ORIGIN: peer.url})


async def call(
    transport: ProxyTransport,
    peer: Peer,
    answer: bytes | dict[str, object],
    *,
    status: int = 200,
    access_token: str | None = None,
) -> dict[str, object]:
    body = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
    peer.answers.append((status, body))
    return await transport.call(
        BASE_URL,
        PATH_LOGIN_ID,
        {"loginAccount": "user@example.com", "format": 2},
        access_token=access_token,
        timeout=5,
    )


async def test_the_request_is_signed_json_on_the_mapped_server(
    transport: ProxyTransport, peer: Peer, stats: ClientStats
) -> None:
    data = await call(transport, peer, {"code": 0, "msg": "ok", "data": {"loginId": "x-1"}})
    assert data == {"loginId": "x-1"}
    path, headers, body = peer.requests[0]
    assert path == "/mas/v5/app/proxy?alias=/v1/user/login/id/get"
    assert json.loads(body) == {"loginAccount": "user@example.com", "format": 2}
    assert re.fullmatch(r"[0-9a-f]{32}", headers["random"])
    assert headers["sign"] == proxy_sign(body, headers["random"])
    assert headers["secretVersion"] == "1"
    assert headers["Content-Type"] == "application/json"
    assert "accessToken" not in headers
    assert stats.requests == 1


async def test_the_access_token_is_sent_once_there_is_one(
    transport: ProxyTransport, peer: Peer
) -> None:
    await call(transport, peer, {"code": "0", "data": {}}, access_token="T1abc")
    await call(transport, peer, {"code": "0", "data": {}})
    assert peer.requests[0][1]["accessToken"] == "T1abc"
    assert peer.requests[1][0] == peer.requests[0][0]
    assert peer.requests[1][1]["random"] != peer.requests[0][1]["random"]


@pytest.mark.parametrize(
    "answer",
    [
        {"code": 0},
        {"code": "0", "msg": None, "data": None},
        {"code": " 0 ", "msg": "成功"},
    ],
)
async def test_success_without_data(
    transport: ProxyTransport, peer: Peer, answer: dict[str, object]
) -> None:
    assert await call(transport, peer, answer) == {}


@pytest.mark.parametrize(
    "answer",
    [
        b"<html>maintenance</html>",
        b'{"code": "0", "data": ',
        b'["code", 0]',
        b'{"code": null}',
        b'{"code": true}',
        b'{"code": "zero"}',
        b'{"code": 1.5}',
        b'{"errorCode": 0, "result": {}}',
        b'{"code": "0", "data": [1, 2]}',
        b"\xff\xfe\x00",
    ],
)
async def test_malformed_answers(transport: ProxyTransport, peer: Peer, answer: bytes) -> None:
    with pytest.raises(MideaMalformedAnswerError):
        await call(transport, peer, answer)


@pytest.mark.parametrize("status", [302, 404, 500, 503])
async def test_other_statuses_are_network_errors(
    transport: ProxyTransport, peer: Peer, status: int
) -> None:
    with pytest.raises(MideaNetworkError, match=str(status)):
        await call(transport, peer, {"code": 0}, status=status)


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("65027", MideaDeviceQuotaError),
        ("40002", MideaTokenExpiredError),
        (3106, MideaSessionError),
        ("1014", MideaLuaUnsupportedError),
        ("4242", MideaApiError),
    ],
)
async def test_cloud_errors(
    transport: ProxyTransport, peer: Peer, stats: ClientStats, code: object, cls: type
) -> None:
    with pytest.raises(MideaApiError) as caught:
        await call(transport, peer, {"code": code, "msg": "x" * 500})
    assert type(caught.value) is cls
    assert caught.value.code == int(str(code))
    assert stats.last_error_code == int(str(code))


async def test_token_expiry_is_a_session_end(transport: ProxyTransport, peer: Peer) -> None:
    with pytest.raises(MideaSessionError) as caught:
        await call(transport, peer, {"code": "40002", "msg": "user token not exist"})
    assert caught.value.code == 40002
    assert caught.value.msg == "user token not exist"


async def test_rate_limit_blocks_for_an_hour(transport: ProxyTransport, peer: Peer) -> None:
    with pytest.raises(MideaRateLimitedError) as caught:
        await call(transport, peer, {"code": "7610"})
    assert caught.value.until == NOW + timedelta(hours=1)


async def test_an_expected_code_is_not_recorded(
    transport: ProxyTransport, peer: Peer, stats: ClientStats
) -> None:
    with transport.not_recording(1014), pytest.raises(MideaLuaUnsupportedError):
        await call(transport, peer, {"code": "1014"})
    assert stats.last_error_code is None
    with pytest.raises(MideaLuaUnsupportedError):
        await call(transport, peer, {"code": "1014"})
    assert stats.last_error_code == 1014


async def test_a_timeout_is_a_network_error(
    transport: ProxyTransport, peer: Peer, stats: ClientStats
) -> None:
    peer.delay = 1.0
    peer.answers.append((200, b'{"code": 0}'))
    with pytest.raises(MideaNetworkError, match="timed out"):
        await transport.call(BASE_URL, PATH_LOGIN_ID, {}, timeout=0.1)
    assert stats.requests == 1


async def test_an_unreachable_server_is_a_network_error(socket_enabled: None) -> None:
    runner, port = await _serve(Peer())
    await runner.cleanup()
    async with aiohttp.ClientSession() as session:
        transport = ProxyTransport(
            session, lambda: NOW, ClientStats(), {CLOUD_ORIGIN: f"http://127.0.0.1:{port}"}
        )
        with pytest.raises(MideaNetworkError, match="cannot reach"):
            await transport.call(BASE_URL, PATH_LOGIN_ID, {}, timeout=5)


@pytest.mark.parametrize(
    "base",
    [
        "http://mp-prod.appsmb.com/mas/v5/app/proxy?alias=",
        "ftp://mp-prod.appsmb.com/mas/v5/app/proxy?alias=",
        "/mas/v5/app/proxy?alias=",
        "https://[::1/mas",
    ],
)
async def test_only_https_or_loopback_http(
    transport: ProxyTransport, stats: ClientStats, base: str
) -> None:
    with pytest.raises(MideaConfigError):
        await transport.call(base, PATH_LOGIN_ID, {}, timeout=5)
    assert stats.requests == 0


async def test_loopback_http_needs_no_mapping(peer: Peer, stats: ClientStats) -> None:
    async with aiohttp.ClientSession() as session:
        transport = ProxyTransport(session, lambda: NOW, stats)
        peer.answers.append((200, b'{"code": 0, "data": {"masUrl": "x"}}'))
        base = f"{peer.url}/mas/v5/app/proxy?alias="
        assert await transport.call(base, "/v1/route", {}, timeout=5) == {"masUrl": "x"}
    assert peer.requests[0][0] == "/mas/v5/app/proxy?alias=/v1/route"


async def test_certificates_are_verified(
    socket_enabled: None, tmp_path: Path, stats: ClientStats
) -> None:
    context = self_signed_context(tmp_path)
    peer = Peer()
    peer.answers.append((200, b'{"code": 0}'))
    runner, port = await _serve(peer, context)
    try:
        async with aiohttp.ClientSession() as session:
            transport = ProxyTransport(session, lambda: NOW, stats)
            with pytest.raises(MideaNetworkError, match="Certificate"):
                await transport.call(
                    f"https://127.0.0.1:{port}/mas/v5/app/proxy?alias=", "/v1/x", {}, timeout=5
                )
    finally:
        await runner.cleanup()
    assert peer.requests == []
