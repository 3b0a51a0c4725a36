"""Session keys and the AES layer of the relay (docs/protocol.md §4, §5, §6.2)."""

from __future__ import annotations

from dataclasses import dataclass
import hashlib
from typing import Protocol

from Crypto.Cipher import AES

from .errors import MideaEncryptionError, MideaProtocolError
from .hextext import parse_hex

BLOCK_SIZE = 16
_PADDINGS = tuple(bytes([count]) * count for count in range(BLOCK_SIZE + 1))


class _BlockCipher(Protocol):
    def encrypt(self, data: bytes, /) -> bytes: ...
    def decrypt(self, data: bytes, /) -> bytes: ...


def pkcs7_pad(data: bytes) -> bytes:
    """Pad to a whole number of 16-byte blocks; always adds 1 to 16 bytes."""
    return data + _PADDINGS[BLOCK_SIZE - len(data) % BLOCK_SIZE]


def pkcs7_unpad(data: bytes) -> bytes:
    """Remove PKCS7 padding; malformed padding raises MideaProtocolError."""
    if not data or len(data) % BLOCK_SIZE:
        raise MideaProtocolError("padded data is not a whole number of blocks")
    count = data[-1]
    if not 1 <= count <= BLOCK_SIZE or not data.endswith(_PADDINGS[count]):
        raise MideaProtocolError("bad PKCS7 padding")
    return data[:-count]


@dataclass(frozen=True, slots=True, repr=False)
class SessionKeys:
    """The session's dataKey and dataIV as raw AES bytes; ``data_iv`` None means an ECB session."""

    data_key: bytes
    data_iv: bytes | None

    def __post_init__(self) -> None:
        if len(self.data_key) != BLOCK_SIZE or (
            self.data_iv is not None and len(self.data_iv) != BLOCK_SIZE
        ):
            raise MideaEncryptionError(msg="session key or IV is not 16 bytes")

    def __repr__(self) -> str:
        return "SessionKeys(<ecb>)" if self.data_iv is None else "SessionKeys(<cbc>)"

    def _cipher(self) -> _BlockCipher:
        if self.data_iv is None:
            return AES.new(self.data_key, AES.MODE_ECB)
        return AES.new(self.data_key, AES.MODE_CBC, iv=self.data_iv)

    def encrypt(self, plain: bytes) -> str:
        """Pad, encrypt (each message starts from the session IV) and return lowercase hex."""
        return bytes(self._cipher().encrypt(pkcs7_pad(plain))).hex()

    def decrypt(self, cipher_hex: str) -> bytes:
        """Reverse of :meth:`encrypt`; any malformed input raises MideaProtocolError."""
        return _decrypt_blocks(self._cipher(), cipher_hex)


def _decrypt_blocks(cipher: _BlockCipher, cipher_hex: str) -> bytes:
    data = parse_hex(cipher_hex)
    if not data or len(data) % BLOCK_SIZE:
        raise MideaProtocolError("ciphertext is not a whole number of AES blocks")
    return pkcs7_unpad(bytes(cipher.decrypt(data)))


def _unwrap_key(cipher: _BlockCipher, token: str) -> bytes:
    try:
        value = _decrypt_blocks(cipher, token)
    except MideaProtocolError as err:
        raise MideaEncryptionError(msg="session key derivation failed") from err
    if len(value) != BLOCK_SIZE:
        raise MideaEncryptionError(msg="session key derivation failed: not 16 bytes")
    return value


def derive_cbc_keys(app_key: str, access_token: str, random_data: str) -> SessionKeys:
    """Keys of a ``/login/new`` session: accessToken and randomData unlocked by sha256(appKey)."""
    unlock = hashlib.sha256(app_key.encode("utf-8")).hexdigest()
    key, iv = unlock[:16].encode("ascii"), unlock[16:32].encode("ascii")
    data_key = _unwrap_key(AES.new(key, AES.MODE_CBC, iv=iv), access_token)
    data_iv = _unwrap_key(AES.new(key, AES.MODE_CBC, iv=iv), random_data)
    return SessionKeys(data_key, data_iv)


def derive_ecb_keys(app_key: str, access_token: str) -> SessionKeys:
    """Key of a fallback ``/login`` session: accessToken unlocked by md5(appKey), no IV."""
    unlock = hashlib.md5(app_key.encode("utf-8"), usedforsecurity=False).hexdigest()
    cipher = AES.new(unlock[:16].encode("ascii"), AES.MODE_ECB)
    return SessionKeys(_unwrap_key(cipher, access_token), None)


def decrypt_serial(keys: SessionKeys, sn: str) -> str:
    """The appliance serial from the list's ``sn``; the raw value when it does not decrypt."""
    try:
        plain = keys.decrypt(sn)
    except MideaProtocolError:
        return sn
    if not plain or not plain.isascii():
        return sn
    text = plain.decode("ascii")
    return text if text.isprintable() else sn
