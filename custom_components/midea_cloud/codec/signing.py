"""Request signing and login hashes (docs/protocol.md §2.2, §3.2)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
import hashlib


def _sha256hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utc_stamp(now: datetime) -> str:
    """The ``stamp`` parameter: ``now`` in UTC as YYYYMMDDhhmmss (a naive ``now`` is UTC)."""
    if now.tzinfo is not None:
        now = now.astimezone(UTC)
    return (
        f"{now.year:04d}{now.month:02d}{now.day:02d}{now.hour:02d}{now.minute:02d}{now.second:02d}"
    )


def sign_input(path: str, params: Mapping[str, str]) -> str:
    """The signed text without the appKey: path, then the sorted raw ``name=value`` pairs."""
    return path + "&".join(f"{name}={params[name]}" for name in sorted(params))


def sign(path: str, params: Mapping[str, str], app_key: str) -> str:
    """The ``sign`` parameter over exactly ``params`` (which must not contain ``sign``)."""
    return _sha256hex(sign_input(path, params) + app_key)


def password_digest(password: str) -> str:
    """P = sha256hex(password): the only form of the password the client needs to keep."""
    return _sha256hex(password)


def login_password(login_id: str, digest: str, app_key: str) -> str:
    """The ``password`` login parameter, computed from the loginId and the digest P."""
    return _sha256hex(login_id + digest + app_key)


def terminal_id(account: str) -> str:
    """The ``terminalId`` login parameter: stable per account."""
    return _sha256hex(f"Hello, {account}!")[:16]
