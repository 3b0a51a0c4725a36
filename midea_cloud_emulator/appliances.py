"""/v1/appliance/user/list/get: the account's appliances (docs/protocol.md §5)."""

from __future__ import annotations

from .cloud import Call, Cloud
from .wire.aes import encrypt_hex

Result = dict[str, object]


def list_appliances(cloud: Cloud, call: Call) -> Result:
    """One item per unit; ``sn`` is encrypted with the session's cipher."""
    session = cloud.session_for(call)
    items = [
        {
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
        for unit in session.account.units.values()
    ]
    return {"list": items}
