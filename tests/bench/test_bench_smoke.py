"""scripts/bench --quick works: it prints the whole report. No timing is checked here."""

from __future__ import annotations

import os
from pathlib import Path
import subprocess

from benchmarks.vectors import STAGE_NAMES

REPO = Path(__file__).resolve().parents[2]
PUBLISHED = REPO / "docs" / "performance.md"
ROWS = [
    *(f"| {stage} |" for stage in STAGE_NAMES),
    *(f"| {units} |" for units in (1, 10, 50)),
    "| fresh |",
    "| stale |",
    "| /v1/appliance/transparent/send/new |",
    "| midea_cloud (`MideaCloudClient`, 4 in flight) |",
    "| midea-beautiful-air, as published |",
    "| midea-beautiful-air, funId 0008 |",
    "| set-up of a 5-unit account at 20 ms |",
    "| peak memory of one more 5-unit account (tracemalloc) |",
    "| set-up |",
    "| poll |",
    "| command |",
    "| codec faster than both peers |",
    "| poll cycle within 10 % of ceil(units/4) round trips |",
    "| command: one round trip |",
    "| cloud budget: one request per unit per poll, no wasted logins |",
    "| peer on the same work |",
    "| footprint |",
]


def test_quick_run_prints_every_row(tmp_path: Path) -> None:
    published = PUBLISHED.read_bytes() if PUBLISHED.exists() else None
    output = tmp_path / "performance.md"
    # Coverage's subprocess measurement would only slow the run down.
    env = {key: value for key, value in os.environ.items() if not key.startswith("COVERAGE")}
    run = subprocess.run(  # noqa: S603
        [str(REPO / "scripts" / "bench"), "--quick", "--output", str(output)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = output.read_text(encoding="utf-8")
    assert report.strip() in run.stdout
    missing = [row for row in ROWS if row not in report]
    assert not missing, missing
    assert (PUBLISHED.read_bytes() if PUBLISHED.exists() else None) == published
