"""Rewrite the generated parts of docs/reliability.md from the committed results files.

Run from the repository root: .venv/bin/python -m tests.reliability
(tests/reliability/results/ci.json is written by every CI-size pytest run of tests/reliability,
results/soak.json by scripts/soak.)
"""

from __future__ import annotations

import custom_components.midea_cloud  # noqa: F401  (before the test harness's custom_components)

from .document import DOC, committed

DOC.write_text(committed(), encoding="utf-8")
print(f"rewrote the generated parts of {DOC}")
