"""Padding, session keys and the AES layer (D5, D6, section 5; V46-V53)."""

from __future__ import annotations

import hashlib

from Crypto.Cipher import AES
from hypothesis import given, strategies as st
import pytest

from custom_components.midea_cloud.codec.crypto import (
    SessionKeys,
    decrypt_serial,
    derive_cbc_keys,
    derive_ecb_keys,
    pkcs7_pad,
    pkcs7_unpad,
)
from custom_components.midea_cloud.codec.errors import MideaEncryptionError, MideaProtocolError
from custom_components.midea_cloud.codec.signed_csv import from_signed_csv, to_signed_csv

from .helpers import round_trip_settings, vector

CBC_KEYS = SessionKeys(b"0123456789abcdef", b"fedcba9876543210")
ECB_KEYS = SessionKeys(b"23f4b15525824bc3", None)


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 31, 32])
def test_pkcs7_pad_adds_1_to_16_bytes(size: int) -> None:
    padded = pkcs7_pad(bytes(size))
    added = len(padded) - size
    assert len(padded) % 16 == 0
    assert 1 <= added <= 16
    assert padded[size:] == bytes([added]) * added
    assert pkcs7_unpad(padded) == bytes(size)


@pytest.mark.parametrize(
    "data",
    [b"", bytes(15), bytes(15) + b"\x00", bytes(15) + b"\x11", bytes(14) + b"\x01\x02"],
)
def test_pkcs7_unpad_rejects_bad_padding(data: bytes) -> None:
    with pytest.raises(MideaProtocolError):
        pkcs7_unpad(data)


def test_v46_ecb_key_derivation() -> None:
    data = vector("V46")["decoded"]
    assert (
        hashlib.md5(data["app_key"].encode(), usedforsecurity=False).hexdigest()[:16]
        == (data["ecb_key_ascii"])
    )
    keys = derive_ecb_keys(data["app_key"], vector("V46")["hex"])
    assert keys.data_key == data["data_key_ascii"].encode()
    assert keys.data_iv is None


def test_v47_ecb_order() -> None:
    data = vector("V47")["decoded"]
    keys = derive_ecb_keys(data["app_key"], data["access_token"])
    assert keys.data_key == data["data_key_ascii"].encode()
    assert keys.encrypt(data["plaintext_csv"].encode()) == vector("V47")["hex"]
    assert from_signed_csv(data["plaintext_csv"]) == bytes.fromhex(vector("V40")["hex"])


def test_v48_ecb_reply() -> None:
    data = vector("V48")["decoded"]
    keys = SessionKeys(data["data_key_ascii"].encode(), None)
    plain = keys.decrypt(vector("V48")["hex"]).decode("ascii")
    assert plain == data["plaintext_csv"]
    assert from_signed_csv(plain) == bytes.fromhex(vector("V41")["hex"])


@pytest.mark.parametrize("vector_id", ["V49", "V51"])
def test_cbc_key_derivation(vector_id: str) -> None:
    data = vector(vector_id)["decoded"]
    app_key = data["app_key"].split()[0]
    unlock = hashlib.sha256(app_key.encode()).hexdigest()
    assert (unlock[:16], unlock[16:32]) == (data["tmp_key_ascii"], data["tmp_iv_ascii"])
    keys = derive_cbc_keys(app_key, data["access_token"], data["random_data"])
    assert keys.data_key == data["data_key_ascii"].encode()
    assert keys.data_iv == data["data_iv_ascii"].encode()


def test_v49_serial_decryption() -> None:
    data = vector("V49")["decoded"]
    keys = SessionKeys(data["data_key_ascii"].encode(), data["data_iv_ascii"].encode())
    assert decrypt_serial(keys, data["sn_ciphertext"]) == data["sn_plain"]


def test_v53_cbc_order() -> None:
    data = vector("V53")["decoded"]
    packet = bytes.fromhex(data["m0_packet_hex"])
    assert to_signed_csv(packet) == data["plaintext_csv"]
    assert CBC_KEYS.encrypt(data["plaintext_csv"].encode()) == vector("V53")["hex"]
    assert CBC_KEYS.decrypt(vector("V53")["hex"]).decode() == data["plaintext_csv"]


