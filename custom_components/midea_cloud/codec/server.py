"""Server origins: the user override and the cloud's regionDomain.

docs/protocol.md §1.3, §1.4, §D2.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from .errors import MideaConfigError

_REGION_DOMAIN = re.compile(r"https://([a-z0-9-]{1,63})\.appsmb\.com/?")
_LOOPBACK_NAMES = frozenset({"localhost"})


def is_loopback_host(host: str) -> bool:
    """Return True for localhost, 127.0.0.0/8 and ::1."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_server_url(url: str) -> str:
    """Return the normalised origin of a user-given server URL, or raise MideaConfigError.

    Only an origin is accepted: https with any host, or http when the host is a loopback address.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as err:
        raise MideaConfigError(f"not a valid URL: {text!r}") from err
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if scheme not in ("https", "http") or not host:
        raise MideaConfigError("the server must be an https:// URL")
    if parts.username or parts.password:
        raise MideaConfigError("the server URL must not contain a user name or password")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise MideaConfigError("the server URL must be an origin, without a path or query")
    if scheme == "http" and not is_loopback_host(host):
        raise MideaConfigError("plain http is only allowed for a loopback test server")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    return f"{scheme}://{netloc}"


def parse_region_domain(value: object) -> str | None:
    """Return the origin a login's regionDomain points to, or None when it is not acceptable."""
    if not isinstance(value, str):
        return None
    match = _REGION_DOMAIN.fullmatch(value)
    if match is None:
        return None
    return f"https://{match.group(1)}.appsmb.com"
