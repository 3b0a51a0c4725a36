"""Cloud error answers (docs/protocol.md §14; the codes only MSmartHome answers last)."""

from __future__ import annotations

MESSAGES: dict[int, str] = {
    1000: "system error",
    1011: "encryption mismatch",
    3004: "value is illegal.",
    3101: "invalid password",
    3102: "this account does not exist",
    3106: "invalidSession",
    3123: "the appliance is off line",
    3127: "The appliance does not exist.",
    3144: "login failed, loginId is empty, please login again",
    3176: "The asyn reply does not exist",
    3301: "Sign illegal.",
    7610: "your account login too many times in one hour",
    9999: "system error",
    1014: "lua analysis exception",
    3201: "You have no permissions",
    10004: "USER_ROUTE_NOT_FOUND",
    40001: "accessToken is missing",
    40002: "user token not exist",
    40404: "the access address does not exist",
    44003: "sign is illegal",
    65027: "too many devices are signed in to this account",
}

ENCRYPTION_MISMATCH = 1011
LEGACY_RELAY_BROKEN = 1000
VALUE_ILLEGAL = 3004
WRONG_PASSWORD = 3101
NO_SUCH_ACCOUNT = 3102
INVALID_SESSION = 3106
APPLIANCE_OFFLINE = 3123
NO_SUCH_APPLIANCE = 3127
LOGIN_ID_EMPTY = 3144
NO_ASYNC_REPLY = 3176
SIGN_ILLEGAL = 3301
TOO_MANY_LOGINS = 7610
ORDER_REFUSED = 1000
LUA_UNSUPPORTED = 1014
NOT_PERMITTED = 3201
ROUTE_NOT_FOUND = 10004
TOKEN_MISSING = 40001
TOKEN_INVALID = 40002
NO_SUCH_ENDPOINT = 40404
BAD_SIGN = 44003
TOO_MANY_DEVICES = 65027


def message_for(code: int) -> str:
    """The message the cloud sends with ``code``."""
    return MESSAGES.get(code, "error")


class CloudError(Exception):
    """An error answer: errorCode ``code`` with the cloud's message for it."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code
