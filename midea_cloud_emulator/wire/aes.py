"""AES-128 with PKCS7 padding and hex text, as the cloud uses it (docs/protocol.md §4, §6.2)."""

from __future__ import annotations

from typing import Any

from Crypto.Cipher import AES

BLOCK = 16
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


class CipherError(ValueError):
    """Ciphertext that is not hex, not whole blocks, or not correctly padded."""


def pkcs7_pad(data: bytes) -> bytes:
    """Append 1..16 padding bytes, each holding the padding length."""
    count = BLOCK - len(data) % BLOCK
    return data + bytes([count]) * count


def pkcs7_unpad(data: bytes) -> bytes:
    """Remove PKCS7 padding, checking every padding byte."""
    if not data or len(data) % BLOCK:
        raise CipherError("not a whole number of blocks")
    count = data[-1]
    if not 1 <= count <= BLOCK or data[-count:] != bytes([count]) * count:
        raise CipherError("bad padding")
    return data[:-count]


def _new_cipher(key: bytes, iv: bytes | None) -> Any:
    if iv is None:
        return AES.new(key, AES.MODE_ECB)
    return AES.new(key, AES.MODE_CBC, iv=iv)


def encrypt_raw(key: bytes, iv: bytes | None, data: bytes) -> bytes:
    """AES-128-CBC (iv given) or ECB (iv None) over whole blocks, no padding added."""
    result: bytes = _new_cipher(key, iv).encrypt(data)
    return result


def encrypt_hex(key: bytes, iv: bytes | None, data: bytes) -> str:
    """PKCS7-pad, encrypt, and return lowercase hex."""
    return encrypt_raw(key, iv, pkcs7_pad(data)).hex()


def decrypt_hex(key: bytes, iv: bytes | None, text: str) -> bytes:
    """Unhex, decrypt, and remove PKCS7 padding."""
    if len(text) % 2 or not all(char in _HEX_DIGITS for char in text):
        raise CipherError("not hex")
    data = bytes.fromhex(text)
    if not data or len(data) % BLOCK:
        raise CipherError("not a whole number of blocks")
    plain: bytes = _new_cipher(key, iv).decrypt(data)
    return pkcs7_unpad(plain)
