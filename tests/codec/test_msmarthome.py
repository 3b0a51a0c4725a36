"""The MSmartHome building blocks, against the peer-computed vectors of msmarthome.json."""

from __future__ import annotations

from functools import cache
import json
from pathlib import Path
import re
from typing import Any

import pytest

from custom_components.midea_cloud.codec import msmarthome
from custom_components.midea_cloud.codec.crypto import SessionKeys, decrypt_serial
from custom_components.midea_cloud.codec.errors import (
    API_ERRORS,
    MideaApiError,
    MideaConfigError,
    MideaDeviceQuotaError,
    MideaEncryptionError,
    MideaLuaUnsupportedError,
    MideaProtocolError,
    MideaProxySignError,
    MideaRouteNotFoundError,
    MideaSessionError,
    MideaTokenExpiredError,
)
from custom_components.midea_cloud.codec.frames import build_query_frame
from custom_components.midea_cloud.codec.lua_status import (
    QUERY_ENERGY,
    LuaReadings,
    lua_status_fields,
    parse_lua_status,
)
from custom_components.midea_cloud.codec.msmarthome import (
    iam_digest,
    is_device_id,
    login_iam_hash,
    login_password_hash,
    lua_appliance_sn,
    new_device_id,
    parse_mas_url,
    proxy_sign,
    push_token,
    router_user_name,
    unwrap_session_keys,
)
from custom_components.midea_cloud.codec.proxy_relay import (
    FALLBACK_VARIANT,
    PRIMARY_VARIANT,
    Framing,
    decode_relay_reply,
    encode_relay_order,
    other_variant,
    wrap_frame,
)
from custom_components.midea_cloud.codec.signed_csv import to_signed_csv
from custom_components.midea_cloud.codec.signing import password_digest

VECTORS_PATH = Path(__file__).parents[1] / "vectors" / "msmarthome.json"
APPLIANCE_CODE = 152832116524635


@cache
def _vectors() -> dict[str, dict[str, Any]]:
    entries = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in entries}


def inputs(vector_id: str) -> dict[str, Any]:
    given: dict[str, Any] = _vectors()[vector_id]["inputs"]
    return given


def output(vector_id: str) -> dict[str, Any]:
    expected: dict[str, Any] = _vectors()[vector_id]["output"]
    return expected


def keys_of(vector_id: str) -> SessionKeys:
    keys = output(vector_id)
    return SessionKeys(keys["data_key"].encode(), keys["data_iv"].encode())


def test_every_vector_is_used_and_sourced() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    assert [key for key in _vectors() if f'"{key}"' not in source] == []
    assert all(entry["source"]["note"].startswith("peer-") for entry in _vectors().values())


@pytest.mark.parametrize("vector_id", ["MS01", "MS02", "MS03"])
def test_signature(vector_id: str) -> None:
    given = inputs(vector_id)
    assert proxy_sign(given["body"].encode(), given["random"]) == output(vector_id)["sign"]


def test_complete_signed_requests() -> None:
    given, expected = inputs("MS18"), output("MS18")
    login_sign = proxy_sign(given["login_body"].encode(), given["login_random"])
    assert login_sign == expected["login_sign"]
    assert proxy_sign(given["send_body"].encode(), given["send_random"]) == expected["send_sign"]
    login = json.loads(given["login_body"])["iotData"]
    assert login["password"] == output("MS05")["password"]
    assert login["iampwd"] == output("MS06")["iampwd"]
    assert json.loads(given["send_body"])["order"] == output("MS15")["order"]


def test_a_changed_body_changes_the_signature() -> None:
    given = inputs("MS01")
    body = given["body"].replace("user@example.com", "user@example.org").encode()
    assert proxy_sign(body, given["random"]) != output("MS01")["sign"]


def test_login_password() -> None:
    given = inputs("MS05")
    assert password_digest(given["password"]) == given["password_digest"]
    login_hash = login_password_hash(given["login_id"], given["password_digest"])
    assert login_hash == output("MS05")["password"]


