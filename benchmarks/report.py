"""The Markdown report of one benchmark run: tables, goals, explanations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
import math

from custom_components.midea_cloud.codec.units import STATE_MAX_AGE
from custom_components.midea_cloud.const import (
    CONFIRMATION_DELAY,
    POLL_INTERVAL,
    READINGS_INTERVAL,
    RELAY_CONCURRENCY,
    UNIT_LIST_INTERVAL,
)

from .cloud_budget import BudgetResult
from .codec_compare import CodecComparison
from .command_latency import STALE_AFTER, CommandResult
from .emulated import APPS, LIST_PATH, MIDEA_AIR, App
from .footprint import POLLS as FOOTPRINT_POLLS, MemoryResult, SetupResult
from .loop_monitor import LongestCallback
from .peer_poll import PeerPollResult
from .poll_cycle import PollCycles, PollResult
from .timing import BEST_OF
from .vectors import STAGE_NAMES

CONCURRENCY = RELAY_CONCURRENCY
POLL_GOAL = 1.10
END_TO_END = ("one query, end to end", "one SET, end to end")


@dataclass(frozen=True)
class CodecDetails:
    """µs per call of the pieces the notes below the codec table explain, from the same run."""

    check_frame: float
    parse_frame: float
    state_body: float
    state_fields: int
    aes_new: float
    cryptography_encrypt: float | None
    cryptography_decrypt: float | None
    set_frame_bytes: int


@dataclass(frozen=True)
class Results:
    """Everything one run measured."""

    config_name: str
    repeats: int
    latency: float
    machine: dict[str, str]
    codec: CodecComparison
    polls: list[PollCycles]
    command: dict[str, CommandResult]
    budgets: list[BudgetResult]
    """Steady state, one per cloud, the legacy cloud's first."""
    budget_offline: BudgetResult
    peer: dict[str, object]
    setup: SetupResult
    setup_cpu: SetupResult
    memory: MemoryResult
    hold: dict[str, LongestCallback]
    hold_units: int
    footprint_units: int
    seconds: float
    codec_number: int
    details: CodecDetails

    @property
    def budget(self) -> BudgetResult:
        """The legacy cloud's steady state, which the offline run is compared with."""
        return self.budgets[0]

    def polls_of(self, app: App) -> list[PollCycles]:
        """The poll cycles measured on ``app``'s cloud, by number of units."""
        return [cycles for cycles in self.polls if cycles.app == app]


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


def _codec_section(results: Results) -> list[str]:
    codec = results.codec
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
        f"µs per operation: each repeat is the best of {BEST_OF} runs of "
        f"{results.codec_number} calls, the table the median of the {results.repeats} "
        "repeat(s); each peer timed in its own venv "
        "(`benchmarks/.venv-peers`) between our repeats, on the same frame, keys and CSV text. "
        '"peer ÷ ours" above 1 means ours is faster. Where a peer has no '
        "stage, its end-to-end rows add up only the stages it has, and are compared with ours on "
        "those same stages.",
        "",
    ]
    if codec.unavailable:
        lines += [f"Peers not measured: {codec.unavailable}", ""]
    return [*lines, *_table(header, rows), "", *_codec_notes(results)]


def _slower_stages(codec: CodecComparison) -> dict[str, list[str]]:
    """For each stage, the peers that were faster than ours on it in this run."""
    slower: dict[str, list[str]] = {}
    for peer, result in codec.peers.items():
        for stage in STAGE_NAMES:
            theirs = result.stages[stage]
            if theirs is not None and theirs < _ours_on_same_stages(codec, peer, stage):
                slower.setdefault(stage, []).append(peer)
    return slower


