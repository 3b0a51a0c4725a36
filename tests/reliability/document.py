"""docs/reliability.md's figures, generated from the results files the reliability tests write.

Each generated part of the document sits between ``<!-- NAME: start -->`` and ``<!-- NAME: end
-->``; ``generate`` rewrites every part from the results, ``python -m tests.reliability`` writes
the outcome, and test_document.py keeps the committed document equal to it.

``results/ci.json`` (scripts/test's run, deterministic, checked by the tests themselves) gives
the figures the document states as facts. ``results/soak.json`` (the last scripts/soak run) gives
the long runs' figures and everything that depends on the machine, labelled as that run's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import bounds
from .figures import CI_RESULTS, SOAK_RESULTS, Results, load
from .matrix import ROWS, matrix_key, render_table
from .scene import MSMARTHOME

DOC = Path(__file__).parents[2] / "docs" / "reliability.md"
MISSING = "—"
DASH = "\N{EN DASH}"
TIMES = "\N{MULTIPLICATION SIGN}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _machine(soak: Results) -> str:
    run = soak.get("run", {}).get("last")
    if not run:
        return "no scripts/soak run recorded yet"
    return (
        f"the last `scripts/soak` run: {run['date']}, {run['cpu']}, Python {run['python']}, "
        f"Home Assistant {run['home_assistant']}"
    )


def _span(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{low}" if low == high else f"{low}{DASH}{high}"


def commands(ci: Results, soak: Results) -> list[str]:
    """How long the runs take: only the last scripts/soak run's wall times, labelled."""
    run = soak.get("run", {}).get("last")
    days = [
        day["wall_seconds"] for day in soak.get("login_days", {}).values() if "wall_seconds" in day
    ]
    if not run:
        return ["No `scripts/soak` run is recorded yet, so no wall times are given here."]
    line = (
        f"Wall times depend on the machine; on that of {_machine(soak)}, it took {run['seconds']} s"
    )
    if days:
        line += (
            f", and one simulated day of the login-discipline test "
            f"{min(days):.0f}{DASH}{max(days):.0f} s"
        )
    return [line + "."]


def matrix(ci: Results, soak: Results) -> list[str]:
    """The fault matrix as the CI-size run observed it, on the legacy apps' cloud."""
    return render_table(ci.get("matrix", {}), ROWS).splitlines()


def msmarthome_matrix(ci: Results, soak: Results) -> list[str]:
    """The same rows on the MSmartHome cloud."""
    observed = ci.get("matrix", {})
    results = {
        row.key: observed[key] for row in ROWS if (key := matrix_key(MSMARTHOME, row)) in observed
    }
    return render_table(results, ROWS).splitlines()


def login_bounds(ci: Results, soak: Results) -> list[str]:
    """What the login-discipline test asserts (from bounds.py)."""
    return [
        f"* at most {bounds.MAX_LOGINS_A_DAY} login attempts in the simulated day; "
        + bounds.MAX_LOGINS_A_DAY_WHY,
        f"* never more than {bounds.LOGIN_BUDGET} attempts within any 60 minutes: no loop;",
    ]


def login_days(ci: Results, soak: Results) -> list[str]:
    """One row per simulated day: CI's from ci.json, the others from the last soak run."""
    rows = []
    days: dict[str, tuple[dict[str, Any], str]] = {
        seed: (day, "`scripts/test`") for seed, day in ci.get("login_days", {}).items()
    }
    for seed, day in soak.get("login_days", {}).items():
        if seed not in days:
            days[seed] = (day, "`scripts/soak`")
        elif _same_day(days[seed][0], day):
            days[seed] = (days[seed][0], "`scripts/test` and `scripts/soak`")
        else:
            days[f"{seed} (soak)"] = (day, "`scripts/soak` (differs from `scripts/test`)")
    for seed, (day, run_by) in sorted(days.items()):
        rows.append(
            [
                seed,
                str(day["login_attempts"]),
                str(day["answered_7610"]),
                str(day["most_in_an_hour"]),
                str(day["during_blocks"]),
                str(day["episodes"]),
                str(day["commands"]),
                str(day["recovery_polls"]),
                run_by,
            ]
        )
    lines = _table(
        [
            "seed",
            "login attempts",
            "answered 7610",
            "most in any hour",
            "during a block",
            "episodes",
            "commands",
            "polls to recover",
            "run by",
        ],
        rows,
    )
    if days:
        all_days = [day for day, _ in days.values()]
        lines += [
            "",
            f"So {_span([day['login_attempts'] for day in all_days])} login attempts a day "
            f"under heavy trouble (the bound is {bounds.MAX_LOGINS_A_DAY}), at most "
            f"{max(day['most_in_an_hour'] for day in all_days)} in any hour, and "
            f"{sum(day['during_blocks'] for day in all_days)} during a block.",
        ]
    return lines


def _same_day(ci_day: dict[str, Any], soak_day: dict[str, Any]) -> bool:
    return all(soak_day.get(key) == value for key, value in ci_day.items() if key != "test")


