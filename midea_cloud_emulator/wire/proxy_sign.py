"""MSmartHome's request sign and login hashes, as the v5 proxy checks them."""

from __future__ import annotations

import hashlib
import hmac


def proxy_sign(hmac_key: str, iot_key: str, body: bytes, random: str) -> str:
    """hex(HMAC-SHA256(hmacKey, iotKey + raw body + random))."""
    message = iot_key.encode() + body + random.encode()
    return hmac.new(hmac_key.encode(), message, hashlib.sha256).hexdigest()


def proxy_sign_matches(hmac_key: str, iot_key: str, body: bytes, random: str, given: str) -> bool:
    """True when the ``sign`` header is the one of this body and nonce (any letter case)."""
    wanted = proxy_sign(hmac_key, iot_key, body, random)
    return hmac.compare_digest(given.lower().encode(), wanted.encode())


def iam_digest(password: str) -> str:
    """md5hex(md5hex(clear password)): the second form the MSmartHome login checks."""
    inner = hashlib.md5(password.encode(), usedforsecurity=False).hexdigest()
    return hashlib.md5(inner.encode(), usedforsecurity=False).hexdigest()
