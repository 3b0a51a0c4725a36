"""Run every benchmark, print the report and write it (``scripts/bench`` calls this).

Usage: .venv/bin/python -m benchmarks.run [--quick] [--output PATH]
Without --quick the report goes to docs/performance.md; --quick only prints (and writes to
--output when given), with short runs and a 20 ms emulated round trip.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import logging
from pathlib import Path
import sys
import time

from pytest_homeassistant_custom_component import patch_time  # noqa: F401  (freezable HA clock)

from . import (
    cloud_budget,
    codec_compare,
    command_latency,
    footprint,
    machine,
    peer_poll,
    poll_cycle,
)
from .emulated import APPS, MIDEA_AIR
from .report import CodecDetails, Results, render

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO / "docs" / "performance.md"


@dataclass(frozen=True)
class Config:
    """How long and how hard each benchmark runs."""

    name: str
    repeats: int
    codec_number: int
    latency: float
    poll_units: tuple[int, ...]
    budget_units: int
    budget_hours: int
    peer_units: int
    footprint_units: int
    hold_units: int


FULL = Config("full", 5, 10000, 0.150, (1, 10, 50), 5, 24, 10, 5, 50)
QUICK = Config("quick", 1, 200, 0.020, (1, 10, 50), 5, 2, 10, 5, 50)


def _step(name: str) -> None:
    print(f"==> {name}", file=sys.stderr, flush=True)


async def run(config: Config) -> Results:
    """Every benchmark, one after the other."""
    started = time.perf_counter()
    _step("codec cost: ours and the peers', interleaved")
    codec = await codec_compare.compare(config.codec_number, config.repeats)
    polls = []
    for app in APPS:
        for units in config.poll_units:
            _step(f"poll cycle: {app.name}, {units} units")
            polls.append(await poll_cycle.measure(app, units, config.latency, config.repeats))
    _step("command latency")
    command = await command_latency.measure(config.latency, config.repeats)
    budgets = []
    for app in APPS:
        _step(f"cloud budget: {app.name}, {config.budget_hours} simulated hours")
        budgets.append(
            await cloud_budget.measure(config.budget_units, config.budget_hours, app=app)
        )
    _step(
        f"cloud budget: {MIDEA_AIR.name}, {config.budget_hours} simulated hours, one unit offline"
    )
    budget_offline = await cloud_budget.measure(config.budget_units, config.budget_hours, offline=1)
    _step("peer on the same work: midea-beautiful-air")
    peer = await _peer_poll(config)
    _step("footprint")
    setup = await footprint.setup_time(config.footprint_units, config.latency, config.repeats)
    setup_cpu = await footprint.setup_time(config.footprint_units, 0.0, config.repeats)
    memory = await footprint.memory_per_account(config.footprint_units)
    hold = await footprint.longest_hold(config.hold_units, config.latency)
    _step("codec details for the report's notes")
    details = codec_details(config.codec_number, config.repeats)
    return Results(
        config_name=config.name,
        repeats=config.repeats,
        latency=config.latency,
        machine=machine.facts(),
        codec=codec,
        polls=polls,
        command=command,
        budgets=budgets,
        budget_offline=budget_offline,
        peer=peer,
        setup=setup,
        setup_cpu=setup_cpu,
        memory=memory,
        hold=hold,
        hold_units=config.hold_units,
        footprint_units=config.footprint_units,
        seconds=time.perf_counter() - started,
        codec_number=config.codec_number,
        details=details,
    )


def codec_details(number: int, repeats: int) -> CodecDetails:
    """The pieces the report's codec notes explain, timed like the stages (median of repeats)."""
    from dataclasses import fields  # noqa: PLC0415

    from Crypto.Cipher import AES  # noqa: PLC0415

    from custom_components.midea_cloud.codec.crypto import pkcs7_pad, pkcs7_unpad  # noqa: PLC0415
    from custom_components.midea_cloud.codec.frames import (  # noqa: PLC0415
        build_set_frame,
        check_frame,
        parse_frame,
    )
    from custom_components.midea_cloud.codec.model import AcState  # noqa: PLC0415
    from custom_components.midea_cloud.codec.state import parse_state_body  # noqa: PLC0415

    from .codec_cost import QUERY_TEXT, REPLY_HEX, STATE  # noqa: PLC0415
    from .timing import median, per_call_us  # noqa: PLC0415
    from .vectors import DATA_IV, DATA_KEY, REPLY_FRAME  # noqa: PLC0415

    body = parse_frame(REPLY_FRAME).body
    stages: dict[str, Callable[[], object]] = {
        "check_frame": lambda: check_frame(REPLY_FRAME),
        "parse_frame": lambda: parse_frame(REPLY_FRAME),
        "state_body": lambda: parse_state_body(body),
        "aes_new": lambda: AES.new(DATA_KEY, AES.MODE_CBC, iv=DATA_IV),
    }
    try:
        from cryptography.hazmat.primitives.ciphers import (  # noqa: PLC0415
            Cipher,
            algorithms,
            modes,
        )
    except ImportError:
        pass
    else:
        cipher = Cipher(algorithms.AES(DATA_KEY), modes.CBC(DATA_IV))

        def encrypt() -> str:
            encryptor = cipher.encryptor()
            return (encryptor.update(pkcs7_pad(QUERY_TEXT)) + encryptor.finalize()).hex()

        def decrypt() -> bytes:
            decryptor = cipher.decryptor()
            return pkcs7_unpad(decryptor.update(bytes.fromhex(REPLY_HEX)) + decryptor.finalize())

        stages["cryptography_encrypt"] = encrypt
        stages["cryptography_decrypt"] = decrypt
    runs = [
        {name: per_call_us(stage, number) for name, stage in stages.items()} for _ in range(repeats)
    ]
    timed = {name: median([run[name] for run in runs]) for name in stages}
    return CodecDetails(
        check_frame=timed["check_frame"],
        parse_frame=timed["parse_frame"],
        state_body=timed["state_body"],
        state_fields=len(fields(AcState)),
        aes_new=timed["aes_new"],
        cryptography_encrypt=timed.get("cryptography_encrypt"),
        cryptography_decrypt=timed.get("cryptography_decrypt"),
        set_frame_bytes=len(build_set_frame(STATE, message_id=1, beep=False)),
    )


