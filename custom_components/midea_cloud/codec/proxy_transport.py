"""One signed JSON POST to MSmartHome's v5 proxy and the classification of its answer.

docs/msmarthome.md §2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
import json
import logging
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from .errors import (
    API_ERRORS,
    MideaApiError,
    MideaConfigError,
    MideaMalformedAnswerError,
    MideaNetworkError,
    MideaRateLimitedError,
)
from .msmarthome import SECRET_VERSION, new_random, proxy_sign
from .server import is_loopback_host
from .transport import ClientStats

_LOGGER = logging.getLogger(__name__)
RATE_LIMIT_BLOCK = timedelta(hours=1)
_MAX_MESSAGE = 120
_UNRECORDED_CODES: ContextVar[frozenset[int]] = ContextVar(
    "proxy_unrecorded_codes", default=frozenset()
)


class ProxyTransport:
    """Signs and posts JSON requests to the MSmartHome proxy; knows nothing about sessions."""

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

    def _url(self, base: str, endpoint: str) -> str:
        """``base + endpoint`` with the base's origin replaced through ``server_map``.

        Only https is accepted, or plain http to a loopback address (MideaConfigError otherwise).
        """
        try:
            parts = urlsplit(base)
            host = parts.hostname or ""
        except ValueError as err:
            raise MideaConfigError("the cloud's base URL is not a URL") from err
        origin = f"{parts.scheme}://{parts.netloc}"
        mapped = self._server_map.get(origin)
        if mapped is not None:
            base = mapped + base[len(origin) :]
            try:
                parts = urlsplit(base)
                host = parts.hostname or ""
            except ValueError as err:
                raise MideaConfigError("a mapped server URL is not a URL") from err
        if not host or not (
            parts.scheme == "https" or (parts.scheme == "http" and is_loopback_host(host))
        ):
            raise MideaConfigError("the cloud must be reached over https")
        return base + endpoint

    async def call(
        self,
        base: str,
        endpoint: str,
        body: Mapping[str, object],
        *,
        access_token: str | None = None,
        timeout: float,
    ) -> dict[str, Any]:
        """POST ``body`` to ``base + endpoint`` and return the answer's ``data`` object; raise a
        MideaError otherwise (MideaConfigError, before sending, for a URL that is not allowed)."""
        url = self._url(base, endpoint)
        raw = json.dumps(body, separators=(",", ":")).encode("ascii")
        random = new_random()
        headers = {
            "Content-Type": "application/json",
            "sign": proxy_sign(raw, random),
            "random": random,
            "secretVersion": SECRET_VERSION,
        }
        if access_token is not None:
            headers["accessToken"] = access_token
        self._stats.requests += 1
        try:
            async with self._session.post(
                url,
                data=raw,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=timeout),
                allow_redirects=False,
            ) as response:
                if response.status != 200:
                    raise MideaNetworkError(f"HTTP {response.status} from {endpoint}")
                answer = await response.read()
        except TimeoutError as err:
            raise MideaNetworkError(f"timed out after {timeout:g} s on {endpoint}") from err
        except aiohttp.ClientError as err:
            raise MideaNetworkError(
                f"cannot reach the cloud ({type(err).__name__}) on {endpoint}"
            ) from err
        return self._data(endpoint, answer)

    def _data(self, endpoint: str, body: bytes) -> dict[str, Any]:
        try:
            answer = json.loads(body)
        except (ValueError, UnicodeDecodeError) as err:
            raise MideaMalformedAnswerError(f"the answer to {endpoint} is not JSON") from err
        if not isinstance(answer, dict):
            raise MideaMalformedAnswerError(f"the answer to {endpoint} is not a JSON object")
        code = _error_code(answer.get("code"))
        if code is None:
            raise MideaMalformedAnswerError(f"the answer to {endpoint} has no valid code")
        if code != 0:
            raise self._api_error(endpoint, code, answer.get("msg"))
        data = answer.get("data")
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise MideaMalformedAnswerError(f"the data of {endpoint} is not an object")
        return data

    def _api_error(self, endpoint: str, code: int, message: object) -> MideaApiError:
        text = message[:_MAX_MESSAGE] if isinstance(message, str) else ""
        _LOGGER.debug("%s answered error %s (%s)", endpoint, code, text)
        if code not in _UNRECORDED_CODES.get():
            self._stats.last_error_code = code
        if code == MideaRateLimitedError.code:
            return MideaRateLimitedError(self._clock() + RATE_LIMIT_BLOCK, code, text)
        return API_ERRORS.get(code, MideaApiError)(code, text)


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