def _codec_notes(results: Results) -> list[str]:
    """What explains the codec table, every figure from this run."""
    codec, d = results.codec, results.details
    slower = _slower_stages(codec)
    query, command = (codec.ours[stage] for stage in END_TO_END)
    round_trip_us = results.latency * 1e6
    parse_peers = slower.get("parse C0 state", [])
    lines = [
        (
            f"Parsing a reply: {' and '.join(parse_peers)} "
            f"{'was' if len(parse_peers) == 1 else 'were'} faster than ours in this run. "
            if parse_peers
            else "Parsing a reply: no peer was faster than ours in this run. "
        )
        + "Ours validates the length byte, the checksum, the body check byte (CRC-8 or body "
        "sum, D12), the device and body types, and returns an immutable `AcState`; "
        "midea-beautiful-air checks nothing, msmart-ng checks the checksum and CRC but fills a "
        f"mutable object. Measured in this run: `check_frame` {d.check_frame:.2f} µs, "
        f"`parse_frame` (which calls `check_frame` and allocates the `Frame`) "
        f"{d.parse_frame:.2f} µs, and `parse_state_body` (the frozen {d.state_fields}-field "
        f"`AcState`) {d.state_body:.2f} µs. End to end, a query costs {query:.1f} µs and a SET "
        f"{command:.1f} µs next to a {_ms(results.latency)} round trip "
        f"({query / round_trip_us:.3%} and {command / round_trip_us:.3%} of it).",
        "",
    ]
    crypto_peers = sorted(
        set(slower.get("encrypt (AES-CBC + hex)", []) + slower.get("decrypt (hex + AES-CBC)", []))
    )
    aes = (
        "the codec uses pycryptodome for AES, a project requirement, and "
        f"pycryptodome's `AES.new` costs {d.aes_new:.2f} µs per message in this run, while "
        "midea-beautiful-air uses `cryptography` (OpenSSL)."
    )
    if d.cryptography_encrypt is not None and d.cryptography_decrypt is not None:
        faster_than = [
            peer
            for peer, result in codec.peers.items()
            if all(
                (theirs := result.stages[stage]) is None or ours < theirs
                for stage, ours in (
                    ("encrypt (AES-CBC + hex)", d.cryptography_encrypt),
                    ("decrypt (hex + AES-CBC)", d.cryptography_decrypt),
                )
            )
        ]
        aes += (
            f" The same two stages written with `cryptography` took {d.cryptography_encrypt:.2f} "
            f"and {d.cryptography_decrypt:.2f} µs in this run ("
            + (f"faster than {' and '.join(faster_than)}" if faster_than else "faster than no peer")
            + "); the codec does not use them."
        )
    end_to_end_slower = [stage for stage in END_TO_END if stage in slower]
    aes += (
        " End to end the codec was faster than every peer measured in this run."
        if codec.peers and not end_to_end_slower
        else ""
    )
    lines += [
        (
            f"Encrypt and decrypt: {' and '.join(crypto_peers)} "
            f"{'was' if len(crypto_peers) == 1 else 'were'} faster on them in this run: "
            if crypto_peers
            else "Encrypt and decrypt: no peer was faster on them in this run; "
        )
        + aes,
        "",
    ]
    return lines


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


READINGS_EVERY = round(READINGS_INTERVAL / POLL_INTERVAL)


def _readings_chain(cycles: PollCycles) -> int:
    """Readings requests one unit sends after its query, one after the other, in this run."""
    assert cycles.readings is not None
    extra = cycles.readings.requests - cycles.home_assistant.requests
    return math.ceil(extra / cycles.units)


def _readings_floor(cycles: PollCycles, latency: float) -> float:
    return _floor(cycles.units, latency) + _readings_chain(cycles) * latency


def _poll_rows(cycles: PollCycles, latency: float) -> list[list[str]]:
    units, ha = cycles.units, cycles.home_assistant
    parallel, sequential = cycles.parallel, cycles.sequential
    floor = _floor(units, latency)
    trips = math.ceil(units / CONCURRENCY)
    plain = (
        "every poll"
        if cycles.readings is None
        else (f"{READINGS_EVERY - 1} in {READINGS_EVERY}: queries")
    )
    rows = [
        [
            cycles.app.name,
            str(units),
            plain,
            f"{trips} x {_ms(latency)} = {_ms(floor)}",
            _ms(ha.wall),
            f"{ha.requests:g}",
            f"{ha.requests / units:.2g}",
            f"{ha.wall / floor:.3f}",
            _ms(parallel.wall),
            _ms(sequential.wall),
            f"{sequential.wall / ha.wall:.1f}",
        ]
    ]
    if (readings := cycles.readings) is not None:
        chain = _readings_chain(cycles)
        floor = _readings_floor(cycles, latency)
        rows.append(
            [
                cycles.app.name,
                str(units),
                f"1 in {READINGS_EVERY}: queries + readings",
                f"({trips} + {chain}) x {_ms(latency)} = {_ms(floor)}",
                _ms(readings.wall),
                f"{readings.requests:g}",
                f"{readings.requests / units:.2g}",
                f"{readings.wall / floor:.3f}",
                "—",
                "—",
                "—",
            ]
        )
    return rows


