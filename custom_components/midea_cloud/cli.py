"""The command line tool: ``python -m custom_components.midea_cloud.cli --help``."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
from enum import IntEnum
from functools import cache, partial
import hashlib
import json
import logging
import os
from pathlib import Path
import sys
import tempfile
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
    MideaDeviceQuotaError,
    MideaError,
    MideaNetworkError,
    MideaProtocolError,
    MideaRateLimitedError,
    MideaUnconfirmedError,
)
from .codec.frames import build_query_frame, build_set_frame
from .codec.lua_status import LuaReadings
from .codec.model import AcChanges, AcState, Appliance, FanSpeed, Mode
from .codec.msmarthome import iam_digest, is_device_id, new_device_id
from .codec.profiles import DEFAULT_PROFILE, PROFILES
from .codec.session import StoredSession
from .codec.signing import password_digest
from .codec.state import FAULT_LABELS, apply_changes

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
SWING_LABELS = {axes: name for name, axes in SWINGS.items()}
UNCONFIRMED_RECHECK_DELAY = 3.0
MIN_TARGET, MAX_TARGET = 16.0, 30.0
CACHE_DIR_NAME = "midea_cloud_cli"
DEVICE_ID_FILE = "msmarthome_device_id"
_LOGGER = logging.getLogger(__name__)


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
    DEVICE_QUOTA = 11


class CliError(Exception):
    """A failure reported as one line and an exit code."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.code = code


@cache
def build_parser() -> argparse.ArgumentParser:
    """The argument parser: the account, status and control flags, and the offline tools."""
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
    parser.add_argument(
        "--temp", type=target_temperature, help="target temperature, 16-30 °C in 0.5 steps"
    )
    parser.add_argument("--fan", choices=list(FANS))
    parser.add_argument("--swing", choices=list(SWINGS))
    for flag in ("eco", "turbo", "sleep", "fahrenheit-display"):
        parser.add_argument(f"--{flag}", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--beep", action="store_true", help="let the unit beep on commands")
    parser.add_argument("--debug", action="store_true", help="debug logging (no secrets)")
    parser.add_argument(
        "--no-cache", action="store_true", help="neither use nor keep a cached session"
    )
    parser.add_argument(
        "--logout", action="store_true", help="forget the account's cached session and exit"
    )
    offline = parser.add_argument_group("offline tools (no account needed)")
    offline.add_argument("--decode", metavar="HEX", help="decode an 0xAA frame or 0x5A5A packet")
    offline.add_argument("--encode-query", action="store_true", help="print a query frame")
    offline.add_argument("--encode-set", action="store_true", help="print a SET frame")
    offline.add_argument("--msg-id", type=int, default=1, help="message id 1-254 (default 1)")
    return parser


def target_temperature(text: str) -> float:
    """A --temp value: 16 to 30 °C on the 0.5 grid; anything else is refused, never rounded."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a temperature") from None
    if not MIN_TARGET <= value <= MAX_TARGET:
        raise argparse.ArgumentTypeError(f"{text} °C is outside {MIN_TARGET:g}-{MAX_TARGET:g} °C")
    if value * 2 != int(value * 2):
        lower = int(value * 2) / 2
        raise argparse.ArgumentTypeError(
            f"{text} °C is not a valid target; use {lower:.1f} or {lower + 0.5:.1f}"
        )
    return value


def cache_dir() -> Path:
    """The tool's directory in the user's cache directory."""
    configured = Path(os.environ.get("XDG_CACHE_HOME", ""))
    base = configured if configured.is_absolute() else Path.home() / ".cache"
    return base / CACHE_DIR_NAME


def session_cache_file(account: str, app: str, server: str | None) -> Path:
    """Where the session of (account, app, server) is kept: a file only the user can read, in
    the user's cache directory; its name does not show the account."""
    key = "\n".join((account.strip().lower(), app, server or ""))
    return cache_dir() / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.json"


def login_device_id() -> str:
    """The MSmartHome device id this installation of the tool logs in as, made at its first use.

    Kept even with --no-cache: a new device at each run would soon fill the account's device
    quota (65027). When it cannot be kept, the run uses a new one and warns.
    """
    path = cache_dir() / DEVICE_ID_FILE
    try:
        kept = path.read_text(encoding="ascii").strip()
    except OSError, UnicodeDecodeError:
        kept = ""
    if is_device_id(kept):
        return kept
    device_id = new_device_id()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(device_id)
    except OSError as err:
        _LOGGER.warning("Cannot keep the device id in %s: %s", path.parent, err.strerror or err)
    return device_id


def load_session(path: Path) -> StoredSession | None:
    """The cached session, or None when there is none or it cannot be read (one login)."""
    try:
        return StoredSession.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except OSError, ValueError, TypeError, MideaConfigError:
        _LOGGER.debug("The cached session is unreadable; logging in")
        return None


def save_session(path: Path, stored: StoredSession | None) -> None:
    """Keep the session (never the password or its digest), or forget it when there is none.

    A cache that cannot be written costs a login at the next run, never this run.
    """
    try:
        if stored is None:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=".session-")
        temporary = Path(name)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                json.dump(stored.as_dict(), file)
            temporary.replace(path)
        except BaseException:
            temporary.unlink()
            raise
    except OSError as err:
        _LOGGER.warning("Cannot keep the session in %s: %s", path.parent, err.strerror or err)


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


