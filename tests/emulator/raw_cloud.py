"""A tiny, independent test-side client of the emulated cloud.

It re-implements the few protocol pieces the tests need straight from docs/protocol.md, on purpose
without the integration's codec and without the emulator's own helpers.
"""

from __future__ import annotations

from dataclasses import dataclass
import hashlib
from typing import Any

import aiohttp
from Crypto.Cipher import AES

MIDEA_AIR = ("1117", "ff0cf6f5f0c3471de36341cab3f7a9af")
NETHOME_PLUS = ("1017", "3742e9e5842d4ad59c2db887e12449f9")
STAMP = "20260101120000"
SEND_NEW = "/v1/appliance/transparent/send/new"
SEND_OLD = "/v1/appliance/transparent/send"
LIST = "/v1/appliance/user/list/get"
LOGIN_ID = "/v1/user/login/id/get"
LOGIN_NEW = "/v1/user/login/new"
LOGIN_OLD = "/v1/user/login"

QUERY_V01 = bytes.fromhex("aa20ac00000000000003418100ff03ff00020000000000000000000000000171fa")
SET_V17 = bytes.fromhex("aa20ac00000000000002404348667f7f0030000000000000000000000000018c46")
SET_37_V13 = bytes.fromhex(
    "aa24ac00000000000002400348667f7f00300000040000000000000000000000000001c248"
)
DISPLAY_TOGGLE = bytes.fromhex("aa20ac00000000000003414200ff02000200000000000000000000000000013872")
CAPABILITIES_V68 = bytes.fromhex("aa0fac00000000000003b5010001e5a6")


def sha256hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def sign(path: str, fields: dict[str, str], app_key: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in sorted(fields.items()) if k != "sign")
    return sha256hex(path + query + app_key)


def pad(data: bytes) -> bytes:
    n = 16 - len(data) % 16
    return data + bytes([n] * n)


def unpad(data: bytes) -> bytes:
    assert 1 <= data[-1] <= 16
    return data[: -data[-1]]


def aes_encrypt(key: bytes, iv: bytes | None, data: bytes) -> bytes:
    cipher = AES.new(key, AES.MODE_ECB) if iv is None else AES.new(key, AES.MODE_CBC, iv=iv)
    return cipher.encrypt(pad(data))


def aes_decrypt(key: bytes, iv: bytes | None, data: bytes) -> bytes:
    cipher = AES.new(key, AES.MODE_ECB) if iv is None else AES.new(key, AES.MODE_CBC, iv=iv)
    return unpad(cipher.decrypt(data))


