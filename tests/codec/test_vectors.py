"""Every public vector is used by a golden test in this directory."""

from __future__ import annotations

from pathlib import Path

from .helpers import all_vectors


def test_no_vector_is_left_without_a_test() -> None:
    sources = "".join(
        path.read_text(encoding="utf-8")
        for path in Path(__file__).parent.glob("test_*.py")
        if path.name != Path(__file__).name
    )
    assert [vector_id for vector_id in all_vectors() if f'"{vector_id}"' not in sources] == []
