"""Request sign and password hash checks (docs/protocol.md §2.2, §3.2)."""

from __future__ import annotations

from collections.abc import Mapping
import hashlib
import hmac


def expected_sign(path: str, params: Mapping[str, str], app_key: str) -> str:
    """sha256hex(path + sorted raw name=value pairs except sign + appKey)."""
    query = "&".join(
        f"{name}={params[name]}" for name in sorted(params, key=str.encode) if name != "sign"
    )
    return hashlib.sha256(f"{path}{query}{app_key}".encode()).hexdigest()


def sign_matches(path: str, params: Mapping[str, str], app_key: str) -> bool:
    """True when the request's sign parameter is the expected one."""
    given = params.get("sign", "")
    return hmac.compare_digest(given.encode(), expected_sign(path, params, app_key).encode())


def password_digest(password: str) -> str:
    """P = sha256hex(clear password): the only form in which accounts keep it."""
    return hashlib.sha256(password.encode()).hexdigest()


def login_hash_matches(given: str, login_id: str, digest: str, app_key: str) -> bool:
    """Check given == sha256hex(loginId + P + appKey)."""
    wanted = hashlib.sha256(f"{login_id}{digest}{app_key}".encode()).hexdigest()
    return hmac.compare_digest(given.encode(), wanted.encode())
