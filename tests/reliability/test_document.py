"""docs/reliability.md states what the tests observed: every figure in it is generated from the
committed results files (regenerate: .venv/bin/python -m tests.reliability)."""

from __future__ import annotations

from .document import DOC, PARTS, committed
from .figures import CI_RESULTS, load
from .matrix import ROWS


def test_the_document_is_generated_from_the_committed_results() -> None:
    """A figure edited by hand, or results not yet carried into the document, fail here."""
    assert DOC.read_text(encoding="utf-8") == committed(), (
        "docs/reliability.md differs from what tests/reliability/results generate: "
        "run .venv/bin/python -m tests.reliability"
    )


def test_every_part_is_generated() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [name for name in PARTS if f"<!-- {name}: start -->" not in text] == []


def test_the_ci_results_cover_every_matrix_row() -> None:
    """Each row of the matrix has the figures of a passing run behind it."""
    matrix = load(CI_RESULTS).get("matrix", {})
    assert {row.key: matrix.get(row.key, {}).get("test") for row in ROWS} == {
        row.key: "pass" for row in ROWS
    }
