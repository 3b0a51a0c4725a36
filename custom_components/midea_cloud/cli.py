"""Command line tool with the seed tool's flags: ``python -m custom_components.midea_cloud.cli``."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
from enum import IntEnum
from functools import cache
import json
import logging
import os
import sys
from typing import Any, TextIO

import aiohttp

from .codec.client import MideaCloudClient
from .codec.describe import describe_hex
from .codec.errors import (
    MideaAccountNotFoundError,
    MideaApplianceNotFoundError,
    MideaApplianceOfflineError,
    MideaAuthError,
    MideaConfigError,
    MideaError,
    MideaNetworkError,
    MideaRateLimitedError,
    MideaUnconfirmedError,
)
from .codec.frames import build_query_frame, build_set_frame
from .codec.model import AcChanges, AcState, Appliance, FanSpeed, Mode
from .codec.profiles import DEFAULT_PROFILE, PROFILES
from .codec.signing import password_digest
from .codec.state import apply_changes

MODES = {"auto": Mode.AUTO, "cool": Mode.COOL, "dry": Mode.DRY, "heat": Mode.HEAT, "fan": Mode.FAN}
MODE_LABELS = {
    Mode.AUTO: "Auto",
    Mode.COOL: "Cool",
    Mode.DRY: "Dry",
    Mode.HEAT: "Heat",
    Mode.FAN: "Fan",
    Mode.SMART_DRY: "Smart dry",
}
FANS = {
    "auto": FanSpeed.AUTO,
    "silent": FanSpeed.SILENT,
    "low": FanSpeed.LOW,
    "medium": FanSpeed.MEDIUM,
    "high": FanSpeed.HIGH,
    "turbo": FanSpeed.TURBO,
}
FAN_LABELS = {value: name for name, value in FANS.items()} | {FanSpeed.FIXED: "fixed"}
SWINGS = {"off": (False, False), "vertical": (True, False), "horizontal": (False, True)}
SWINGS["both"] = (True, True)
UNCONFIRMED_RECHECK_DELAY = 3.0


class ExitCode(IntEnum):
    """Distinct exit codes, one per kind of failure."""

    OK = 0
    USAGE = 2
    AUTH = 3
    ACCOUNT_NOT_FOUND = 4
    RATE_LIMITED = 5
    OFFLINE = 6
    NO_SUCH_DEVICE = 7
    NETWORK = 8
    CLOUD = 9
    UNCONFIRMED = 10


class CliError(Exception):
    """A failure reported as one line and an exit code."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.code = code


