"""scripts/bench --quick works: it prints the whole report, with both peer libraries measured.
No timing is checked here.

The peers (msmart-ng, midea-beautiful-air) live in benchmarks/.venv-peers, apart from the
project's venv; ``scripts/bench --install-peers`` puts them there. A machine without them fails
this test: a report without its peer columns is not the report the project publishes."""

from __future__ import annotations

import os
from pathlib import Path
import subprocess

import pytest

from benchmarks.vectors import STAGE_NAMES

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = REPO / "docs" / "performance.md"
PEERS_PYTHON = REPO / "benchmarks" / ".venv-peers" / "bin" / "python"
INSTALL_HINT = (
    "the peer libraries msmart-ng and midea-beautiful-air are missing from "
    "benchmarks/.venv-peers; install them with `scripts/bench --install-peers` (it uses the uv "
    "that scripts/setup installs into ~/.cache/midea_cloud/uv)"
)
ROWS = [
    *(f"| {stage} |" for stage in STAGE_NAMES),
    *(f"| Midea Air | {units} | every poll |" for units in (1, 10, 50)),
    *(f"| MSmartHome | {units} | 4 in 5: queries |" for units in (1, 10, 50)),
    *(f"| MSmartHome | {units} | 1 in 5: queries + readings |" for units in (1, 10, 50)),
    "| fresh |",
    "| stale |",
    "| /v1/appliance/transparent/send/new |",
    "| /v1/appliance/transparent/send |",
    "| /v1/device/status/lua/get |",
    "| /mj/user/login |",
    "| midea_cloud (`MideaCloudClient`, 4 in flight) |",
    "| midea-beautiful-air, as published |",
    "| midea-beautiful-air, funId 0008 |",
    "| set-up of a 5-unit account at",
    "| peak memory of one more 5-unit account (tracemalloc) |",
    "| set-up |",
    "| poll |",
    "| command |",
    "| codec faster than both peers |",
    "| poll cycle within 10 % of ceil(units/4) round trips |",
    "| command: one round trip |",
    "| cloud budget: one request per unit per poll, no wasted logins |",
    "| MSmartHome: poll cycle within 10 % of its floor |",
    "| MSmartHome cloud budget |",
    "| Midea Air | all units online (steady state) |",
    "| Midea Air | one unit offline",
    "| MSmartHome | all units online (steady state) |",
    "| peer on the same work |",
    "| footprint |",
]


def test_the_published_report_has_every_row() -> None:
    """docs/performance.md was written by the report as it is now (a full run): every table
    row the report makes, MSmartHome's among them, is in it."""
    report = PUBLISHED.read_text(encoding="utf-8")
    missing = [row for row in ROWS if row not in report]
    assert not missing, f"regenerate docs/performance.md with scripts/bench: {missing}"
    assert "Run: full," in report


def test_the_peers_are_installed() -> None:
    """Both peer libraries import in their own venv."""
    if not PEERS_PYTHON.exists():
        pytest.fail(f"{PEERS_PYTHON} does not exist: {INSTALL_HINT}", pytrace=False)
    check = subprocess.run(  # noqa: S603
        [str(PEERS_PYTHON), "-c", "import msmart, midea_beautiful"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if check.returncode != 0:
        pytest.fail(f"{check.stderr.strip()[-500:]}\n{INSTALL_HINT}", pytrace=False)


def test_quick_run_prints_every_row(tmp_path: Path) -> None:
    published = PUBLISHED.read_bytes() if PUBLISHED.exists() else None
    output = tmp_path / "performance.md"
    # Coverage's subprocess measurement would only slow the run down.
    env = {key: value for key, value in os.environ.items() if not key.startswith("COVERAGE")}
    run = subprocess.run(  # noqa: S603
        [str(REPO / "scripts" / "bench"), "--quick", "--require-peers", "--output", str(output)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, f"{run.stderr[-3000:]}\n(if the peers are missing: {INSTALL_HINT})"
    report = output.read_text(encoding="utf-8")
    assert report.strip() in run.stdout
    missing = [row for row in ROWS if row not in report]
    assert not missing, missing
    assert "| set-up of a 5-unit account at 20 ms |" in report
    assert "Peers not measured" not in report
    assert "msmart-ng" in report.split("## Codec cost", 1)[1].split("\n\n", 3)[2]
    assert "| midea-beautiful-air, funId 0008 | not run |" not in report
    assert (PUBLISHED.read_bytes() if PUBLISHED.exists() else None) == published
