"""One signed form POST to the cloud and the classification of its answer.

docs/protocol.md §2, §D3.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
import json
import logging
from typing import Any

import aiohttp

from .errors import (
    API_ERRORS,
    MideaApiError,
    MideaMalformedAnswerError,
    MideaNetworkError,
    MideaRateLimitedError,
)
from .profiles import AppProfile
from .signing import sign, utc_stamp

_LOGGER = logging.getLogger(__name__)
RATE_LIMIT_BLOCK = timedelta(hours=1)
_MAX_MESSAGE = 120
_UNRECORDED_CODES: ContextVar[frozenset[int]] = ContextVar("unrecorded_codes", default=frozenset())


@dataclass(slots=True)
class ClientStats:
    """Counters of what a client sent and got, for diagnostics, sensors and benchmarks.

    ``sessions_ended_early`` counts sessions the cloud ended (3106) within an hour of their
    login: another login to the same account, usually the phone app, took them over. A session
    that simply expired lives longer than that.
    """

    requests: int = 0
    logins: int = 0
    relay_requests: int = 0
    last_error_code: int | None = None
    sessions_ended_early: int = 0


class SignedPoster:
    """What both clouds' transports share: one POST, its network failures, and the answer's
    envelope classified into the codec's errors and counted in ``ClientStats``."""

    code_key = "errorCode"
    payload_key = "result"

    def __init__(
        self,
        session: aiohttp.ClientSession,
        clock: Callable[[], datetime],
        stats: ClientStats,
        server_map: Mapping[str, str] | None = None,
    ) -> None:
        self._session = session
        self._clock = clock
        self._stats = stats
        self._server_map = dict(server_map or {})

    @contextmanager
    def not_recording(self, code: int) -> Iterator[None]:
        """Within this block (in this task), an answer with ``code`` is not a cloud error for
        ``ClientStats.last_error_code``: the caller expects it."""
        token = _UNRECORDED_CODES.set(_UNRECORDED_CODES.get() | {code})
        try:
            yield
        finally:
            _UNRECORDED_CODES.reset(token)

    async def _post(self, url: str, path: str, *, timeout: float, **request: Any) -> bytes:
        """POST and return the body of a 200 answer; MideaNetworkError otherwise."""
        self._stats.requests += 1
        try:
            async with self._session.post(
                url,
                timeout=aiohttp.ClientTimeout(total=timeout),
                allow_redirects=False,
                **request,
            ) as response:
                if response.status != 200:
                    raise MideaNetworkError(f"HTTP {response.status} from {path}")
                return await response.read()
        except TimeoutError as err:
            raise MideaNetworkError(f"timed out after {timeout:g} s on {path}") from err
        except aiohttp.ClientError as err:
            raise MideaNetworkError(
                f"cannot reach the cloud ({type(err).__name__}) on {path}"
            ) from err

    def _payload(self, path: str, body: bytes) -> dict[str, Any]:
        """The answer's payload object; a MideaError for an error code or a malformed answer."""
        try:
            answer = json.loads(body)
        except (ValueError, UnicodeDecodeError) as err:
            raise MideaMalformedAnswerError(f"the answer to {path} is not JSON") from err
        if not isinstance(answer, dict):
            raise MideaMalformedAnswerError(f"the answer to {path} is not a JSON object")
        code = _error_code(answer.get(self.code_key))
        if code is None:
            raise MideaMalformedAnswerError(f"the answer to {path} has no valid {self.code_key}")
        if code != 0:
            raise self._api_error(path, code, answer.get("msg"))
        payload = answer.get(self.payload_key)
        if payload is None:
            return {}
        if not isinstance(payload, dict):
            raise MideaMalformedAnswerError(f"the {self.payload_key} of {path} is not an object")
        return payload

    def _api_error(self, path: str, code: int, message: object) -> MideaApiError:
        text = message[:_MAX_MESSAGE] if isinstance(message, str) else ""
        _LOGGER.debug("%s answered error %s (%s)", path, code, text)
        if code not in _UNRECORDED_CODES.get():
            self._stats.last_error_code = code
        if code == MideaRateLimitedError.code:
            return MideaRateLimitedError(self._clock() + RATE_LIMIT_BLOCK, code, text)
        return API_ERRORS.get(code, MideaApiError)(code, text)


class Transport(SignedPoster):
    """Signs and posts requests for one app profile; knows nothing about sessions."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        profile: AppProfile,
        clock: Callable[[], datetime],
        stats: ClientStats,
        server_map: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(session, clock, stats, server_map)
        self._profile = profile

    def _params(self, path: str, extra: Mapping[str, str]) -> dict[str, str]:
        params = {
            "appId": self._profile.app_id,
            "src": self._profile.src,
            "format": "2",
            "clientType": "1",
            "language": "en_US",
            "stamp": utc_stamp(self._clock()),
            **extra,
        }
        params["sign"] = sign(path, params, self._profile.app_key)
        return params

    async def call(
        self, base: str, path: str, extra: Mapping[str, str], *, timeout: float
    ) -> dict[str, Any]:
        """POST one request and return its ``result`` object; raise a MideaError otherwise."""
        url = self._server_map.get(base, base) + path
        body = await self._post(url, path, timeout=timeout, data=self._params(path, extra))
        return self._payload(path, body)


def _error_code(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


@dataclass(frozen=True, slots=True)
class WireSettings:
    """How a cloud's wire class counts, keeps time, bounds its relay and waits for answers."""

    stats: ClientStats
    clock: Callable[[], datetime]
    relay_concurrency: int
    login_timeout: float
    send_timeout: float


class AccountWire[PosterT: SignedPoster]:
    """What each cloud's wire class (MappCloud, MSmartHomeCloud) keeps about its account: the
    server the user gave (``override``) or the one found, the transport, and the slots that
    bound the relay requests in flight."""

    def __init__(
        self,
        transport: PosterT,
        account: str,
        password_digest: str,
        override: str | None,
        settings: WireSettings,
    ) -> None:
        self.account = account
        self.override = override
        self.server = override
        self.user_id: str | None = None
        self._digest = password_digest
        self._transport = transport
        self._stats = settings.stats
        self._clock = settings.clock
        self._relay_slots = asyncio.Semaphore(settings.relay_concurrency)
        self._login_timeout = settings.login_timeout
        self._send_timeout = settings.send_timeout

    def accepts(self, server: str) -> bool:
        """False for a stored session of another server than the one the user chose."""
        return self.override is None or server == self.override

    def not_recording(self, code: int) -> AbstractContextManager[None]:
        """Within this block an answer with ``code`` is not recorded as the last cloud error."""
        return self._transport.not_recording(code)