def state_summary(appliance: Appliance, state: AcState | None) -> dict[str, Any]:
    """The --json object of one unit (the id is the key too: two units may share a name)."""
    summary: dict[str, Any] = {"id": appliance.id, "name": appliance.name,
                               "online": state is not None}  # fmt: skip
    if state is None:
        return summary | {"running": None, "mode": None, "target_temp": None,
                          "indoor_temp": None, "outdoor_temp": None, "fan": None}  # fmt: skip
    return summary | {
        "running": state.power,
        "mode": MODE_LABELS.get(state.mode, f"mode {state.mode}"),  # type: ignore[call-overload]
        "target_temp": state.target_temperature,
        "indoor_temp": state.indoor_temperature,
        "outdoor_temp": state.outdoor_temperature,
        "fan": FAN_LABELS.get(state.fan_speed, f"{state.fan_speed}%"),  # type: ignore[call-overload]
        "swing": SWING_LABELS[state.swing_vertical, state.swing_horizontal],
        "swing_vertical": state.swing_vertical,
        "swing_horizontal": state.swing_horizontal,
        "eco": state.eco,
        "turbo": state.turbo,
        "sleep": state.sleep,
        "display_on": state.display_on,
        "error_code": state.error_code,
        "error_label": FAULT_LABELS.get(state.error_code),
    }


def readings_summary(readings: LuaReadings) -> dict[str, Any]:
    """The readings only MSmartHome's cloud gives, for the --json object; None where absent."""
    return {
        "power_w": readings.power_w,
        "energy_kwh": readings.energy_kwh,
        "humidity": readings.humidity,
    }


def _temperature(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} °C"


def _error_code(code: int) -> str:
    if not code:
        return "none"
    return f"{FAULT_LABELS[code]} ({code})" if code in FAULT_LABELS else str(code)


def print_human(summary: dict[str, Any], out: TextIO) -> None:
    """One unit in words: its name and id, then what it reported."""
    print(f"{summary['name']} ({summary['id']}):", file=out)
    if not summary["online"]:
        print("  Offline", file=out)
        return
    presets = [name for name in ("eco", "turbo", "sleep") if summary[name]]
    for label, value in (
        ("Indoor", _temperature(summary["indoor_temp"])),
        ("Outdoor", _temperature(summary["outdoor_temp"])),
        ("Target", _temperature(summary["target_temp"])),
        ("Running", summary["running"]),
        ("Mode", summary["mode"]),
        ("Fan", summary["fan"]),
        ("Swing", summary["swing"]),
        ("Presets", ", ".join(presets) or "none"),
        ("Display", "on" if summary["display_on"] else "off"),
        ("Error code", _error_code(summary["error_code"])),
        ("Power", _reading(summary.get("power_w"), "{:.0f} W")),
        ("Energy", _reading(summary.get("energy_kwh"), "{:.2f} kWh")),
        ("Humidity", _reading(summary.get("humidity"), "{:.0f} %")),
    ):
        if value is not None:
            print(f"  {label}: {value}", file=out)


def _reading(value: float | None, form: str) -> str | None:
    return None if value is None else form.format(value)


def run_offline(args: argparse.Namespace, out: TextIO) -> None:
    """--decode, --encode-query and --encode-set: no account, no network."""
    if not 1 <= args.msg_id <= 254:
        raise CliError("--msg-id must be between 1 and 254", ExitCode.USAGE)
    if args.decode is not None:
        try:
            description = describe_hex(args.decode)
        except MideaProtocolError as err:
            raise CliError(f"--decode: {err}", ExitCode.USAGE) from err
        print(json.dumps(description, indent=2), file=out)
    elif args.encode_query:
        print(build_query_frame(args.msg_id).hex(), file=out)
    else:
        state = apply_changes(default_state(), requested_changes(args))
        print(build_set_frame(state, message_id=args.msg_id, beep=args.beep).hex(), file=out)


