"""/v1/appliance/user/list/get: the account's appliances (docs/protocol.md §5)."""

from __future__ import annotations

from .accounts import Session
from .cloud import Call, Cloud
from .unit import SimulatedUnit
from .wire.aes import encrypt_hex

Result = dict[str, object]


def appliance_item(unit: SimulatedUnit, session: Session) -> Result:
    """One unit as a list item; ``sn`` is encrypted with the session's cipher."""
    return {
        "id": unit.appliance_id,
        "name": unit.name,
        "type": "0xAC",
        "onlineStatus": "1" if unit.online else "0",
        "activeStatus": "1",
        "modelNumber": unit.model,
        "des": "",
        "sn": encrypt_hex(session.data_key, session.data_iv, unit.serial.encode()),
        "sn8": unit.sn8,
    }


def list_appliances(cloud: Cloud, call: Call) -> Result:
    """One item per unit of the session's account."""
    session = cloud.session_for(call)
    return {"list": [appliance_item(unit, session) for unit in session.account.units.values()]}
