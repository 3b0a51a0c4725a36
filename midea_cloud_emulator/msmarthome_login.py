"""MSmartHome's routers, login/id/get and /mj/user/login."""

from __future__ import annotations

from .cloud import Cloud
from .errors import NO_SUCH_ACCOUNT, ROUTE_NOT_FOUND, TOO_MANY_DEVICES, WRONG_PASSWORD, CloudError
from .login import checked_login
from .proxy_call import ALIAS, PROXY_PATH, ProxyCall, Result, object_field, text
from .regions import REGION_ORIGINS
from .wire.aes import CipherError, decrypt_hex
from .wire.keys import cbc_wrapping_key, wrap_cbc
from .wire.sign import login_hash_matches

SESSION_PREFIX = "T1"  # what mdata.accessToken starts with
_COUNTRIES = {"mp-prod": "US", "mp-eu-prod": "DE"}


def _user_name(call: ProxyCall) -> str:
    """``userName`` as sent, or decrypted when it is hex under the app-key material."""
    name = text(call.body, "userName")
    try:
        plain = decrypt_hex(*cbc_wrapping_key(call.profile.app_key), name).decode("ascii")
    except CipherError, UnicodeDecodeError:
        return name
    return plain


def route_user(cloud: Cloud, call: ProxyCall) -> Result:
    """Both routers: where the account lives (its region's proxy URL), else 10004."""
    account = cloud.accounts.get(_user_name(call))
    if account is None or account.profile != call.profile or not account.route_found:
        raise CloudError(ROUTE_NOT_FOUND)
    return {
        "masUrl": f"{REGION_ORIGINS[account.region]}{PROXY_PATH}?{ALIAS}",
        "sseUrl": "https://sse.msmartlife.net",
        "idAdapt": "131329",
        "emsIdAdapt": "131841",
        "countryCode": _COUNTRIES.get(account.region, "US"),
    }


def login_id_get(cloud: Cloud, call: ProxyCall) -> Result:
    """A fresh loginId for an account living on this host, else 3102."""
    account = cloud.account_in(call, text(call.body, "loginAccount"))
    if account is None:
        raise CloudError(NO_SUCH_ACCOUNT)
    return {"loginId": cloud.new_login_id(account)}


def login(cloud: Cloud, call: ProxyCall) -> Result:
    """password and iampwd checked (3101), the device quota (65027), then a session whose
    dataKey and dataIV come wrapped under the app-key material."""
    iot_data = object_field(call.body, "iotData")
    device_id = str(
        iot_data.get("deviceId") or object_field(call.body, "data").get("deviceId") or ""
    )
    iam_password = text(iot_data, "iampwd")
    account, login_id = checked_login(cloud, call)
    app_key = account.profile.app_key
    if not login_hash_matches(iam_password, login_id, account.iam_digest, app_key):
        raise CloudError(WRONG_PASSWORD)
    if device_id not in account.login_devices:
        if len(account.login_devices) >= account.device_quota:
            raise CloudError(TOO_MANY_DEVICES)
        account.login_devices.append(device_id)
    session = cloud.open_session(account, call.region, with_iv=True, token_prefix=SESSION_PREFIX)
    assert session.data_iv is not None
    created = int(session.created.timestamp() * 1000)
    nickname = account.email.partition("@")[0]
    return {
        "uid": account.user_id,
        "accountId": account.user_id,
        "nickname": nickname,
        "accessToken": wrap_cbc(app_key, session.data_key),
        "randomData": wrap_cbc(app_key, session.data_iv),
        "mdata": {
            "accessToken": session.session_id,
            "tokenPwdInfo": {
                "createDate": created,
                "expiredDate": created + int(cloud.session_ttl * 1000),
            },
            "userInfo": {"uid": account.user_id, "nickName": nickname, "email": account.email},
        },
    }
