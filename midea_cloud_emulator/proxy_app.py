"""The aiohttp application of an MSmartHome region: POST /mas/v5/app/proxy?alias=<endpoint>.

Every request carries a JSON body signed with HMAC-SHA256 over the raw bytes (header ``sign``,
nonce ``random``); every answer is ``{"code", "msg", "data"}`` with HTTP 200, errors included.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable, Mapping
import json
import logging
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from . import answers
from .apps import APP_PROFILES, MSMARTHOME_APP
from .cloud import Cloud
from .errors import BAD_SIGN, NO_SUCH_ENDPOINT, TOKEN_INVALID, VALUE_ILLEGAL, CloudError
from .http_app import RequestHandler, serve
from .lua_status import lua_status
from .msmarthome_lists import home_list, home_units, user_list
from .msmarthome_login import login, login_id_get, route_user
from .msmarthome_relay import transparent_send
from .proxy_call import ALIAS, PROXY_PATH, ProxyCall, Result, appliance_code
from .records import RequestRecord
from .wire.proxy_sign import proxy_sign_matches

_LOGGER = logging.getLogger(__name__)

ProxyEndpoint = Callable[[Cloud, ProxyCall], Result]
ROUTE_A = "/v1/multicloud/platform/user/route"
ROUTE_B = "/v1/unitcenter/router/user/name"
LOGIN_ID = "/v1/user/login/id/get"
LOGIN = "/mj/user/login"
SEND = "/v1/appliance/transparent/send"
ENDPOINTS: dict[str, ProxyEndpoint] = {
    ROUTE_A: route_user,
    ROUTE_B: route_user,
    LOGIN_ID: login_id_get,
    LOGIN: login,
    "/v1/appliance/user/list/get": user_list,
    "/v1/homegroup/list/get": home_list,
    "/v1/appliance/home/list/get": home_units,
    SEND: transparent_send,
    "/v1/device/status/lua/get": lua_status,
}
NUMERIC_SUCCESS = frozenset({ROUTE_A, ROUTE_B, LOGIN})  # as captured; the others say "0"
PROFILE = APP_PROFILES[MSMARTHOME_APP]


def build_proxy_app(
    cloud: Cloud, region: str, running: set[asyncio.Task[object]] | None = None
) -> web.Application:
    """The application answering for the MSmartHome ``region``."""
    return serve(_ProxyHandler(cloud, region, set() if running is None else running))


def alias_of(request: web.Request) -> str:
    """Everything after the first ``alias=`` of the raw query, URL-decoded once."""
    _, _, query = request.raw_path.partition("?")
    _, found, endpoint = query.partition(ALIAS)
    return unquote(endpoint) if found else ""


def _json_object(raw: bytes) -> Mapping[str, Any] | None:
    try:
        body = json.loads(raw)
    except UnicodeDecodeError, ValueError:
        return None
    return body if isinstance(body, dict) else None


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def flat_params(body: Mapping[str, Any] | None) -> dict[str, str]:
    """The top-level fields as text, plus the login's ``iotData`` fields."""
    if body is None:
        return {}
    params = {name: _as_text(value) for name, value in body.items()}
    iot_data = body.get("iotData")
    if isinstance(iot_data, dict):
        params.update((name, _as_text(value)) for name, value in iot_data.items())
    return params


def _basic_authorization() -> str:
    pair = f"{PROFILE.app_key}:{PROFILE.iot_key}".encode()
    return "Basic " + base64.b64encode(pair).decode()


def _signed(request: web.Request, raw: bytes) -> bool:
    headers = request.headers
    authorization = headers.get("Authorization")
    if authorization is not None and authorization != _basic_authorization():
        return False
    return proxy_sign_matches(
        PROFILE.hmac_key, PROFILE.iot_key, raw, headers.get("random", ""), headers.get("sign", "")
    )


class _ProxyHandler(RequestHandler):
    shape = answers.PROXY

    async def respond(self, request: web.Request) -> web.StreamResponse:
        cloud = self._cloud
        on_proxy = request.path == PROXY_PATH
        endpoint = alias_of(request) if on_proxy else request.path
        record = RequestRecord(self._region, endpoint, {}, at=cloud.now())
        cloud.requests.append(record)
        if not on_proxy:
            return web.Response(status=404, text="Not Found")
        if request.method != "POST":
            return web.Response(status=405, text="Method Not Allowed", headers={"Allow": "POST"})
        raw = await request.read()
        body = _json_object(raw)
        record.params = flat_params(body)
        token = request.headers.get("accessToken", "")
        code = appliance_code(body or {})

        def normal() -> tuple[web.StreamResponse, int]:
            return self._normal_answer(request, endpoint, raw, body, token)

        def kill_session() -> int:
            cloud.kill_session(token)
            return TOKEN_INVALID

        if endpoint == SEND:
            with cloud.tracking_send(token):
                answer = await self.with_faults(request, endpoint, code, normal, kill_session)
        else:
            answer = await self.with_faults(request, endpoint, code, normal, kill_session)
        response, record.error_code = answer
        _LOGGER.debug("%s %s -> %s", self._region, endpoint, record.error_code)
        return response

    def _normal_answer(
        self,
        request: web.Request,
        endpoint: str,
        raw: bytes,
        body: Mapping[str, Any] | None,
        token: str,
    ) -> tuple[web.StreamResponse, int]:
        """Sign (44003), a JSON object (3004) and a known endpoint (40404), in that order, then
        the endpoint's answer."""
        if not _signed(request, raw):
            return self.error(BAD_SIGN)
        if body is None:
            return self.error(VALUE_ILLEGAL)
        handler = ENDPOINTS.get(endpoint)
        if handler is None:
            return self.error(NO_SUCH_ENDPOINT)
        try:
            result = handler(
                self._cloud,
                ProxyCall(self._region, endpoint, flat_params(body), PROFILE, body, token),
            )
        except CloudError as err:
            return self.error(err.code)
        numeric = self._cloud.error_codes_as_numbers or endpoint in NUMERIC_SUCCESS
        return answers.success(result, as_number=numeric, shape=self.shape), 0
