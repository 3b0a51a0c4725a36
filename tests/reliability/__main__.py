"""Rewrite the fault-matrix table of docs/reliability.md from matrix.ROWS.

Run from the repository root: .venv/bin/python -m tests.reliability
"""

from __future__ import annotations

import custom_components.midea_cloud  # noqa: F401  (before the test harness's custom_components)

from .matrix import DOC, render_table

START, END = "<!-- fault matrix: start -->\n", "<!-- fault matrix: end -->\n"

text = DOC.read_text(encoding="utf-8")
before, rest = text.split(START)
_, after = rest.split(END)
DOC.write_text(before + START + render_table() + END + after, encoding="utf-8")
print(f"rewrote the fault matrix in {DOC}")
