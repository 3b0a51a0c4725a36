"""MSmartHome's Lua status call: the queries the client asks and the readings it keeps.

docs/msmarthome.md §7.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import math

from .msmarthome import APP_ID, lua_appliance_sn

QUERY_ENERGY: Mapping[str, str] = {"query_type": "group_data_four"}
QUERY_HUMIDITY: Mapping[str, str] = {"query_type": "indoor_humidity"}


@dataclass(frozen=True, slots=True)
class LuaReadings:
    """What a status answer says about power, energy and humidity; None where it says nothing."""

    power_w: float | None = None
    energy_kwh: float | None = None
    humidity: float | None = None


def lua_status_fields(
    *,
    appliance_code: int,
    serial: str,
    model_number: str,
    enterprise_code: str,
    query: Mapping[str, str],
) -> dict[str, object]:
    """The endpoint's own body fields (the common fields come on top)."""
    return {
        "iotAppId": APP_ID,
        "applianceMFCode": enterprise_code or "0000",
        "applianceType": "0xAC",
        "modelNumber": model_number,
        "applianceSn": lua_appliance_sn(serial),
        "version": "0",
        # The trailing space is in the key the cloud's peers send.
        "encryptedType ": "2",
        "applianceCode": appliance_code,
        "command": {"query": dict(query)},
    }


def _number(value: object) -> float | None:
    """A finite number, or a decimal text of one; None for anything else (booleans too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _scaled(value: object, divisor: int) -> float | None:
    number = _number(value)
    if number is None or number < 0:
        return None
    return number / divisor


def parse_lua_status(status: object) -> LuaReadings:
    """The readings of a ``/v1/device/status/lua/get`` answer; never raises.

    ``real_time_power`` is in tenths of a watt, ``total_elec`` in watt-hours and
    ``indoor_humidity`` in percent; a negative power or energy, a humidity outside 0..100 or a
    value that is not a number is absent.
    """
    if not isinstance(status, Mapping):
        return LuaReadings()
    humidity = _number(status.get("indoor_humidity"))
    return LuaReadings(
        power_w=_scaled(status.get("real_time_power"), 10),
        energy_kwh=_scaled(status.get("total_elec"), 1000),
        humidity=humidity if humidity is not None and 0 <= humidity <= 100 else None,
    )
