"""Run sizes, and the figures the reliability tests observe.

``MIDEA_LONG=1`` selects the long variants (scripts/soak); ``MIDEA_SOAK_SEED`` another day.

Every test hands what it observed to ``observe``. At the end of the pytest session the figures
are printed and written to a results file (``python -m tests.reliability`` turns the results
files into the tables of docs/reliability.md):

* a CI-size run with the default seed writes ``results/ci.json``. Its figures are deterministic
  (seeded days in simulated time, counts): each test also checks that what it observed equals
  the committed file, so a change of behaviour fails until the file and the document say so;
* a ``MIDEA_LONG=1`` run (scripts/soak) with the default seed writes ``results/soak.json``,
  including figures that depend on the machine (wall times, memory); the document labels them
  as the last scripts/soak run's;
* a run with another seed writes only to ``MIDEA_FIGURES_OUT`` when that is set (measuring other
  days without touching the committed files).
"""

from __future__ import annotations

from datetime import UTC, datetime
import json
import os
from pathlib import Path
import platform
from typing import Any

LONG = os.environ.get("MIDEA_LONG") == "1"
DEFAULT_SEED = 2026
SEED = int(os.environ.get("MIDEA_SOAK_SEED", str(DEFAULT_SEED)))
SOAK_HOURS = 24 if LONG else 2  # bounds.SOAK_HOURS names the same sizes
LOGIN_DAY_HOURS = 24
LOGIN_DAYS = [SEED + day for day in range(5 if LONG else 1)]

RESULTS = Path(__file__).parent / "results"
CI_RESULTS = RESULTS / "ci.json"
SOAK_RESULTS = RESULTS / "soak.json"

Figures = dict[str, Any]
Results = dict[str, dict[str, Figures]]


def load(path: Path) -> Results:
    """A results file, or nothing when it does not exist."""
    if not path.exists():
        return {}
    results: Results = json.loads(path.read_text(encoding="utf-8"))
    return results


def dump(results: Results) -> str:
    """A results file's text: stable, so that an identical run leaves the file unchanged."""
    return json.dumps(results, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def results_file() -> Path | None:
    """Where this run's figures go (None: printed only)."""
    if SEED == DEFAULT_SEED:
        return SOAK_RESULTS if LONG else CI_RESULTS
    out = os.environ.get("MIDEA_FIGURES_OUT")
    return Path(out) if out else None


COMMITTED: Results = load(CI_RESULTS)  # read before this run writes anything
OBSERVED: Results = {}
LINES: list[str] = []
UPDATE_HINT = (
    "the results file now holds what this run observed: review `git diff tests/reliability/"
    "results`, then regenerate docs/reliability.md with `.venv/bin/python -m tests.reliability`"
)


def observe(section: str, key: str, figures: Figures, *, varying: Figures | None = None) -> None:
    """Keep what a test observed. ``figures`` must be the same on every run and machine;
    ``varying`` may differ (wall times, memory): it is written only by a MIDEA_LONG run."""
    entry = OBSERVED.setdefault(section, {}).setdefault(key, {})
    entry.update(figures)
    if varying is not None and LONG:
        entry.update(varying)


def report(line: str) -> None:
    """A line for the summary at the end of the pytest run."""
    LINES.append(line)


def assert_as_committed(section: str, key: str) -> None:
    """At CI size and the default seed, what the test observed is what results/ci.json holds."""
    if LONG or SEED != DEFAULT_SEED:
        return
    observed = {k: v for k, v in OBSERVED[section][key].items() if k != "test"}
    committed = {k: v for k, v in COMMITTED.get(section, {}).get(key, {}).items() if k != "test"}
    # JSON has no tuples: compare as the file will hold them
    assert json.loads(json.dumps(observed)) == committed, (
        f"{section} {key}: observed {observed}, results/ci.json holds {committed}; {UPDATE_HINT}"
    )


def note_outcome(section: str, key: str, passed: bool) -> None:
    """The test's own result, shown in the document next to its figures."""
    OBSERVED.setdefault(section, {}).setdefault(key, {})["test"] = "pass" if passed else "fail"


def machine() -> Figures:
    """Where and when a machine-dependent run ran."""
    from homeassistant.const import __version__ as ha_version

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "home_assistant": ha_version,
    }


def write(seconds: float) -> Path | None:
    """Merge this run's figures into its results file; return the file (None: not written)."""
    path = results_file()
    if path is None or not OBSERVED:
        return None
    results = load(path)
    for section, entries in OBSERVED.items():
        results.setdefault(section, {}).update(entries)
    if path != CI_RESULTS:
        results["run"] = {"last": {**machine(), "seconds": round(seconds)}}
    text = dump(results)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path
