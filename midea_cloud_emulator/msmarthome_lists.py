"""MSmartHome's unit lists: the user list, the homes, and one home's units by room."""

from __future__ import annotations

from .accounts import Account, Session
from .appliances import appliance_item
from .cloud import Cloud
from .errors import VALUE_ILLEGAL, CloudError
from .proxy_call import ProxyCall, Result, proxy_session, text
from .unit import SimulatedUnit

HOME_NAME = "My home"
ROOM_NAME = "Living room"


def _home_id(account: Account) -> str:
    return f"{account.user_id}01"


def _item(unit: SimulatedUnit, session: Session) -> Result:
    return {
        **appliance_item(unit, session),
        "enterpriseCode": "0000",
        "homegroupId": _home_id(session.account),
    }


def user_list(cloud: Cloud, call: ProxyCall) -> Result:
    """/v1/appliance/user/list/get: every unit, ``sn`` encrypted with the session keys."""
    session = proxy_session(cloud, call)
    return {"list": [_item(unit, session) for unit in session.account.units.values()]}


def home_list(cloud: Cloud, call: ProxyCall) -> Result:
    """/v1/homegroup/list/get: the account's one home."""
    session = proxy_session(cloud, call)
    home_id = _home_id(session.account)
    return {"homeList": [{"homegroupId": home_id, "homeName": HOME_NAME, "name": HOME_NAME}]}


def home_units(cloud: Cloud, call: ProxyCall) -> Result:
    """/v1/appliance/home/list/get: the home's units in one room, by ``applianceCode``."""
    session = proxy_session(cloud, call)
    home_id = _home_id(session.account)
    if text(call.body, "homegroupId") != home_id:
        raise CloudError(VALUE_ILLEGAL)
    units = [
        {**_item(unit, session), "applianceCode": unit.appliance_id}
        for unit in session.account.units.values()
    ]
    room = {"roomId": f"{home_id}1", "name": ROOM_NAME, "applianceList": units}
    return {"homeList": [{"homegroupId": home_id, "homeName": HOME_NAME, "roomList": [room]}]}