def test_login_iam_password() -> None:
    given = inputs("MS06")
    assert iam_digest(given["password"]) == given["iam_digest"]
    assert login_iam_hash(given["login_id"], given["iam_digest"]) == output("MS06")["iampwd"]


def test_app_key_material() -> None:
    assert inputs("MS08")["app_key"] == msmarthome.APP_KEY
    assert output("MS08")["k0"].encode() == msmarthome.FIXED_KEY
    assert output("MS08")["iv0"].encode() == msmarthome.FIXED_IV


@pytest.mark.parametrize("vector_id", ["MS09", "MS11"])
def test_session_keys_unwrap(vector_id: str) -> None:
    given = inputs(vector_id)
    keys = unwrap_session_keys(given["access_token"], given["random_data"])
    assert keys == keys_of(vector_id)
    assert repr(keys) == "SessionKeys(<cbc>)"


def test_session_keys_wrap_with_the_app_key() -> None:
    assert msmarthome.encrypt_fixed(output("MS11")["data_key"]) == inputs("MS11")["access_token"]
    assert msmarthome.encrypt_fixed(output("MS11")["data_iv"]) == inputs("MS11")["random_data"]


@pytest.mark.parametrize(
    ("access_token", "random_data"),
    [
        ("", inputs("MS11")["random_data"]),
        (inputs("MS11")["access_token"][:32], inputs("MS11")["random_data"]),
        ("not hex", inputs("MS11")["random_data"]),
        (inputs("MS11")["access_token"], inputs("MS12")["sn"]),
    ],
)
def test_session_keys_that_do_not_unwrap(access_token: str, random_data: str) -> None:
    with pytest.raises(MideaEncryptionError) as caught:
        unwrap_session_keys(access_token, random_data)
    message = str(caught.value)
    assert "session key derivation failed" in message
    assert not any(part and part in message for part in (access_token, random_data))


@pytest.mark.parametrize("vector_id", ["MS10", "MS12"])
def test_serial_from_the_list(vector_id: str) -> None:
    keys = keys_of(inputs(vector_id)["keys"])
    assert decrypt_serial(keys, inputs(vector_id)["sn"]) == output(vector_id)["serial"]


def test_lua_appliance_sn() -> None:
    assert lua_appliance_sn(inputs("MS13")["serial"]) == output("MS13")["appliance_sn"]


def test_router_user_name() -> None:
    assert router_user_name(inputs("MS14")["account"]) == output("MS14")["user_name"]


def test_order_raw_frame_signed_csv() -> None:
    keys = keys_of(inputs("MS15")["keys"])
    frame = bytes.fromhex(inputs("MS15")["frame"])
    order = encode_relay_order(
        keys, frame, framing=Framing.RAW, signed_csv=True, appliance_code=APPLIANCE_CODE
    )
    assert order == output("MS15")["order"]
    assert keys.decrypt(order).decode() == output("MS15")["csv"]
    assert decode_relay_reply(keys, order) == frame


def test_order_wrapped_frame() -> None:
    given, expected = inputs("MS16"), output("MS16")
    keys = keys_of(given["keys"])
    frame = bytes.fromhex(given["frame"])
    packet = wrap_frame(frame, given["appliance_code"])
    assert packet.hex() == expected["packet"]
    assert packet[-16:].hex() == expected["md5_trailer"]
    unsigned = encode_relay_order(
        keys, frame, framing=Framing.WRAPPED, signed_csv=False, appliance_code=APPLIANCE_CODE
    )
    signed = encode_relay_order(
        keys, frame, framing=Framing.WRAPPED, signed_csv=True, appliance_code=APPLIANCE_CODE
    )
    assert unsigned == expected["order_unsigned_csv"]
    assert signed.startswith(expected["order_signed_csv_prefix"])
    assert signed != unsigned
    assert decode_relay_reply(keys, unsigned) == decode_relay_reply(keys, signed) == frame


