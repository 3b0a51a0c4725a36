"""Run every benchmark, print the report and write it (``scripts/bench`` calls this).

Usage: .venv/bin/python -m benchmarks.run [--quick] [--output PATH]
Without --quick the report goes to docs/performance.md; --quick only prints (and writes to
--output when given), with short runs and a 20 ms emulated round trip.
"""

from __future__ import annotations

import argparse
import asyncio
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
from .report import Results, render

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
    polls = {}
    for units in config.poll_units:
        _step(f"poll cycle: {units} units")
        polls[units] = (
            await poll_cycle.through_home_assistant(units, config.latency, config.repeats),
            await poll_cycle.through_client(units, config.latency, config.repeats, 4),
            await poll_cycle.through_client(units, config.latency, config.repeats, 1),
        )
    _step("command latency")
    command = await command_latency.measure(config.latency, config.repeats)
    _step(f"cloud budget: {config.budget_hours} simulated hours")
    budget = await cloud_budget.measure(config.budget_units, config.budget_hours)
    _step("peer on the same work: midea-beautiful-air")
    peer = await _peer_poll(config)
    _step("footprint")
    setup = await footprint.setup_time(config.footprint_units, config.latency, config.repeats)
    setup_cpu = await footprint.setup_time(config.footprint_units, 0.0, config.repeats)
    memory = await footprint.memory_per_account(config.footprint_units)
    hold = await footprint.longest_hold(config.hold_units, config.latency)
    return Results(
        config_name=config.name,
        repeats=config.repeats,
        latency=config.latency,
        machine=machine.facts(),
        codec=codec,
        polls=polls,
        command=command,
        budget=budget,
        peer=peer,
        setup=setup,
        setup_cpu=setup_cpu,
        memory=memory,
        hold=hold,
        hold_units=config.hold_units,
        footprint_units=config.footprint_units,
        seconds=time.perf_counter() - started,
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


if __name__ == "__main__":
    main()
