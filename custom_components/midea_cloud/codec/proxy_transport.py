"""One signed JSON POST to MSmartHome's v5 proxy and the classification of its answer.

docs/msmarthome.md §2.
"""

from __future__ import annotations

from collections.abc import Mapping
import json
from typing import Any
from urllib.parse import urlsplit

from .errors import MideaConfigError
from .msmarthome import SECRET_VERSION, new_random, proxy_sign
from .server import is_loopback_host
from .transport import SignedPoster


class ProxyTransport(SignedPoster):
    """Signs and posts JSON requests to the MSmartHome proxy; knows nothing about sessions."""

    code_key = "code"
    payload_key = "data"

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
        answer = await self._post(url, endpoint, timeout=timeout, data=raw, headers=headers)
        return self._payload(endpoint, answer)