def _poll_section(results: Results) -> list[str]:
    rows = [row for cycles in results.polls for row in _poll_rows(cycles, results.latency)]
    header = [
        "cloud",
        "units",
        "poll",
        "floor",
        "Home Assistant poll",
        "requests",
        "per unit",
        "÷ floor",
        f"client, {CONCURRENCY} in flight",
        "client, sequential",
        "sequential ÷ HA",
    ]
    readings = next(cycles for cycles in results.polls if cycles.readings is not None)
    assert readings.app.readings_path is not None
    return [
        "## Poll cycle",
        "",
        f'One poll of every unit at {_ms(results.latency)} emulated round trip. "Home Assistant '
        'poll" is the real coordinator in a Home Assistant test instance, its next scheduled '
        "poll fired with `async_fire_time_changed` (the integration's own concurrency, "
        f"{CONCURRENCY} relay requests in flight). The client columns run `MideaCloudClient` "
        "alone with all units queried at once, as the coordinator does, with "
        f"`relay_concurrency={CONCURRENCY}` and the sequential baseline `relay_concurrency=1`. "
        f"Floor = ceil(units / {CONCURRENCY}) round trips. Requests are per poll: on "
        f"{MIDEA_AIR.name} all of them `{MIDEA_AIR.send_path.removeprefix('/v1/')}`, on "
        f"{readings.app.name} `{readings.app.send_path.removeprefix('/v1/')}` (the queries) "
        f"and `{readings.app.readings_path.removeprefix('/v1/')}` (the readings).",
        "",
        f"An {readings.app.name} account also has its units' power, energy and humidity read "
        f"every {_minutes(READINGS_INTERVAL)} minutes, that is at every {READINGS_EVERY}th "
        "poll, each unit's right after its query; the other polls only query. Every "
        f"{readings.app.name} unit here has all three readings, so a readings poll costs the "
        f"most it can ({_readings_chain(readings)} Lua status requests per unit, one after the "
        "other; a unit without a reading costs fewer, one without any none). The readings "
        f"requests do not wait for the {CONCURRENCY} relay slots, so the floor of a readings "
        f"poll is ceil(units / {CONCURRENCY}) + {_readings_chain(readings)} round trips. To "
        "reach a readings poll, Home Assistant's and the client's clocks are frozen and moved "
        f"on {_minutes(READINGS_INTERVAL)} minutes (the event loop keeps real time); the unit "
        f"list is read again every {_minutes(UNIT_LIST_INTERVAL)} minutes, so every other "
        "readings poll also reads the list: those are left out here (see the cloud budget "
        "for the whole day). The client columns are queries only.",
        "",
        *_table(header, rows),
        "",
    ]


def _poll_ratios(results: Results, app: App) -> list[tuple[str, float]]:
    """(what, wall ÷ floor) of every Home Assistant poll measured on ``app``'s cloud."""
    ratios = []
    for cycles in results.polls_of(app):
        ha = cycles.home_assistant
        ratios.append((f"{cycles.units} units", ha.wall / _floor(cycles.units, results.latency)))
        if cycles.readings is not None:
            floor = _readings_floor(cycles, results.latency)
            ratios.append((f"{cycles.units} units with readings", cycles.readings.wall / floor))
    return ratios


def _poll_goal(results: Results, app: App) -> tuple[str, str]:
    cycles = results.polls_of(app)
    ratios = _poll_ratios(results, app)
    requests_ok = all(c.home_assistant.requests == c.units for c in cycles)
    measured = ", ".join(f"{what}: {ratio:.3f} x floor" for what, ratio in ratios)
    met = all(ratio <= POLL_GOAL for _, ratio in ratios) and requests_ok
    requests = "one request per unit" if requests_ok else "extra requests"
    if requests_ok and (with_readings := [c for c in cycles if c.readings is not None]):
        per_unit = sorted({c.readings.requests / c.units for c in with_readings if c.readings})
        requests += (
            f", {' or '.join(f'{value:g}' for value in per_unit)} per unit every "
            f"{READINGS_EVERY}th poll"
        )
    return f"{measured}; {requests}", "yes" if met else "no"


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
        "right after a poll; *stale*: the client's last state is "
        f"{STALE_AFTER.total_seconds():g} s old.",
        "",
        *_table(["state", "round trips", "time", "÷ round trip", "requests"], rows),
        "",
        f"docs/protocol.md §D10: a SET carries the whole state of the unit (the "
        f"{results.details.set_frame_bytes}-byte frame has no "
        '"leave unchanged"), so it is built from the latest state; when that state is older '
        f"than {STATE_MAX_AGE.total_seconds():g} s the client queries first. With the "
        f"{POLL_INTERVAL.total_seconds():g} s poll a command therefore cost "
        f"{results.command['fresh'].requests:g} round trip(s) in this run in the first "
        f"{STATE_MAX_AGE.total_seconds():g} s of each poll interval and "
        f"{results.command['stale'].requests:g} in the remaining "
        f"{(POLL_INTERVAL - STATE_MAX_AGE).total_seconds():g} s; the SET's own reply is the new "
        "state (no extra read before the card changes). The confirmation query "
        f"{CONFIRMATION_DELAY.total_seconds():g} s later is not part of the latency.",
        "",
    ]


