"""The aiohttp application of one region: parsing, checks shared by every endpoint, faults."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
import logging
from urllib.parse import parse_qsl

from aiohttp import web

from . import answers
from .appliances import list_appliances
from .cloud import Call, Cloud
from .errors import INVALID_SESSION, SIGN_ILLEGAL, VALUE_ILLEGAL, CloudError
from .faults import REPLY_KINDS, Fault, FaultKind
from .login import login_id_get, login_new, login_old
from .records import RequestRecord
from .regions import profile_for_app_id
from .relay import send_new, send_old
from .wire.sign import sign_matches

_LOGGER = logging.getLogger(__name__)

Endpoint = Callable[[Cloud, Call], dict[str, object]]
ENDPOINTS: dict[str, Endpoint] = {
    "/v1/user/login/id/get": login_id_get,
    "/v1/user/login/new": login_new,
    "/v1/user/login": login_old,
    "/v1/appliance/user/list/get": list_appliances,
    "/v1/appliance/transparent/send/new": send_new,
    "/v1/appliance/transparent/send": send_old,
}
SEND_PATHS = frozenset({"/v1/appliance/transparent/send/new", "/v1/appliance/transparent/send"})
COMMON_FIELDS = ("appId", "src", "format", "clientType", "language", "stamp")
FORM_TYPE = "application/x-www-form-urlencoded"
_ANSWER_KINDS = frozenset(FaultKind) - REPLY_KINDS - {FaultKind.DELAY}
_DELAY_KINDS = frozenset({FaultKind.DELAY})
_DEFAULT_DELAY = 60.0


def serve(handler: RequestHandler) -> web.Application:
    """An application that hands every request to ``handler``."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler.handle)
    return app


def build_app(
    cloud: Cloud, region: str, running: set[asyncio.Task[object]] | None = None
) -> web.Application:
    """The application answering for ``region``; ``running`` collects the requests in progress."""
    return serve(_RegionHandler(cloud, region, set() if running is None else running))


