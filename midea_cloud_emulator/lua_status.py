"""MSmartHome's /v1/device/status/lua/get: the AC plugin's status table of a unit."""

from __future__ import annotations

from .cloud import Cloud
from .errors import APPLIANCE_OFFLINE, LUA_UNSUPPORTED, VALUE_ILLEGAL, CloudError
from .proxy_call import ProxyCall, Result, object_field, owned_unit, proxy_session, text
from .state import MODE_AUTO, MODE_COOL, MODE_DRY, MODE_FAN, MODE_HEAT, MODE_SMART_DRY, UnitState
from .unit import SimulatedUnit
from .wire.aes import CipherError, decrypt_hex
from .wire.keys import cbc_wrapping_key

ENERGY_QUERY = "group_data_four"
HUMIDITY_QUERY = "indoor_humidity"
_MODES = {
    MODE_AUTO: "auto",
    MODE_COOL: "cool",
    MODE_DRY: "dry",
    MODE_HEAT: "heat",
    MODE_FAN: "fan",
    MODE_SMART_DRY: "dry",
}


def _on_off(value: bool) -> str:
    return "on" if value else "off"


def plugin_status(state: UnitState) -> Result:
    """The keys the plugin's dataToJson gives for a C0 state (set point in °F on a °F display)."""
    target = state.target * 9 / 5 + 32 if state.fahrenheit_display else state.target
    whole = int(target)
    status: Result = {
        "power": _on_off(state.power),
        "mode": _MODES.get(state.mode, "auto"),
        "temperature": whole,
        "small_temperature": 0.5 if not state.fahrenheit_display and target - whole >= 0.5 else 0,
        "temperature_unit": int(state.fahrenheit_display),
        "wind_speed": state.fan,
        "wind_swing_ud": _on_off(state.swing_vertical),
        "wind_swing_lr": _on_off(state.swing_horizontal),
        "eco": _on_off(state.eco),
        "strong_wind": _on_off(state.turbo),
        "comfort_sleep": _on_off(state.sleep),
        "screen_display_now": _on_off(state.display_on),
        "ptc": "off",
        "dry": "off",
        "error_code": state.error_code,
    }
    if state.indoor is not None:
        status["indoor_temperature"] = state.indoor
    if state.outdoor is not None:
        status["outdoor_temperature"] = state.outdoor
    return status


def _readings(unit: SimulatedUnit, query_type: object) -> Result:
    """The energy or humidity keys a query asks for, where the unit has them."""
    readings: Result = {}
    if query_type == ENERGY_QUERY:
        if unit.power_w is not None:
            readings["real_time_power"] = round(unit.power_w * 10)
        if unit.energy_kwh is not None:
            readings["total_elec"] = round(unit.energy_kwh * 1000)
    elif query_type == HUMIDITY_QUERY and unit.humidity is not None:
        readings["indoor_humidity"] = unit.humidity
    return readings


def lua_status(cloud: Cloud, call: ProxyCall) -> Result:
    """The status table for ``command.query``: 3004 for a wrong applianceSn, 3123 offline,
    1014 for a unit the plugin cannot read."""
    session = proxy_session(cloud, call)
    unit = owned_unit(call, session)
    key, iv = cbc_wrapping_key(call.profile.app_key)
    try:
        serial = decrypt_hex(key, iv, text(call.body, "applianceSn")).decode("ascii")
    except (CipherError, UnicodeDecodeError) as err:
        raise CloudError(VALUE_ILLEGAL) from err
    if serial != unit.serial:
        raise CloudError(VALUE_ILLEGAL)
    query = object_field(object_field(call.body, "command"), "query")
    if not unit.online:
        raise CloudError(APPLIANCE_OFFLINE)
    if not unit.lua:
        raise CloudError(LUA_UNSUPPORTED)
    unit.settle(cloud.now())
    return {**plugin_status(unit.state), **_readings(unit, query.get("query_type"))}