def _count(paths: list[str]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for path in paths:
        counted[path] = counted.get(path, 0) + 1
    return counted


BUDGET_GOAL = 0.10


def _offline_ratio(results: Results) -> float:
    return results.budget_offline.requests_per_hour / results.budget.requests_per_hour


def _budget_row(label: str, budget: BudgetResult, steady: BudgetResult) -> list[str]:
    return [
        budget.app.name,
        label,
        f"{budget.requests_per_hour:.0f}",
        f"{budget.paths.get(LIST_PATH, 0) / budget.hours:.1f}",
        f"{budget.logins_per_day:.0f}",
        f"{budget.requests_per_hour / steady.requests_per_hour:.3f}",
    ]


def _polls_per_hour() -> int:
    return round(3600 / POLL_INTERVAL.total_seconds())


def _minutes(interval: timedelta) -> str:
    return f"{interval.total_seconds() / 60:g}"


def _sessions_ended(budget: BudgetResult) -> int:
    return math.floor(budget.hours / budget.session_hours)


def _steady_ok(budget: BudgetResult) -> bool:
    """At most one relay request per unit per poll, plus the daily capabilities query (one or
    two requests per unit a day), and no more logins than sessions the emulator ended."""
    sends = sum(count for path, count in budget.paths.items() if "transparent/send" in path)
    allowed = budget.units * _polls_per_hour() * budget.hours + 2 * budget.units * math.ceil(
        budget.hours / 24
    )
    return sends <= allowed and budget.logins <= _sessions_ended(budget)


def _budget_verdict(results: Results) -> str:
    steady = "yes" if _steady_ok(results.budget) else "no"
    offline = "yes" if abs(_offline_ratio(results) - 1) <= BUDGET_GOAL else "no"
    return f"steady: {steady}; offline: {offline} (explained below)"


def _budget_total(budget: BudgetResult) -> str:
    """What one cloud's steady-state total is made of."""
    app = budget.app
    login_requests = sum(
        count
        for path, count in budget.paths.items()
        if path in app.login_paths or path.startswith("/v1/user/login")
    )
    per_login = login_requests / budget.logins if budget.logins else 0
    readings = ""
    if app.readings_path is not None:
        readings_per_hour = budget.paths.get(app.readings_path, 0) / budget.hours
        polls = round(timedelta(hours=1) / READINGS_INTERVAL)
        readings = (
            f", the readings every {_minutes(READINGS_INTERVAL)} minutes ({budget.units} units x "
            f"{polls} readings polls x "
            f"{readings_per_hour / budget.units / polls:g} requests = {readings_per_hour:.0f} "
            "an hour)"
        )
    return (
        f"{app.name}: **{budget.requests_per_hour:.0f} requests per hour**, "
        f"**{budget.logins_per_day:.0f} logins per day** "
        f"({budget.units} units x {_polls_per_hour()} polls = "
        f"{budget.units * _polls_per_hour()} queries an hour{readings}, the unit list every "
        f"{_minutes(UNIT_LIST_INTERVAL)} minutes, and the logins: the emulator ends the session "
        f"every {budget.session_hours:g} h, {_sessions_ended(budget)} times in the "
        f"{budget.hours:g} h, and the run saw {budget.logins} logins, {per_login:g} requests "
        "each)."
    )


def _budget_section(results: Results) -> list[str]:
    budgets, offline = results.budgets, results.budget_offline
    budget = results.budget
    paths = list(dict.fromkeys(path for each in budgets for path in each.paths))
    rows = [
        [
            path,
            *(
                f"{each.paths[path] / each.hours:.1f}" if path in each.paths else "—"
                for each in budgets
            ),
        ]
        for path in paths
    ]
    scenarios = [
        _budget_row("all units online (steady state)", budget, budget),
        _budget_row(
            "one unit offline for a day" if offline.hours == 24 else "one unit offline",
            offline,
            budget,
        ),
        *(_budget_row("all units online (steady state)", each, each) for each in budgets[1:]),
    ]
    return [
        "## Cloud budget",
        "",
        f"One account with {budget.units} units on each cloud, {budget.hours:g} simulated hours "
        "after the set-up (Home Assistant's and the emulator's clocks frozen and moved one "
        f"minute at a time), emulated session lifetime {budget.session_hours:g} h.",
        "",
        *_table(["endpoint", *(f"{each.app.name} requests per hour" for each in budgets)], rows),
        "",
        *(line for each in budgets for line in (_budget_total(each), "")),
        "The real clouds' session lifetimes are not documented, so a longer lifetime means fewer "
        "logins.",
        "",
        f"The same run with one of the {budget.units} units offline (unplugged) from right after "
        f"the set-up to the end, on {budget.app.name}. While a unit is offline the unit list is "
        f"read again at each poll instead of every {_minutes(UNIT_LIST_INTERVAL)} minutes, so "
        "that the unit is polled within one poll of coming back; "
        "the offline unit itself is not queried, so that one list request takes the place of "
        f"its query. Goal: within {BUDGET_GOAL:.0%} of the steady state.",
        "",
        *_table(
            [
                "cloud",
                "account",
                "requests per hour",
                "unit list per hour",
                "logins per day",
                "÷ steady",
            ],
            scenarios,
        ),
        "",
    ]


def _peer_section(results: Results) -> list[str]:
    ours = results.peer["ours"]
    assert isinstance(ours, PollResult)
    rows = [
        [
            f"midea_cloud (`MideaCloudClient`, {CONCURRENCY} in flight)",
            _ms(ours.wall),
            f"{ours.requests:g}",
            "",
        ]
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
        "`legacy_relay_works=True`. It sends `funId=0000`, which docs/protocol.md §D6 and the "
        "emulator "
        "refuse; the first row shows what that did in this run, the second changes only that "
        "parameter (a subclass of its `MideaCloud`). Its client is synchronous and sends one "
        "request at a "
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
                    f"still held after set-up and {FOOTPRINT_POLLS} polls",
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
    poll = _poll_goal(results, MIDEA_AIR)
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
        [
            f"poll cycle within {(POLL_GOAL - 1) * 100:.0f} % of "
            f"ceil(units/{CONCURRENCY}) round trips",
            poll[0],
            poll[1],
        ],
        *(
            [
                f"{app.name}: poll cycle within {(POLL_GOAL - 1) * 100:.0f} % of its floor",
                *_poll_goal(results, app),
            ]
            for app in APPS[1:]
        ),
        [
            "command: one round trip",
            f"fresh state {fresh.requests:g} round trip, {fresh.milliseconds:.0f} ms; stale "
            f"{stale.requests:g}, {stale.milliseconds:.0f} ms",
            "yes (fresh); stale: explained (D10)" if fresh.requests == 1 else "no",
        ],
        [
            "cloud budget: one request per unit per poll, no wasted logins",
            f"{results.budget.requests_per_hour:.0f} requests/h, "
            f"{results.budget.logins_per_day:.0f} logins/day; one unit offline for "
            f"{results.budget_offline.hours:g} h: "
            f"{results.budget_offline.requests_per_hour:.0f} requests/h "
            f"({_offline_ratio(results):.3f} x steady)",
            _budget_verdict(results),
        ],
        *(
            [
                f"{each.app.name} cloud budget",
                f"{each.requests_per_hour:.0f} requests/h, {each.logins_per_day:.0f} logins/day",
                "steady: yes" if _steady_ok(each) else "steady: no",
            ]
            for each in results.budgets[1:]
        ),
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
        *_codec_section(results),
        *_poll_section(results),
        *_command_section(results),
        *_budget_section(results),
        *_peer_section(results),
        *_footprint_section(results),
    ]
    return "\n".join(lines).rstrip() + "\n"