async def _read_form(request: web.Request) -> dict[str, str] | None:
    """The form fields, or None when the body is not a well-formed UTF-8 form."""
    if request.content_type != FORM_TYPE:
        return None
    raw = await request.read()
    try:
        pairs = parse_qsl(raw.decode(), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return None
    fields = dict(pairs)
    return fields if len(fields) == len(pairs) else None


def _stamp_is_valid(stamp: str) -> bool:
    if len(stamp) != 14 or not stamp.isascii() or not stamp.isdigit():
        return False
    try:
        datetime.strptime(stamp, "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return True


def _checked_call(region: str, path: str, params: dict[str, str] | None) -> Call:
    """Sign (3301) and common fields (3004) checked, as the cloud does before anything else."""
    if params is None:
        raise CloudError(VALUE_ILLEGAL)
    profile = profile_for_app_id(params.get("appId", ""))
    if profile is None or not sign_matches(path, params, profile.app_key):
        raise CloudError(SIGN_ILLEGAL)
    if any(not params.get(name) for name in COMMON_FIELDS) or not _stamp_is_valid(params["stamp"]):
        raise CloudError(VALUE_ILLEGAL)
    return Call(region, path, params, profile)


NormalAnswer = Callable[[], tuple[web.StreamResponse, int]]
KillSession = Callable[[], int]


class RequestHandler:
    """What every listener does around its endpoints: requests in progress, latency, delays
    and the armed faults. Subclasses answer in their cloud's ``shape``."""

    shape = answers.MAPP

    def __init__(self, cloud: Cloud, region: str, running: set[asyncio.Task[object]]) -> None:
        self._cloud = cloud
        self._region = region
        self._running = running

    async def handle(self, request: web.Request) -> web.StreamResponse:
        # The task aiohttp runs this request in stays in ``running`` until it ends, so that it
        # covers the whole request (sending the answer too), not only this handler: stop()
        # cancels it, and aiohttp's shutdown then has no request in progress to wait for (its
        # grace period is a timer, which a simulated clock might never reach).
        task = asyncio.current_task()
        if task is not None and task not in self._running:
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        return await self.respond(request)

    async def respond(self, request: web.Request) -> web.StreamResponse:
        """The answer to one request."""
        raise NotImplementedError

    def error(self, code: int) -> tuple[web.StreamResponse, int]:
        """An answer with the cloud error ``code``, in this listener's shape."""
        as_number = self._cloud.error_codes_as_numbers
        return answers.error(code, as_number=as_number, shape=self.shape), code

    async def with_faults(
        self,
        request: web.Request,
        path: str,
        appliance_id: str | None,
        normal: NormalAnswer,
        kill_session: KillSession,
    ) -> tuple[web.StreamResponse, int | None]:
        """The ``normal`` answer, unless an armed fault replaces it (before or after it ran)."""
        cloud = self._cloud
        if cloud.faults.latency > 0:
            await asyncio.sleep(cloud.faults.latency)
        delay = cloud.faults.take(path, appliance_id, _DELAY_KINDS)
        if delay is not None:
            await asyncio.sleep(delay.delay if delay.delay is not None else _DEFAULT_DELAY)
        fault = cloud.faults.take(path, appliance_id, _ANSWER_KINDS)
        if fault is not None and not fault.deliver:
            return self._fault_answer(request, fault, kill_session)
        answer = normal()
        return answer if fault is None else self._fault_answer(request, fault, kill_session)

    def _fault_answer(
        self, request: web.Request, fault: Fault, kill_session: KillSession
    ) -> tuple[web.StreamResponse, int | None]:
        as_number, shape = self._cloud.error_codes_as_numbers, self.shape
        match fault.kind:
            case FaultKind.HTTP_STATUS:
                return answers.http_status(fault.status or 500), None
            case FaultKind.DISCONNECT:
                _drop_connection(request)
                return web.Response(), None
            case FaultKind.NOT_JSON:
                return answers.not_json(), None
            case FaultKind.TRUNCATED_JSON:
                return answers.truncated_json(shape), None
            case FaultKind.NULL_ERROR_CODE:
                return answers.null_error_code(shape), None
            case FaultKind.NULL_RESULT:
                return answers.null_result(as_number=as_number, shape=shape), 0
            case FaultKind.EMPTY_RESULT:
                return answers.success({}, as_number=as_number, shape=shape), 0
            case FaultKind.KILL_SESSION:
                return self.error(kill_session())
            case _:
                return self.error(fault.code if fault.code is not None else 9999)


class _RegionHandler(RequestHandler):
    async def respond(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        record = RequestRecord(self._region, path, {}, at=self._cloud.now())
        self._cloud.requests.append(record)
        if request.method != "POST":
            return web.Response(status=405, text="Method Not Allowed", headers={"Allow": "POST"})
        endpoint = ENDPOINTS.get(path)
        if endpoint is None:
            return web.Response(status=404, text="Not Found")
        params = await _read_form(request)
        record.params = dict(params or {})
        if path in SEND_PATHS:
            with self._cloud.tracking_send(record.params.get("sessionId")):
                response, record.error_code = await self._answer(request, endpoint, params)
        else:
            response, record.error_code = await self._answer(request, endpoint, params)
        _LOGGER.debug("%s %s -> %s", self._region, path, record.error_code)
        return response

    async def _answer(
        self, request: web.Request, endpoint: Endpoint, params: dict[str, str] | None
    ) -> tuple[web.StreamResponse, int | None]:
        fields = params or {}
        return await self.with_faults(
            request,
            request.path,
            fields.get("applianceId"),
            lambda: self._normal_answer(endpoint, request.path, params),
            lambda: self._kill_session(fields),
        )

    def _normal_answer(
        self, endpoint: Endpoint, path: str, params: dict[str, str] | None
    ) -> tuple[web.StreamResponse, int]:
        try:
            result = endpoint(self._cloud, _checked_call(self._region, path, params))
        except CloudError as err:
            return self.error(err.code)
        return answers.success(result, as_number=self._cloud.error_codes_as_numbers), 0

    def _kill_session(self, params: dict[str, str]) -> int:
        self._cloud.kill_session(params.get("sessionId"))
        return INVALID_SESSION


def _drop_connection(request: web.Request) -> None:
    """Close the socket without sending a status line."""
    if request.transport is not None:
        request.transport.abort()
    raise asyncio.CancelledError
