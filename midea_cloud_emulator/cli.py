"""``python -m midea_cloud_emulator``: run the emulated cloud with a demo account."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
import logging
import signal
import sys

from .apps import APP_PROFILES, DEFAULT_APP
from .capabilities import PROFILES as CAPABILITY_PROFILES, CapabilityProfile
from .demo import add_demo_units
from .emulator import CloudEmulator, is_loopback_host
from .faults import Fault, FaultKind
from .regions import REGION_ORIGINS, profile_for_key, region_for

_FAULT_HELP = (
    "arm a fault: KIND[:key=value,...], KIND one of "
    + ", ".join(kind.value for kind in FaultKind)
    + "; keys count (a number or 'always'), path, appliance_id, code, status, delay, deliver, after"
)


def _loopback(host: str) -> str:
    if not is_loopback_host(host):
        raise argparse.ArgumentTypeError(f"{host!r} is not a loopback host")
    return host


def _probability(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _fault_spec(text: str) -> Fault:
    """Parse KIND[:key=value,...] into a fault."""
    kind_text, _, options = text.partition(":")
    try:
        fault = Fault(FaultKind(kind_text.strip().lower()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"unknown fault kind {kind_text!r}") from None
    for option in filter(None, options.split(",")):
        key, _, value = option.partition("=")
        key = key.strip()
        try:
            if key == "count":
                fault.count = None if value == "always" else int(value)
            elif key == "code":
                fault.code = int(value)
            elif key == "status":
                fault.status = int(value)
            elif key == "after":
                fault.after = int(value)
            elif key == "delay":
                fault.delay = float(value)
            elif key == "deliver":
                fault.deliver = value.lower() in {"1", "true", "yes"}
            elif key == "path":
                fault.path = value
            elif key == "appliance_id":
                fault.appliance_id = value
            else:
                raise argparse.ArgumentTypeError(f"unknown fault option {key!r}")
        except ValueError:
            raise argparse.ArgumentTypeError(f"bad value for {key!r}: {value!r}") from None
    return fault


def _capability_profiles(text: str) -> list[CapabilityProfile | None]:
    """Parse NAME[,NAME...] into profiles; ``none`` is a unit that does not answer 0xB5."""
    profiles: list[CapabilityProfile | None] = []
    for name in (part.strip() for part in text.split(",")):
        if name == "none":
            profiles.append(None)
        elif name in CAPABILITY_PROFILES:
            profiles.append(CAPABILITY_PROFILES[name])
        else:
            known = ", ".join([*CAPABILITY_PROFILES, "none"])
            raise argparse.ArgumentTypeError(f"unknown profile {name!r}; known: {known}")
    return profiles


def build_parser() -> argparse.ArgumentParser:
    """The command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m midea_cloud_emulator",
        description="Run the emulated Midea mapp and MSmartHome clouds on loopback with a demo"
        " account.",
    )
    parser.add_argument("--host", type=_loopback, default="127.0.0.1", help="loopback host")
    parser.add_argument(
        "--port",
        type=int,
        default=8765,
        help="first port; the regions use port .. port + 4 (0: any)",
    )
    parser.add_argument("--devices", type=int, default=3, help="number of demo units")
    parser.add_argument(
        "--capabilities",
        type=_capability_profiles,
        default=[],
        metavar="PROFILE[,PROFILE...]",
        help="0xB5 profiles of the first demo units, in order: "
        + ", ".join([*CAPABILITY_PROFILES, "none"])
        + " (default: none, the unit does not answer)",
    )
    parser.add_argument("--account", default="demo@example.com", help="demo account e-mail")
    parser.add_argument("--password", default="demo-password", help="demo account password")
    parser.add_argument("--app", choices=sorted(APP_PROFILES), default=DEFAULT_APP)
    parser.add_argument(
        "--region",
        choices=list(REGION_ORIGINS),
        default=None,
        help="the demo account's region (default: mapp; mp-prod for --app msmarthome)",
    )
    parser.add_argument(
        "--msmarthome-account",
        metavar="EMAIL",
        help="also add this MSmartHome account (region mp-prod) with the same demo units",
    )
    parser.add_argument(
        "--msmarthome-password",
        default="demo-password",
        help="password of --msmarthome-account",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of ids, keys and random faults")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    parser.add_argument(
        "--random-3176", type=_probability, default=0.0, help="probability of a relay 3176"
    )
    parser.add_argument("--session-ttl", type=float, default=3600.0, help="session lifetime (s)")
    parser.add_argument("--login-limit", type=int, default=10, help="logins per hour before 7610")
    parser.add_argument(
        "--legacy-relay-works", action="store_true", help="let the old relay answer (not 1000)"
    )
    parser.add_argument("--fault", type=_fault_spec, action="append", default=[], help=_FAULT_HELP)
    return parser


def _demo_accounts(args: argparse.Namespace) -> list[tuple[str, str]]:
    """(e-mail, password) of every demo account, the --account one first."""
    accounts = [(args.account, args.password)]
    if args.msmarthome_account:
        accounts.append((args.msmarthome_account, args.msmarthome_password))
    return accounts


def _banner(emulator: CloudEmulator, args: argparse.Namespace) -> str:
    lines = ["Midea cloud emulator running; press Ctrl-C to stop.", "Servers:"]
    lines += [
        f"  {region:<10} {url}  (stands in for {REGION_ORIGINS[region]})"
        for region, url in emulator.urls.items()
    ]
    for email, password in _demo_accounts(args):
        account = emulator.account(email)
        lines.append(
            f"Demo account: {email}  password: {password}  app: {account.app}"
            f"  region: {account.region}"
        )
        lines += [
            f"  unit {unit.appliance_id}  {unit.name}"
            + (f"  (capabilities: {unit.capabilities.name})" if unit.capabilities else "")
            for unit in account.units.values()
        ]
    return "\n".join(lines)


async def serve(args: argparse.Namespace) -> None:
    """Start the emulator, print where it listens, and run until SIGINT or SIGTERM."""
    emulator = CloudEmulator(
        seed=args.seed,
        session_ttl=args.session_ttl,
        login_limit_per_hour=args.login_limit,
        legacy_relay_works=args.legacy_relay_works,
    )
    emulator.add_account(args.account, args.password, app=args.app, region=args.region)
    if args.msmarthome_account:
        emulator.add_account(args.msmarthome_account, args.msmarthome_password, app="msmarthome")
    for email, _ in _demo_accounts(args):
        add_demo_units(emulator, email, args.devices, args.capabilities)
    emulator.faults.latency = args.latency
    emulator.faults.random_3176 = args.random_3176
    emulator.faults.active.extend(args.fault)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    await emulator.start(args.host, args.port)
    try:
        print(_banner(emulator, args), flush=True)
        await stop.wait()
    finally:
        await emulator.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.region = region_for(profile_for_key(args.app), args.region)
    except ValueError as err:
        parser.error(str(err))
    if args.msmarthome_account == args.account:
        parser.error("--msmarthome-account must differ from --account")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger(__package__).setLevel(logging.DEBUG)  # one line per request
    try:
        asyncio.run(serve(args))
    except OSError as err:
        print(f"emulator: cannot listen: {err}", file=sys.stderr)
        return 1
    return 0