def test_reply_from_the_cloud() -> None:
    keys = keys_of(inputs("MS17")["keys"])
    reply = inputs("MS17")["reply"]
    assert keys.decrypt(reply).decode() == output("MS17")["csv"]
    assert decode_relay_reply(keys, reply).hex() == output("MS17")["frame"]


def test_the_variants_and_the_fallback() -> None:
    assert (PRIMARY_VARIANT.framing, PRIMARY_VARIANT.signed_csv) == (Framing.RAW, True)
    assert (FALLBACK_VARIANT.framing, FALLBACK_VARIANT.signed_csv) == (Framing.WRAPPED, False)
    assert other_variant(PRIMARY_VARIANT) == FALLBACK_VARIANT
    assert other_variant(FALLBACK_VARIANT) == PRIMARY_VARIANT


@pytest.mark.parametrize("framing", list(Framing))
@pytest.mark.parametrize("signed_csv", [True, False])
def test_every_variant_reads_back(framing: Framing, signed_csv: bool) -> None:
    keys = keys_of("MS11")
    frame = build_query_frame(7)
    order = encode_relay_order(
        keys, frame, framing=framing, signed_csv=signed_csv, appliance_code=APPLIANCE_CODE
    )
    assert decode_relay_reply(keys, order) == frame


def test_a_wrapper_without_its_trailer_is_read() -> None:
    keys = keys_of("MS11")
    frame = bytes.fromhex(output("MS17")["frame"])
    packet = wrap_frame(frame, APPLIANCE_CODE)[:-16]
    assert decode_relay_reply(keys, keys.encrypt(to_signed_csv(packet).encode())) == frame


@pytest.mark.parametrize(
    "plain",
    [
        b"",
        b"-86,34,-84",
        # the reply frame of MS17 with its checksum changed
        b"-86,34,-84,0,0,0,0,0,3,3,-64,1,72,102,127,127,0,48,0,0,4,101,117,0,0,0,0,0,0,0,0,0,105,-20,93",
        b"90,90,1,17,0,0",
        b"1,2,3",
        b"-86,34,300",
        "\u00e9".encode(),
    ],
)
def test_unreadable_replies_are_protocol_errors(plain: bytes) -> None:
    keys = keys_of("MS11")
    with pytest.raises(MideaProtocolError):
        decode_relay_reply(keys, keys.encrypt(plain))


@pytest.mark.parametrize("code", [-1, 1 << 48])
def test_an_appliance_code_that_does_not_fit_is_refused(code: int) -> None:
    with pytest.raises(MideaConfigError):
        wrap_frame(build_query_frame(1), code)


def test_the_query_frame_is_not_the_plugins() -> None:
    """The official plugin's ``{}`` query differs from the codec's state query (another body);
    the codec keeps its own, so the MSmartHome relay sends the same frames as the legacy one."""
    plugin_query = "aa20ac00000000000003418100ff000000000000000000000000000000008f38a9"
    assert build_query_frame(1).hex() != plugin_query


