"""One request to MSmartHome's v5 proxy, and the checks its endpoints share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .accounts import Session
from .cloud import Call, Cloud
from .errors import NOT_PERMITTED, TOKEN_INVALID, TOKEN_MISSING, VALUE_ILLEGAL, CloudError
from .unit import SimulatedUnit

PROXY_PATH = "/mas/v5/app/proxy"
ALIAS = "alias="

Result = dict[str, object]


@dataclass(frozen=True, slots=True)
class ProxyCall(Call):
    """A signed proxy request: ``path`` is the alias endpoint, ``params`` the flat text view
    of the JSON ``body`` (top-level fields, and the login's ``iotData``), ``token`` the
    ``accessToken`` header ("" when absent)."""

    body: Mapping[str, Any]
    token: str


def text(fields: Mapping[str, Any], name: str) -> str:
    """The field ``name`` as text (a string or an integer), else 3004."""
    value = fields.get(name)
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise CloudError(VALUE_ILLEGAL)
    return str(value)


def object_field(fields: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """The JSON object ``name`` (an absent one is empty), else 3004."""
    value = fields.get(name, {})
    if not isinstance(value, dict):
        raise CloudError(VALUE_ILLEGAL)
    return value


def proxy_session(cloud: Cloud, call: ProxyCall) -> Session:
    """The live session of the call's accessToken: 40001 without one, 40002 for a dead one."""
    if not call.token:
        raise CloudError(TOKEN_MISSING)
    session = cloud.live_session(call.token, call)
    if session is None:
        raise CloudError(TOKEN_INVALID)
    return session


def appliance_code(body: Mapping[str, Any]) -> str | None:
    """``applianceCode`` (or the legacy ``applianceId``) as text, if there is one."""
    value = body.get("applianceCode", body.get("applianceId"))
    return None if value is None or isinstance(value, bool) else str(value)


def owned_unit(call: ProxyCall, session: Session) -> SimulatedUnit:
    """The session's unit the call names: 3004 without a decimal code, 3201 when not owned."""
    code = appliance_code(call.body)
    if code is None or not code.isascii() or not code.isdigit():
        raise CloudError(VALUE_ILLEGAL)
    unit = session.account.units.get(code)
    if unit is None:
        raise CloudError(NOT_PERMITTED)
    return unit