async def _peer_poll(config: Config) -> dict[str, object]:
    """midea-beautiful-air as published, then with funId 0008; ours on the same units."""
    from .peers.runner import PeersUnavailableError  # noqa: PLC0415

    results: dict[str, object] = {}
    for label, adapt in (("as published", False), ("funId 0008", True)):
        try:
            results[label] = await peer_poll.midea_beautiful_air(
                config.peer_units, config.latency, config.repeats, adapt_fun_id=adapt
            )
        except PeersUnavailableError as err:
            results[label] = str(err)
    results["ours"] = await poll_cycle.through_client(
        config.peer_units, config.latency, config.repeats, 4
    )
    return results


def main() -> None:
    """Parse the arguments, run, print, write."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small fast run that only prints")
    parser.add_argument("--output", type=Path, help="where to write the report")
    parser.add_argument(
        "--require-peers",
        action="store_true",
        help="fail (exit 3) when a peer library could not be measured",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    config = QUICK if args.quick else FULL
    results = asyncio.run(run(config))
    text = render(results)
    print(text)
    output = args.output or (None if args.quick else DEFAULT_OUTPUT)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)
    if args.require_peers and (missing := peers_missing(results)):
        print(f"bench: the peers were not measured: {missing}", file=sys.stderr)
        sys.exit(3)


def peers_missing(results: Results) -> str | None:
    """Why a peer column or row of the report is empty (None: every peer was measured)."""
    if results.codec.unavailable or not results.codec.peers:
        return results.codec.unavailable or "no peer codec results"
    for label in ("as published", "funId 0008"):
        outcome = results.peer.get(label)
        if isinstance(outcome, str):
            return f"midea-beautiful-air, {label}: {outcome}"
    return None


if __name__ == "__main__":
    main()
