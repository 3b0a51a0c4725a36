"""The login endpoints: /v1/user/login/id/get, /v1/user/login/new and /v1/user/login (D4)."""

from __future__ import annotations

from .accounts import Account
from .cloud import Call, Cloud
from .errors import (
    LOGIN_ID_EMPTY,
    NO_SUCH_ACCOUNT,
    VALUE_ILLEGAL,
    WRONG_PASSWORD,
    CloudError,
)
from .params import required
from .regions import REGION_ORIGINS
from .wire.keys import wrap_cbc, wrap_ecb
from .wire.sign import login_hash_matches

Result = dict[str, object]


def login_id_get(cloud: Cloud, call: Call) -> Result:
    """A fresh loginId for an account of this app and region, else 3102."""
    account = cloud.account_in(call, required(call, "loginAccount"))
    if account is None:
        raise CloudError(NO_SUCH_ACCOUNT)
    return {"loginId": cloud.new_login_id(account)}


def checked_login(cloud: Cloud, call: Call) -> tuple[Account, str]:
    """Account lookup, rate limit, loginId (used up by any attempt) and password hash.

    Returns the account and the loginId the attempt used.
    """
    password = required(call, "password")
    account = cloud.account_in(call, required(call, "loginAccount"))
    if account is None:
        raise CloudError(NO_SUCH_ACCOUNT)
    cloud.count_login(account)
    login_id, account.login_id = account.login_id, None
    if login_id is None:
        raise CloudError(LOGIN_ID_EMPTY)
    if not login_hash_matches(password, login_id, account.password_digest, account.profile.app_key):
        raise CloudError(WRONG_PASSWORD)
    return account, login_id


def login_new(cloud: Cloud, call: Call) -> Result:
    """CBC-session login: accessToken and randomData wrap dataKey and dataIV."""
    if call.params.get("encryptVersion") != "1":
        raise CloudError(VALUE_ILLEGAL)
    account, _ = checked_login(cloud, call)
    session = cloud.open_session(account, call.region, with_iv=account.random_data)
    app_key = account.profile.app_key
    result: Result = {
        "sessionId": session.session_id,
        "accessToken": wrap_cbc(app_key, session.data_key),
        "userId": account.user_id,
    }
    if session.data_iv is not None:
        result["randomData"] = wrap_cbc(app_key, session.data_iv)
    if account.region_domain:
        result["regionDomain"] = account.region_domain_value or REGION_ORIGINS[account.region]
    return result


def login_old(cloud: Cloud, call: Call) -> Result:
    """ECB-session login: accessToken wraps dataKey; there is no IV."""
    account, _ = checked_login(cloud, call)
    session = cloud.open_session(account, call.region, with_iv=False)
    return {
        "sessionId": session.session_id,
        "accessToken": wrap_ecb(account.profile.app_key, session.data_key),
        "userId": account.user_id,
    }