def crc8_bitwise(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8C if crc & 1 else crc >> 1
    return crc


def make_frame(message_type: int, body: bytes) -> bytes:
    """Header + body (ending with the message id) + CRC8 + checksum."""
    head = bytes([0xAA, len(body) + 11, 0xAC, 0, 0, 0, 0, 0, 0, message_type])
    partial = head + body + bytes([crc8_bitwise(body)])
    return partial + bytes([(256 - sum(partial[1:])) % 256])


def query_frame(message_id: int) -> bytes:
    return make_frame(0x03, bytes.fromhex("418100ff03ff0002") + bytes(12) + bytes([message_id]))


def to_csv(data: bytes) -> str:
    return ",".join(str(b if b < 128 else b - 256) for b in data)


def from_csv(text: str) -> bytes:
    return bytes(int(item) & 0xFF for item in text.split(","))


def m0_packet(frame: bytes, appliance_id: int, sequence: int = 1) -> bytes:
    total = len(frame) + 56
    return (
        b"\x5a\x5a\x01\x00"
        + total.to_bytes(2, "little")
        + b"\x20\x00"
        + sequence.to_bytes(4, "little")
        + bytes.fromhex("1905000c01011a14")
        + appliance_id.to_bytes(6, "little")
        + bytes(14)
        + frame
        + bytes(16)
    )


def body_of(frame: bytes) -> bytes:
    """frame[10 .. n-3]: the body including the message id position."""
    return frame[10:-2]


def frame_is_intact(frame: bytes) -> bool:
    return (
        frame[1] == len(frame) - 1
        and (256 - sum(frame[1:-1])) % 256 == frame[-1]
        and crc8_bitwise(frame[10:-2]) == frame[-2]
    )


def temperature(raw: int, digit: int) -> float | None:
    """D11 rule, Celsius display."""
    if raw == 0xFF:
        return None
    base = (raw - 50) / 2
    if digit:
        whole = int(base)
        return round(whole + digit / 10 if base >= 0 else whole - digit / 10, 1)
    return base


@dataclass
class C0View:
    """The few C0 fields the tests look at, decoded from docs/protocol.md §11 by hand."""

    power: bool
    mode: int
    target: float
    fan: int
    indoor: float | None
    outdoor: float | None
    swing_vertical: bool
    swing_horizontal: bool
    turbo: bool
    eco: bool
    sleep: bool
    fahrenheit: bool
    filter_alert: bool
    display_on: bool
    error_code: int
    message_id: int

    @classmethod
    def parse(cls, frame: bytes) -> C0View:
        assert frame_is_intact(frame)
        b = body_of(frame)
        assert b[0] == 0xC0
        target = (b[2] & 0x0F) + 16
        if b[13] & 0x1F:
            target = (b[13] & 0x1F) + 12
        return cls(
            power=bool(b[1] & 1),
            mode=b[2] >> 5,
            target=target + (0.5 if b[2] & 0x10 else 0),
            fan=b[3] & 0x7F,
            indoor=temperature(b[11], b[15] & 0x0F),
            outdoor=temperature(b[12], b[15] >> 4),
            swing_vertical=bool(b[7] & 0x0C),
            swing_horizontal=bool(b[7] & 0x03),
            turbo=bool(b[8] & 0x20 or b[10] & 0x02),
            eco=bool(b[9] & 0x10),
            sleep=bool(b[10] & 0x01),
            fahrenheit=bool(b[10] & 0x04),
            filter_alert=bool(b[13] & 0x20),
            display_on=(b[14] >> 4) & 7 != 7,
            error_code=b[16],
            message_id=b[-1],
        )


@dataclass
class RawSession:
    session_id: str
    data_key: bytes
    data_iv: bytes | None
    result: dict[str, Any]


class RawClient:
    """Signs and posts form requests; logs in; wraps frames for the relay."""

    def __init__(
        self, http: aiohttp.ClientSession, base: str, app: tuple[str, str] = MIDEA_AIR
    ) -> None:
        self.http = http
        self.base = base
        self.app_id, self.app_key = app

    def fields(self, path: str, **extra: str) -> dict[str, str]:
        fields = {
            "appId": self.app_id,
            "src": "17",
            "format": "2",
            "clientType": "1",
            "language": "en_US",
            "stamp": STAMP,
            **extra,
        }
        fields["sign"] = sign(path, fields, self.app_key)
        return fields

    async def post_raw(self, path: str, fields: dict[str, str]) -> aiohttp.ClientResponse:
        async with self.http.post(self.base + path, data=fields) as response:
            await response.read()
            return response

    async def call(self, path: str, **extra: str) -> dict[str, Any]:
        async with self.http.post(self.base + path, data=self.fields(path, **extra)) as response:
            assert response.status == 200
            payload: dict[str, Any] = await response.json(content_type=None)
            return payload

    async def login_id(self, email: str) -> str:
        answer = await self.call(LOGIN_ID, loginAccount=email)
        assert answer["errorCode"] == "0", answer
        login_id: str = answer["result"]["loginId"]
        return login_id

    def password_hash(self, login_id: str, password: str) -> str:
        return sha256hex(login_id + sha256hex(password) + self.app_key)

    async def login_new_raw(self, email: str, password: str) -> dict[str, Any]:
        login_id = await self.login_id(email)
        return await self.call(
            LOGIN_NEW,
            loginAccount=email,
            password=self.password_hash(login_id, password),
            encryptVersion="1",
            pushType="4",
            pushToken="false",
            terminalId=sha256hex(f"Hello, {email}!")[:16],
        )

    async def login(self, email: str, password: str) -> RawSession:
        answer = await self.login_new_raw(email, password)
        assert answer["errorCode"] == "0", answer
        result = answer["result"]
        digest = sha256hex(self.app_key)
        temp_key, temp_iv = digest[:16].encode(), digest[16:32].encode()
        key = aes_decrypt(temp_key, temp_iv, bytes.fromhex(result["accessToken"]))
        iv = None
        if result.get("randomData"):
            iv = aes_decrypt(temp_key, temp_iv, bytes.fromhex(result["randomData"]))
        return RawSession(result["sessionId"], key, iv, result)

    async def login_old(self, email: str, password: str) -> RawSession:
        login_id = await self.login_id(email)
        answer = await self.call(
            LOGIN_OLD, loginAccount=email, password=self.password_hash(login_id, password)
        )
        assert answer["errorCode"] == "0", answer
        result = answer["result"]
        ecb_key = hashlib.md5(self.app_key.encode()).hexdigest()[:16].encode()
        key = aes_decrypt(ecb_key, None, bytes.fromhex(result["accessToken"]))
        return RawSession(result["sessionId"], key, None, result)

    def order(self, session: RawSession, packet: bytes) -> str:
        return aes_encrypt(session.data_key, session.data_iv, to_csv(packet).encode()).hex()

    async def send_packet(
        self, session: RawSession, appliance_id: str, packet: bytes, path: str = SEND_NEW
    ) -> dict[str, Any]:
        return await self.call(
            path,
            sessionId=session.session_id,
            applianceId=appliance_id,
            funId="0008",
            order=self.order(session, packet),
        )

    async def send(
        self, session: RawSession, appliance_id: str, frame: bytes, path: str = SEND_NEW
    ) -> dict[str, Any]:
        packet = m0_packet(frame, int(appliance_id))
        return await self.send_packet(session, appliance_id, packet, path)

    def reply_packet(self, session: RawSession, answer: dict[str, Any]) -> bytes:
        assert answer["errorCode"] == "0", answer
        plain = aes_decrypt(
            session.data_key, session.data_iv, bytes.fromhex(answer["result"]["reply"])
        )
        return from_csv(plain.decode("ascii"))

    def reply_frame(self, session: RawSession, answer: dict[str, Any]) -> bytes:
        packet = self.reply_packet(session, answer)
        assert packet[:2] == b"\x5a\x5a"
        return packet[40 : 40 + packet[41] + 1]

    async def state(self, session: RawSession, appliance_id: str, message_id: int = 1) -> C0View:
        answer = await self.send(session, appliance_id, query_frame(message_id))
        return C0View.parse(self.reply_frame(session, answer))


def code(answer: dict[str, Any]) -> int:
    return int(answer["errorCode"])