def _requests(cycles: list[dict[str, int]]) -> str:
    distinct = {tuple(sorted(cycle.items())) for cycle in cycles}
    text = "; ".join(
        ", ".join(f"{path.rsplit('/v1/', 1)[-1]} {count}" for path, count in cycle)
        for cycle in sorted(distinct)
    )
    return text + (" (every cycle)" if len(distinct) == 1 else " (differs between cycles)")


def load_counts(ci: Results, soak: Results) -> list[str]:
    """The load test's counts, as the CI-size run saw them."""
    rows = [
        [
            f"{entry['accounts']} {TIMES} {entry['units']}",
            str(entry["cycles"]),
            _requests(entry["requests_per_cycle"]),
            str(entry["units_not_queried_once"]),
            ", ".join(map(str, entry["peak_in_flight"])),
            str(entry["blocking_calls"]),
        ]
        for entry in ci.get("load", {}).values()
    ]
    return _table(
        [
            f"accounts {TIMES} units",
            "cycles",
            "requests per cycle",
            "units not queried exactly once",
            "peak in flight per account",
            "blocking calls",
        ],
        rows,
    )


def load_times(ci: Results, soak: Results) -> list[str]:
    """The load test's wall times: only the last scripts/soak run's, labelled."""
    rows = [
        [
            f"{entry['accounts']} {TIMES} {entry['units']}",
            f"{entry['cycle_median_s']:.2f} s (median of {entry['cycles']})",
            f"{entry['floor_s']:.2f} s",
            f"{entry['slowest_cycle_per_floor']:.3f}",
            f"{entry['stall_ms']:.1f} ms",
        ]
        for entry in soak.get("load", {}).values()
        if "cycle_median_s" in entry
    ]
    return [
        f"Wall times of {_machine(soak)} (they depend on the machine; the test asserts only "
        "the slowest cycle ÷ floor, at most "
        + ", ".join(
            f"{bound} for {accounts} {TIMES} {units}"
            for (accounts, units), bound in bounds.MAX_CYCLE_PER_FLOOR.items()
        )
        + "; bounds.py says why):",
        "",
        *_table(
            [
                f"accounts {TIMES} units",
                "poll cycle",
                f"floor: ⌈units / 4⌉ {TIMES} {bounds.ROUND_TRIP * 1000:.0f} ms",
                "slowest cycle ÷ floor",
                "longest event-loop stall",
            ],
            rows,
        ),
    ]


def soak_table(ci: Results, soak: Results) -> list[str]:
    """The soak runs: scripts/test's (counts only) and the last scripts/soak run's (memory too)."""
    rows = []
    for name, results in (("`scripts/test`", ci), ("`scripts/soak`", soak)):
        day = results.get("soak", {}).get("day")
        if day is None:
            continue
        rows.append(
            [
                name,
                f"{day['hours']} h after a {day['warm_up_hours']} h warm-up",
                str(day["seed"]),
                f"{day['retained_kib']} KiB" if "retained_kib" in day else "not recorded",
                f"{day['outside_harness_kib']} KiB" if "outside_harness_kib" in day else MISSING,
                str(day["login_attempts"]),
                str(day["episodes"]),
                str(day["commands"]),
            ]
        )
    return [
        *_table(
            [
                "run",
                "simulated",
                "seed",
                "memory still allocated",
                "of it outside the test harness",
                "login attempts",
                "episodes",
                "commands",
            ],
            rows,
        ),
        "",
        f"Memory depends on the Python and library builds, so it is recorded only by "
        f"`scripts/soak` ({_machine(soak)}); the test asserts "
        f"{bounds.MAX_GROWTH_KIB[False]} KiB at most for the {bounds.SOAK_HOURS[False]} h "
        f"run and {bounds.MAX_GROWTH_KIB[True]} KiB for the {bounds.SOAK_HOURS[True]} h run: "
        + bounds.MAX_GROWTH_WHY,
    ]


PARTS: dict[str, Callable[[Results, Results], list[str]]] = {
    "run times": commands,
    "fault matrix": matrix,
    "msmarthome fault matrix": msmarthome_matrix,
    "login bounds": login_bounds,
    "login days": login_days,
    "load counts": load_counts,
    "load times": load_times,
    "soak": soak_table,
}


def generate(text: str, ci: Results, soak: Results) -> str:
    """``text`` with every generated part rewritten from the results."""
    for name, render in PARTS.items():
        start, end = f"<!-- {name}: start -->\n", f"<!-- {name}: end -->\n"
        if text.count(start) != 1 or text.count(end) != 1:
            raise ValueError(f"{DOC.name} needs exactly one {start.strip()} and {end.strip()}")
        before, rest = text.split(start)
        _, after = rest.split(end)
        text = before + start + "\n".join(render(ci, soak)) + "\n" + end + after
    return text


def committed() -> str:
    """The document as the committed results generate it."""
    return generate(DOC.read_text(encoding="utf-8"), load(CI_RESULTS), load(SOAK_RESULTS))