def test_every_message_starts_from_the_session_iv() -> None:
    assert CBC_KEYS.encrypt(b"same") == CBC_KEYS.encrypt(b"same")


@pytest.mark.parametrize(
    "sn",
    [
        "",
        "not hex at all",
        "00112233",
        CBC_KEYS.encrypt(b"\x01\x02control"),
        CBC_KEYS.encrypt(b"caf\xc3\xa9"),
        CBC_KEYS.encrypt(b""),
    ],
)
def test_serial_falls_back_to_the_raw_value(sn: str) -> None:
    assert decrypt_serial(CBC_KEYS, sn) == sn


def test_serial_decrypts_in_an_ecb_session() -> None:
    assert decrypt_serial(ECB_KEYS, ECB_KEYS.encrypt(b"SERIAL-0001")) == "SERIAL-0001"


def _cbc_wrap(app_key: str, value: bytes) -> str:
    unlock = hashlib.sha256(app_key.encode()).hexdigest()
    cipher = AES.new(unlock[:16].encode(), AES.MODE_CBC, iv=unlock[16:32].encode())
    return bytes(cipher.encrypt(pkcs7_pad(value))).hex()


def test_cbc_derivation_accepts_binary_keys() -> None:
    key, iv = bytes(range(16)), bytes(range(200, 216))
    keys = derive_cbc_keys("k", _cbc_wrap("k", key), _cbc_wrap("k", iv))
    assert (keys.data_key, keys.data_iv) == (key, iv)


@pytest.mark.parametrize(
    ("access_token", "random_data"),
    [
        ("zz", "00"),
        ("", ""),
        ("00" * 15, "00" * 16),
        ("00" * 16, "00" * 16),
        (_cbc_wrap("k", b"short"), _cbc_wrap("k", bytes(16))),
        (_cbc_wrap("k", bytes(16)), _cbc_wrap("k", bytes(17))),
    ],
)
def test_cbc_derivation_failure_is_an_encryption_error(access_token: str, random_data: str) -> None:
    with pytest.raises(MideaEncryptionError) as caught:
        derive_cbc_keys("k", access_token, random_data)
    assert caught.value.code == 1011


@pytest.mark.parametrize("access_token", ["xyz", "00" * 16, "00" * 31])
def test_ecb_derivation_failure_is_an_encryption_error(access_token: str) -> None:
    with pytest.raises(MideaEncryptionError):
        derive_ecb_keys("k", access_token)


def test_repr_hides_the_key_material() -> None:
    assert repr(CBC_KEYS) == "SessionKeys(<cbc>)"
    assert repr(ECB_KEYS) == "SessionKeys(<ecb>)"
    assert "0123" not in str(CBC_KEYS)


@pytest.mark.parametrize(("key", "iv"), [(bytes(15), None), (bytes(16), bytes(8)), (b"", b"")])
def test_keys_must_be_16_bytes(key: bytes, iv: bytes | None) -> None:
    with pytest.raises(MideaEncryptionError):
        SessionKeys(key, iv)


@pytest.mark.parametrize(
    "cipher_hex",
    ["", "0", "zz" * 16, "00 " * 16, "00" * 15, "00" * 17, CBC_KEYS.encrypt(b"x")[:-2] + "00"],
)
def test_decrypt_rejects_malformed_input(cipher_hex: str) -> None:
    with pytest.raises(MideaProtocolError):
        CBC_KEYS.decrypt(cipher_hex)


def test_decrypt_accepts_uppercase_hex() -> None:
    assert CBC_KEYS.decrypt(CBC_KEYS.encrypt(b"hello").upper()) == b"hello"


@round_trip_settings
@given(plain=st.binary(max_size=300), ecb=st.booleans())
def test_encrypt_decrypt_round_trip(plain: bytes, ecb: bool) -> None:
    keys = ECB_KEYS if ecb else CBC_KEYS
    cipher_hex = keys.encrypt(plain)
    assert cipher_hex == cipher_hex.lower()
    assert keys.decrypt(cipher_hex) == plain