@cache
def build_parser() -> argparse.ArgumentParser:
    """The argument parser (the seed tool's flags plus offline encode/decode tools)."""
    parser = argparse.ArgumentParser(
        prog="python -m custom_components.midea_cloud.cli",
        description="Monitor and control Midea air conditioners through the Midea cloud.",
    )
    parser.add_argument("--account", help="account e-mail (or MIDEA_ACCOUNT)")
    parser.add_argument("--password", help="account password (or MIDEA_PASSWORD)")
    parser.add_argument("--app", choices=sorted(PROFILES), default=DEFAULT_PROFILE)
    parser.add_argument("--server", help="server URL override (auto-detected by default)")
    parser.add_argument("--list-only", action="store_true", help="only list devices")
    parser.add_argument("--json", action="store_true", help="output JSON")
    parser.add_argument("--device", help="device name or id to control")
    power = parser.add_mutually_exclusive_group()
    power.add_argument("--on", action="store_true", help="turn the AC on")
    power.add_argument("--off", action="store_true", help="turn the AC off")
    parser.add_argument("--mode", choices=list(MODES))
    parser.add_argument("--temp", type=float, help="target temperature, 16-30 in 0.5 steps")
    parser.add_argument("--fan", choices=list(FANS))
    parser.add_argument("--swing", choices=list(SWINGS))
    for flag in ("eco", "turbo", "sleep", "fahrenheit-display"):
        parser.add_argument(f"--{flag}", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--beep", action="store_true", help="let the unit beep on commands")
    parser.add_argument("--debug", action="store_true", help="debug logging (no secrets)")
    offline = parser.add_argument_group("offline tools (no account needed)")
    offline.add_argument("--decode", metavar="HEX", help="decode an 0xAA frame or 0x5A5A packet")
    offline.add_argument("--encode-query", action="store_true", help="print a query frame")
    offline.add_argument("--encode-set", action="store_true", help="print a SET frame")
    offline.add_argument("--msg-id", type=int, default=1, help="message id 1-254 (default 1)")
    return parser


def requested_changes(args: argparse.Namespace) -> AcChanges:
    """The changes the control flags ask for."""
    swing = SWINGS[args.swing] if args.swing else (None, None)
    return AcChanges(
        power=True if args.on else False if args.off else None,
        mode=MODES[args.mode] if args.mode else None,
        target_temperature=args.temp,
        fan_speed=FANS[args.fan] if args.fan else None,
        swing_vertical=swing[0],
        swing_horizontal=swing[1],
        eco=args.eco,
        turbo=args.turbo,
        sleep=args.sleep,
        fahrenheit_display=args.fahrenheit_display,
    )


def default_state() -> AcState:
    """The state --encode-set starts from: off, cool, 24 °C, auto fan, everything else off."""
    return AcState(
        power=False,
        mode=Mode.COOL,
        target_temperature=24.0,
        fan_speed=FanSpeed.AUTO,
        swing_vertical=False,
        swing_horizontal=False,
        eco=False,
        turbo=False,
        sleep=False,
        fahrenheit_display=False,
        display_on=True,
        display_state=0,
        indoor_temperature=None,
        outdoor_temperature=None,
        error_code=0,
        appliance_error=False,
        filter_alert=False,
    )


def state_summary(state: AcState | None, online: bool) -> dict[str, Any]:
    """The --json object of one device."""
    if state is None:
        return {"online": online, "running": None, "mode": None, "target_temp": None,
                "indoor_temp": None, "outdoor_temp": None, "fan": None}  # fmt: skip
    return {
        "online": online,
        "running": state.power,
        "mode": MODE_LABELS.get(state.mode, f"mode {state.mode}"),  # type: ignore[call-overload]
        "target_temp": state.target_temperature,
        "indoor_temp": state.indoor_temperature,
        "outdoor_temp": state.outdoor_temperature,
        "fan": FAN_LABELS.get(state.fan_speed, f"{state.fan_speed}%"),  # type: ignore[call-overload]
        "swing_vertical": state.swing_vertical,
        "swing_horizontal": state.swing_horizontal,
        "eco": state.eco,
        "turbo": state.turbo,
        "sleep": state.sleep,
        "display_on": state.display_on,
        "error_code": state.error_code,
    }


def _temperature(value: float | None, *, decimals: bool = True) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} C" if decimals else f"{value:g} C"


def print_human(name: str, summary: dict[str, Any], out: TextIO) -> None:
    """The seed tool's human output for one device."""
    print(f"{name}:", file=out)
    if not summary["online"]:
        print("  Offline", file=out)
        return
    print(f"  Indoor: {_temperature(summary['indoor_temp'])}", file=out)
    print(f"  Outdoor: {_temperature(summary['outdoor_temp'])}", file=out)
    print(f"  Target: {_temperature(summary['target_temp'], decimals=False)}", file=out)
    print(f"  Running: {summary['running']}", file=out)
    print(f"  Mode: {summary['mode']}", file=out)
    print(f"  Fan: {summary['fan']}", file=out)


def run_offline(args: argparse.Namespace, out: TextIO) -> None:
    """--decode, --encode-query and --encode-set: no account, no network."""
    if not 1 <= args.msg_id <= 254:
        raise CliError("--msg-id must be between 1 and 254", ExitCode.USAGE)
    if args.decode is not None:
        print(json.dumps(describe_hex(args.decode), indent=2), file=out)
    elif args.encode_query:
        print(build_query_frame(args.msg_id).hex(), file=out)
    else:
        state = apply_changes(default_state(), requested_changes(args))
        print(build_set_frame(state, message_id=args.msg_id, beep=args.beep).hex(), file=out)


def find_device(appliances: Sequence[Appliance], wanted: str) -> Appliance:
    """The appliance whose id or (case-insensitive) name is ``wanted``."""
    for appliance in appliances:
        if wanted in (appliance.id,) or appliance.name.casefold() == wanted.casefold():
            return appliance
    raise CliError(
        f"no device named or numbered {wanted!r} on this account", ExitCode.NO_SUCH_DEVICE
    )


