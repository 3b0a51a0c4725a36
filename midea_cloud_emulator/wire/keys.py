"""Session key material the cloud hands out at login (docs/protocol.md §4)."""

from __future__ import annotations

import hashlib

from .aes import encrypt_hex


def cbc_wrapping_key(app_key: str) -> tuple[bytes, bytes]:
    """Temp key and IV: the ASCII of sha256hex(appKey)[0:16] and [16:32]."""
    digest = hashlib.sha256(app_key.encode()).hexdigest()
    return digest[:16].encode(), digest[16:32].encode()


def ecb_wrapping_key(app_key: str) -> bytes:
    """The old login's key: the ASCII of md5hex(appKey)[0:16]."""
    return hashlib.md5(app_key.encode(), usedforsecurity=False).hexdigest()[:16].encode()


def wrap_cbc(app_key: str, secret: bytes) -> str:
    """accessToken / randomData of the /login/new answer for one 16-byte secret."""
    key, iv = cbc_wrapping_key(app_key)
    return encrypt_hex(key, iv, secret)


def wrap_ecb(app_key: str, secret: bytes) -> str:
    """accessToken of the old /login answer."""
    return encrypt_hex(ecb_wrapping_key(app_key), None, secret)
