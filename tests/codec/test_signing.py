"""Request sign, password hash, terminalId and stamp.

D3, D4; V54-V57, V64; docs/protocol.md §16 examples 1-4.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from custom_components.midea_cloud.codec.signing import (
    login_password,
    password_digest,
    sign,
    sign_input,
    terminal_id,
    utc_stamp,
)

from .helpers import vector

MIDEA_AIR_KEY = "ff0cf6f5f0c3471de36341cab3f7a9af"
ACCOUNT = "user@example.com"
COMMON = {
    "appId": "1117",
    "src": "17",
    "format": "2",
    "clientType": "1",
    "language": "en_US",
    "stamp": "20260101120000",
}
LOGIN_ID = "592758da-e522-4263-9cea-3bac916a0416"


def test_v54_sign_input_and_sign() -> None:
    data = vector("V54")["decoded"]
    params = {name: str(value) for name, value in data["params"].items()}
    assert sign_input(data["path"], params) + data["app_key"] == data["sign_input"]
    assert sign(data["path"], params, data["app_key"]) == vector("V54")["hex"]


def test_v56_signs_exactly_the_given_parameters() -> None:
    data = vector("V56")["decoded"]
    assert sign(data["path"], data["params"], data["app_key"]) == vector("V56")["hex"]


def test_sign_uses_raw_values_and_empty_values() -> None:
    text = sign_input("/p", {"b": "x+y@z&", "a": "", "C": "1"})
    assert text == "/pC=1&a=&b=x+y@z&"


@pytest.mark.parametrize("vector_id", ["V55", "V57"])
def test_password_hash_vectors(vector_id: str) -> None:
    data = vector(vector_id)["decoded"]
    digest = password_digest(data["password"])
    assert login_password(data["login_id"], digest, data["app_key"]) == vector(vector_id)["hex"]


def test_v64_terminal_id() -> None:
    assert terminal_id(vector("V64")["decoded"]["account"]) == vector("V64")["hex"]


def test_example_1_login_id_get() -> None:
    params = {**COMMON, "loginAccount": ACCOUNT}
    assert sign_input("/v1/user/login/id/get", params) == (
        "/v1/user/login/id/get"
        "appId=1117&clientType=1&format=2&language=en_US&loginAccount=user@example.com"
        "&src=17&stamp=20260101120000"
    )
    assert sign("/v1/user/login/id/get", params, MIDEA_AIR_KEY) == (
        "357639a8f5cd8215dd2101eb6cc19ef0cb3c70d89a03550859288d76db0bc23c"
    )


def test_example_2_login_new() -> None:
    digest = password_digest("passwordExample")
    assert digest == "df250e2d70c9256e5dc33584b39ed2f405d4931a1d643d5d79930168afc288ee"
    hashed = login_password(LOGIN_ID, digest, MIDEA_AIR_KEY)
    assert hashed == "a099980738dc551bee5772203b8dbf1d5464629f6dc85e4e7ff5201ab3278b4c"
    assert terminal_id(ACCOUNT) == "56c2e4da8ebc13f7"
    params = {
        **COMMON,
        "loginAccount": ACCOUNT,
        "password": hashed,
        "encryptVersion": "1",
        "pushType": "4",
        "pushToken": "false",
        "terminalId": terminal_id(ACCOUNT),
    }
    assert sign_input("/v1/user/login/new", params) == (
        "/v1/user/login/new"
        "appId=1117&clientType=1&encryptVersion=1&format=2&language=en_US"
        "&loginAccount=user@example.com"
        "&password=a099980738dc551bee5772203b8dbf1d5464629f6dc85e4e7ff5201ab3278b4c"
        "&pushToken=false&pushType=4&src=17&stamp=20260101120000&terminalId=56c2e4da8ebc13f7"
    )
    assert sign("/v1/user/login/new", params, MIDEA_AIR_KEY) == (
        "a5012e39b2e01a51a80ab78adee2ae40522b20a5eda99854672e4e7573976950"
    )


def test_example_3_appliance_list() -> None:
    params = {**COMMON, "sessionId": "SESSION456"}
    assert sign("/v1/appliance/user/list/get", params, MIDEA_AIR_KEY) == (
        "8d65fe37e906c54cf8c7645cde0933a2a59613396550454208d35d9d81c27f03"
    )


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC), "20260101120000"),
        (
            datetime(2026, 1, 1, 13, 30, 5, tzinfo=timezone(timedelta(hours=1, minutes=30))),
            "20260101120005",
        ),
        (datetime(2026, 1, 1, 0, 0, 0, tzinfo=timezone(timedelta(hours=2))), "20251231220000"),
        (datetime(2026, 3, 4, 5, 6, 7, 999_999), "20260304050607"),
        (datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC), "09990102030405"),
    ],
)
def test_utc_stamp_is_14_digits_of_utc(moment: datetime, expected: str) -> None:
    assert utc_stamp(moment) == expected