def find_device(appliances: Sequence[Appliance], wanted: str) -> Appliance:
    """The unit whose id or (case-insensitive) name is ``wanted``; a name two units share is
    refused with their ids, never resolved to one of them."""
    for appliance in appliances:
        if appliance.id == wanted:
            return appliance
    named = [a for a in appliances if a.name.casefold() == wanted.casefold()]
    if len(named) > 1:
        ids = ", ".join(a.id for a in named)
        raise CliError(
            f"{len(named)} units are named {wanted!r} ({ids}); give --device the id",
            ExitCode.USAGE,
        )
    if not named:
        raise CliError(
            f"no device named or numbered {wanted!r} on this account", ExitCode.NO_SUCH_DEVICE
        )
    return named[0]


async def run_online(args: argparse.Namespace, out: TextIO, log: TextIO) -> ExitCode:
    """List, query and optionally control one unit, logging in only without a cached session."""
    account = args.account or os.environ.get("MIDEA_ACCOUNT")
    password = args.password or os.environ.get("MIDEA_PASSWORD")
    changes = requested_changes(args)
    if args.logout:
        if changes != AcChanges() or args.device or args.list_only or args.no_cache:
            raise CliError("--logout takes only the account, --app and --server", ExitCode.USAGE)
        return forget_session(args, account, out)
    if not account or not password:
        raise CliError(
            "an account and a password are needed (--account/--password)", ExitCode.USAGE
        )
    wants_control = changes != AcChanges()
    if wants_control and not args.device:
        raise CliError("--device is needed to control a unit", ExitCode.USAGE)
    cache = None if args.no_cache else session_cache_file(account, args.app, args.server)
    async with aiohttp.ClientSession() as session:
        msmarthome = PROFILES[args.app].is_msmarthome
        client = MideaCloudClient(
            session,
            account,
            password_digest(password),
            args.app,
            args.server,
            beep=args.beep,
            iam_digest=iam_digest(password) if msmarthome else None,
            device_id=login_device_id() if msmarthome else None,
        )
        if cache is not None:
            client.session_listener = partial(save_session, cache)
        stored = None if cache is None else load_session(cache)
        restored = stored is not None and client.restore_session(stored)
        if restored:
            if not args.json:
                print(f"Using the cached session (server: {client.server})", file=log)
        else:
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
                results[appliance.id] = {"id": appliance.id, "name": appliance.name,
                                         "online": appliance.online,
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
            results[appliance.id] = state_summary(appliance, state)
            if state is not None and client.has_readings and not wants_control:
                results[appliance.id] |= readings_summary(await _readings(client, appliance))
        if restored and client.stats.logins and not args.json:
            print(f"The cloud had ended the cached session; logged in again (server: "
                  f"{client.server})", file=log)  # fmt: skip
        _print_results(args, results, out)
        return code


def forget_session(args: argparse.Namespace, account: str | None, out: TextIO) -> ExitCode:
    """--logout: delete the cached session; the cloud has no logout, its session just ends."""
    if not account:
        raise CliError("--logout needs the account (--account or MIDEA_ACCOUNT)", ExitCode.USAGE)
    cache = session_cache_file(account, args.app, args.server)
    known = cache.exists()
    cache.unlink(missing_ok=True)
    print(
        ("Forgot the cached session" if known else "No cached session")
        + f" of {account}. The cloud's session ends when it expires or another login replaces"
        " it.",
        file=out,
    )
    return ExitCode.OK


async def _readings(client: MideaCloudClient, appliance: Appliance) -> LuaReadings:
    """Power, energy and humidity; none when the cloud cannot give them now."""
    try:
        return await client.read_readings(appliance.id)
    except MideaError as err:
        _LOGGER.debug("No power, energy or humidity for %s: %s", appliance.name, err)
        return LuaReadings()


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
        print(json.dumps(results, indent=2, ensure_ascii=False), file=out)
        return
    for summary in results.values():
        if args.list_only:
            status = "online" if summary["online"] else "offline"
            model = summary["model"] or "unknown model"
            print(f"{summary['name']} ({summary['id']}, {model}): {status}", file=out)
        else:
            print_human(summary, out)


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
    if isinstance(err, MideaDeviceQuotaError):
        return (
            "too many devices are signed in to this account (65027): sign out of the MSmartHome"
            " app on phones and tablets you no longer use, stop other programs that use this"
            " account, wait a few minutes, then try again",
            ExitCode.DEVICE_QUOTA,
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
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:  # argparse has printed the usage error, or the help
        return ExitCode.USAGE if exit_.code else ExitCode.OK
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