def test_device_id_and_push_token() -> None:
    ids = {new_device_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(re.fullmatch(r"[0-9a-f]{16}", device_id) for device_id in ids)
    assert all(is_device_id(device_id) for device_id in ids)
    assert push_token("user@example.com", "d4fcee355a8b22d6") == (
        "1669da50c6dc46fc718779683e807b660e6fc4f278e2185d635f2140b758b270"
    )
    assert push_token("user@example.com", "d4fcee355a8b22d7") != push_token(
        "user@example.com", "d4fcee355a8b22d6"
    )


@pytest.mark.parametrize(
    "value", [None, 1234, "", "D4FCEE355A8B22D6", "d4fcee355a8b22d", "d4fcee355a8b22d6 ", "g" * 16]
)
def test_unusable_device_ids(value: object) -> None:
    assert not is_device_id(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (msmarthome.BASE_URL, msmarthome.BASE_URL),
        (
            "https://mp-eu-prod.appsmb.com/mas/v5/app/proxy?alias=",
            "https://mp-eu-prod.appsmb.com/mas/v5/app/proxy?alias=",
        ),
        (
            "http://127.0.0.1:8080/mas/v5/app/proxy?alias=",
            "http://127.0.0.1:8080/mas/v5/app/proxy?alias=",
        ),
        ("http://mp-prod.appsmb.com/mas/v5/app/proxy?alias=", None),
        ("https://user:pw@mp-prod.appsmb.com/mas/v5/app/proxy?alias=", None),
        ("https://mp-prod.appsmb.com:port/", None),
        ("ftp://mp-prod.appsmb.com/", None),
        (" https://mp-prod.appsmb.com/", None),
        ("https://[::1/", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_mas_url(value: object, expected: str | None) -> None:
    assert parse_mas_url(value) == expected


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (65027, MideaDeviceQuotaError),
        (40002, MideaTokenExpiredError),
        (3106, MideaSessionError),
        (1014, MideaLuaUnsupportedError),
        (44003, MideaProxySignError),
        (10004, MideaRouteNotFoundError),
    ],
)
def test_msmarthome_error_codes(code: int, cls: type[MideaApiError]) -> None:
    error = API_ERRORS[code](code, "")
    assert type(error) is cls
    assert error.code == code
    assert str(error).startswith(f"cloud error {code}")


def test_the_session_ended_error_is_a_session_error() -> None:
    assert isinstance(MideaTokenExpiredError(), MideaSessionError)
    assert MideaSessionError.code == 3106


def test_the_device_quota_error_says_what_happened() -> None:
    bare = MideaDeviceQuotaError()
    assert str(bare) == "cloud error 65027: too many devices signed in to this account"
    cloud_text = "该用户在线登录设备已超过上限"
    told = API_ERRORS[65027](65027, cloud_text)
    assert str(told) == f"{bare} ({cloud_text})"


def test_lua_status_fields() -> None:
    fields = lua_status_fields(
        appliance_code=APPLIANCE_CODE,
        serial=inputs("MS13")["serial"],
        model_number="16946",
        enterprise_code="",
        query=QUERY_ENERGY,
    )
    assert fields["applianceSn"] == output("MS13")["appliance_sn"]
    assert fields["encryptedType "] == "2"
    assert fields["applianceMFCode"] == "0000"
    assert fields["applianceCode"] == APPLIANCE_CODE
    assert fields["command"] == {"query": {"query_type": "group_data_four"}}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            {"real_time_power": 12345, "total_elec": 67890, "indoor_humidity": 48},
            LuaReadings(power_w=1234.5, energy_kwh=67.89, humidity=48.0),
        ),
        ({"real_time_power": "250", "total_elec": 0}, LuaReadings(25.0, 0.0, None)),
        ({"indoor_humidity": 0}, LuaReadings(humidity=0.0)),
        ({"indoor_humidity": 100.0}, LuaReadings(humidity=100.0)),
        ({"indoor_humidity": 101}, LuaReadings()),
        ({"indoor_humidity": -1}, LuaReadings()),
        ({"indoor_humidity": "humid"}, LuaReadings()),
        ({"real_time_power": -10, "total_elec": -1}, LuaReadings()),
        ({"real_time_power": True, "total_elec": None, "indoor_humidity": [48]}, LuaReadings()),
        ({"real_time_power": "nan", "total_elec": "inf", "indoor_humidity": 1e400}, LuaReadings()),
        ({"real_time_power": 10**400}, LuaReadings()),
        ({"power": "on", "mode": "cool"}, LuaReadings()),
        ({}, LuaReadings()),
        ([], LuaReadings()),
        (None, LuaReadings()),
        ("real_time_power", LuaReadings()),
    ],
)
def test_lua_readings(status: object, expected: LuaReadings) -> None:
    assert parse_lua_status(status) == expected
