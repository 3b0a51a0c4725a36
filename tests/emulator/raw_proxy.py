"""A tiny, independent test-side client of the emulated MSmartHome cloud (the v5 proxy).

It re-implements the few protocol pieces the tests need (signed JSON, the two password hashes,
the session-key unwrap, orders and replies) on purpose without the integration's codec and
without the emulator's own helpers; frames and CSV come from the mapp side's raw client.
"""

from __future__ import annotations

from dataclasses import dataclass
import hashlib
import hmac
import json
from typing import Any

import aiohttp

from .raw_cloud import aes_decrypt, aes_encrypt, from_csv, sha256hex

APP_KEY = "ac21b9f9cbfe4ca5a88562ef25e2b768"
IOT_KEY = "meicloud"
HMAC_KEY = "PROD_VnoClJI9aikS8dyy"
PROXY = "/mas/v5/app/proxy?alias="
ROUTE_A = "/v1/multicloud/platform/user/route"
ROUTE_B = "/v1/unitcenter/router/user/name"
LOGIN_ID = "/v1/user/login/id/get"
LOGIN = "/mj/user/login"
LIST = "/v1/appliance/user/list/get"
HOMES = "/v1/homegroup/list/get"
HOME_UNITS = "/v1/appliance/home/list/get"
SEND = "/v1/appliance/transparent/send"
LUA_STATUS = "/v1/device/status/lua/get"
DEVICE_ID = "00112233aabbccdd"
RANDOM = "00112233445566778899aabbccddeeff"
LAN_SIGN_KEY = b"xhdiwjnchekd4d512chdjx5d8e4c394D2D7S"
_DIGEST = sha256hex(APP_KEY)
K0, IV0 = _DIGEST[:16].encode(), _DIGEST[16:32].encode()


def md5hex(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def sign(body: bytes, random: str) -> str:
    message = IOT_KEY.encode() + body + random.encode()
    return hmac.new(HMAC_KEY.encode(), message, hashlib.sha256).hexdigest()


def under_app_key(text: str) -> str:
    """hex(AES-CBC(K0, IV0, text)): the router's encrypted userName, Lua's applianceSn."""
    return aes_encrypt(K0, IV0, text.encode()).hex()


def unwrap_key(hex_text: str) -> bytes:
    return aes_decrypt(K0, IV0, bytes.fromhex(hex_text))


def to_unsigned_csv(data: bytes) -> str:
    return ",".join(str(byte) for byte in data)


def wrapped(frame: bytes, appliance_id: int) -> bytes:
    """The 0x5A5A wrapper a P262-style client puts around a frame (md5 trailer)."""
    header = (
        b"\x5a\x5a\x01\x11"
        + (40 + len(frame) + 16).to_bytes(2, "little")
        + bytes(14)
        + appliance_id.to_bytes(6, "little")
        + bytes(14)
    )
    return header + frame + hashlib.md5(header + frame + LAN_SIGN_KEY).digest()


@dataclass
class ProxySession:
    token: str
    data_key: bytes
    data_iv: bytes
    data: dict[str, Any]


class ProxyClient:
    """Signs and posts JSON bodies; logs in; encrypts orders and decrypts replies."""

    def __init__(self, http: aiohttp.ClientSession, base: str, device_id: str = DEVICE_ID) -> None:
        self.http = http
        self.base = base
        self.device_id = device_id

    def body(self, **fields: Any) -> dict[str, Any]:
        return {
            "appId": "1010",
            "src": "1010",
            "format": 2,
            "clientType": 1,
            "language": "en_US",
            "deviceId": self.device_id,
            "stamp": "20260101120000",
            "reqId": "0123456789abcdef0123456789abcdef",
            **fields,
        }

    async def post(
        self,
        endpoint: str,
        raw: bytes,
        *,
        token: str | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> aiohttp.ClientResponse:
        sent = {
            "Content-Type": "application/json",
            "secretVersion": "1",
            "random": RANDOM,
            "sign": sign(raw, RANDOM) if signature is None else signature,
            **({} if token is None else {"accessToken": token}),
            **(headers or {}),
        }
        async with self.http.post(self.base + PROXY + endpoint, data=raw, headers=sent) as answer:
            await answer.read()
            return answer

    async def call_body(
        self, endpoint: str, body: dict[str, Any], *, token: str | None = None, **options: Any
    ) -> dict[str, Any]:
        raw = json.dumps(body).encode()
        answer = await self.post(endpoint, raw, token=token, **options)
        assert answer.status == 200
        payload: dict[str, Any] = json.loads(await answer.text())
        return payload

    async def call(self, endpoint: str, token: str | None = None, **fields: Any) -> dict[str, Any]:
        return await self.call_body(endpoint, self.body(**fields), token=token)

    async def login_id(self, email: str) -> str:
        answer = await self.call(LOGIN_ID, loginAccount=email)
        assert code(answer) == 0, answer
        login_id: str = answer["data"]["loginId"]
        return login_id

    async def login_raw(
        self, email: str, password: str, *, iam_password: str | None = None
    ) -> dict[str, Any]:
        login_id = await self.login_id(email)
        iam = password if iam_password is None else iam_password
        iot_data = {
            "appId": "1010",
            "src": "1010",
            "clientType": 1,
            "loginAccount": email,
            "password": sha256hex(login_id + sha256hex(password) + APP_KEY),
            "iampwd": sha256hex(login_id + md5hex(md5hex(iam)) + APP_KEY),
            "pushToken": sha256hex(email + self.device_id),
            "stamp": "20260101120000",
            "reqId": "fedcba9876543210fedcba9876543210",
        }
        body = {"data": {"platform": 2, "deviceId": self.device_id}, "iotData": iot_data}
        return await self.call_body(LOGIN, body)

    async def login(self, email: str, password: str) -> ProxySession:
        answer = await self.login_raw(email, password)
        assert code(answer) == 0, answer
        data = answer["data"]
        return ProxySession(
            data["mdata"]["accessToken"],
            unwrap_key(data["accessToken"]),
            unwrap_key(data["randomData"]),
            data,
        )

    def order(self, session: ProxySession, payload: bytes, *, signed: bool = True) -> str:
        text = ",".join(str(b - 256 if signed and b > 127 else b) for b in payload)
        return aes_encrypt(session.data_key, session.data_iv, text.encode()).hex()

    async def send(
        self, session: ProxySession, appliance_code: str, payload: bytes, *, signed: bool = True
    ) -> dict[str, Any]:
        return await self.call(
            SEND,
            session.token,
            applianceCode=appliance_code,
            order=self.order(session, payload, signed=signed),
            timestamp="true",
            isFull="false",
        )

    def reply(self, session: ProxySession, answer: dict[str, Any]) -> bytes:
        assert code(answer) == 0, answer
        plain = aes_decrypt(
            session.data_key, session.data_iv, bytes.fromhex(answer["data"]["reply"])
        )
        return from_csv(plain.decode("ascii"))

    async def lua(
        self, session: ProxySession, appliance_code: str, serial: str, query: dict[str, str]
    ) -> dict[str, Any]:
        return await self.call(
            LUA_STATUS,
            session.token,
            iotAppId="1010",
            applianceMFCode="0000",
            applianceType="0xAC",
            modelNumber="0",
            applianceSn=under_app_key(serial),
            version="0",
            applianceCode=int(appliance_code),
            command={"query": query},
        )


def code(answer: dict[str, Any]) -> int:
    return int(answer["code"])
