"""The MSmartHome cloud's constants, request signature, login hashes and keys.

docs/msmarthome.md §1-§4.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from urllib.parse import urlsplit

from .crypto import SessionKeys, derive_cbc_keys
from .server import is_loopback_host
from .signing import login_password

APP_ID = "1010"
APP_KEY = "ac21b9f9cbfe4ca5a88562ef25e2b768"
IOT_KEY = "meicloud"
HMAC_KEY = "PROD_VnoClJI9aikS8dyy"
SECRET_VERSION = "1"  # noqa: S105 - the signature scheme's version, not a secret

BASE_URL = "https://mp-prod.appsmb.com/mas/v5/app/proxy?alias="
PATH_ROUTE = "/v1/multicloud/platform/user/route"
PATH_ROUTE_BY_NAME = "/v1/unitcenter/router/user/name"
PATH_LOGIN_ID = "/v1/user/login/id/get"
PATH_LOGIN = "/mj/user/login"
PATH_LIST = "/v1/appliance/user/list/get"
PATH_SEND = "/v1/appliance/transparent/send"
PATH_LUA_STATUS = "/v1/device/status/lua/get"

_APP_KEY_HASH = hashlib.sha256(APP_KEY.encode("ascii")).hexdigest()
FIXED_KEY = _APP_KEY_HASH[:16].encode("ascii")
FIXED_IV = _APP_KEY_HASH[16:32].encode("ascii")
_FIXED_KEYS = SessionKeys(FIXED_KEY, FIXED_IV)
_DEVICE_ID = re.compile(r"[0-9a-f]{16}")


def _sha256hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _md5hex(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def proxy_sign(body: bytes, random: str) -> str:
    """The ``sign`` header: HMAC-SHA256 under hmacKey of iotKey + the exact body + ``random``."""
    message = IOT_KEY.encode("ascii") + body + random.encode("utf-8")
    return hmac.new(HMAC_KEY.encode("ascii"), message, hashlib.sha256).hexdigest()


def new_random() -> str:
    """A ``random`` header value: 32 lowercase hex digits."""
    return secrets.token_hex(16)


def new_request_id() -> str:
    """A ``reqId`` body field: 32 lowercase hex digits."""
    return secrets.token_hex(16)


def iam_digest(password: str) -> str:
    """md5hex(md5hex(password)): with the sha256 digest, all the MSmartHome login needs."""
    return _md5hex(_md5hex(password))


def login_password_hash(login_id: str, password_digest: str) -> str:
    """The login's ``password``: sha256hex(loginId + sha256hex(password) + appKey)."""
    return login_password(login_id, password_digest, APP_KEY)


def login_iam_hash(login_id: str, iam_password_digest: str) -> str:
    """The login's ``iampwd``: sha256hex(loginId + md5hex(md5hex(password)) + appKey)."""
    return _sha256hex(login_id + iam_password_digest + APP_KEY)


def unwrap_session_keys(access_token: str, random_data: str) -> SessionKeys:
    """dataKey and dataIV from the login's root ``accessToken`` and ``randomData`` (K0/IV0).

    Anything that does not unwrap to 16 bytes each raises MideaEncryptionError.
    """
    return derive_cbc_keys(APP_KEY, access_token, random_data)


def encrypt_fixed(text: str) -> str:
    """hex(AES-128-CBC(K0, IV0, PKCS7(utf8(text)))): the app-key encryption of fixed fields."""
    return _FIXED_KEYS.encrypt(text.encode("utf-8"))


def router_user_name(account: str) -> str:
    """The encrypted ``userName`` of the router that takes one (``PATH_ROUTE_BY_NAME``)."""
    return encrypt_fixed(account)


def lua_appliance_sn(serial: str) -> str:
    """The ``applianceSn`` of a Lua call: the unit's plain serial under the app key."""
    return encrypt_fixed(serial)


def new_device_id() -> str:
    """A ``deviceId``: 16 random lowercase hex digits, made once per installation and kept."""
    return secrets.token_hex(8)


def is_device_id(value: object) -> bool:
    """True for a kept ``deviceId`` that is still usable (16 lowercase hex digits)."""
    return isinstance(value, str) and _DEVICE_ID.fullmatch(value) is not None


def push_token(account: str, device_id: str) -> str:
    """The login's ``pushToken``: sha256hex(account + deviceId), stable per installation."""
    return _sha256hex(account + device_id)


def parse_mas_url(value: object) -> str | None:
    """A router's ``masUrl`` as the new base URL (verbatim), or None when it is not acceptable:
    only https, or plain http to a loopback test server; never credentials in the URL."""
    if not isinstance(value, str) or not value or value != value.strip():
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return None
    if not host or port == 0 or parts.username is not None or parts.password is not None:
        return None
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback_host(host)):
        return value
    return None