async def run_online(args: argparse.Namespace, out: TextIO, log: TextIO) -> ExitCode:
    """Log in, list, query and optionally control one device."""
    account = args.account or os.environ.get("MIDEA_ACCOUNT")
    password = args.password or os.environ.get("MIDEA_PASSWORD")
    if not account or not password:
        raise CliError(
            "an account and a password are needed (--account/--password)", ExitCode.USAGE
        )
    changes = requested_changes(args)
    wants_control = changes != AcChanges()
    if wants_control and not args.device:
        raise CliError("--device is needed to control a unit", ExitCode.USAGE)
    async with aiohttp.ClientSession() as session:
        client = MideaCloudClient(
            session, account, password_digest(password), args.app, args.server, beep=args.beep
        )
        if not args.json:
            print("Logging in...", file=log)
        await client.login()
        if not args.json:
            print(f"Logged in (server: {client.server})", file=log)
        appliances = [a for a in await client.list_appliances() if a.is_air_conditioner]
        if args.device:
            appliances = [find_device(appliances, args.device)]
        code = ExitCode.OK
        results: dict[str, dict[str, Any]] = {}
        for appliance in appliances:
            state: AcState | None = None
            if args.list_only:
                results[appliance.name] = {"id": appliance.id, "online": appliance.online,
                                           "model": appliance.model}  # fmt: skip
                continue
            if wants_control:
                state, code = await _control(client, appliance, changes)
            elif appliance.online or args.device:
                try:
                    state = await client.query(appliance.id)
                except MideaApplianceOfflineError:
                    if args.device:
                        raise
            results[appliance.name] = state_summary(state, state is not None)
        _print_results(args, results, out)
        return code


async def _control(
    client: MideaCloudClient, appliance: Appliance, changes: AcChanges
) -> tuple[AcState | None, ExitCode]:
    try:
        return await client.apply(appliance.id, changes), ExitCode.OK
    except MideaUnconfirmedError:
        await asyncio.sleep(UNCONFIRMED_RECHECK_DELAY)
        return await client.query(appliance.id), ExitCode.UNCONFIRMED


def _print_results(
    args: argparse.Namespace, results: dict[str, dict[str, Any]], out: TextIO
) -> None:
    if args.json:
        print(json.dumps(results, indent=2), file=out)
        return
    for name, summary in results.items():
        if args.list_only:
            status = "online" if summary["online"] else "offline"
            print(
                f"{name} ({summary['id']}, {summary['model'] or 'unknown model'}): {status}",
                file=out,
            )
        else:
            print_human(name, summary, out)


def describe_error(err: MideaError) -> tuple[str, ExitCode]:
    """One readable line and the exit code for a codec error."""
    if isinstance(err, MideaAuthError):
        return "wrong e-mail or password (3101)", ExitCode.AUTH
    if isinstance(err, MideaAccountNotFoundError):
        return (
            "account not found on any server for this app (3102); try the other --app",
            ExitCode.ACCOUNT_NOT_FOUND,
        )
    if isinstance(err, MideaRateLimitedError):
        return (
            f"too many logins; the cloud accepts the next one after "
            f"{err.until.isoformat(timespec='minutes')}",
            ExitCode.RATE_LIMITED,
        )
    if isinstance(err, MideaApplianceOfflineError):
        return "the device is offline (3123)", ExitCode.OFFLINE
    if isinstance(err, MideaApplianceNotFoundError):
        return "the device does not exist on this account (3127)", ExitCode.NO_SUCH_DEVICE
    if isinstance(err, MideaNetworkError):
        return f"cannot reach the Midea cloud: {err}", ExitCode.NETWORK
    if isinstance(err, MideaConfigError):
        return str(err), ExitCode.USAGE
    return f"the cloud call failed: {err}", ExitCode.CLOUD


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the tool; return its exit code."""
    stdout = out or sys.stdout
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        if args.decode is not None or args.encode_query or args.encode_set:
            run_offline(args, stdout)
            return ExitCode.OK
        return asyncio.run(run_online(args, stdout, sys.stderr if args.json else stdout))
    except CliError as err:
        message, code = str(err), err.code
    except MideaError as err:
        message, code = describe_error(err)
    except KeyboardInterrupt:
        message, code = "interrupted", ExitCode.USAGE
    print(f"error: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
