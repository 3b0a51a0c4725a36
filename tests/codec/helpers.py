"""Shared helpers of the codec tests: the public vectors, a base state and Hypothesis settings."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings

from custom_components.midea_cloud.codec.model import AcState, Mode

VECTORS_PATH = Path(__file__).parents[1] / "vectors" / "vectors.json"

# Every example of the long fuzz runs: MIDEA_FUZZ_EXAMPLES=200000 scripts/test tests/codec
FUZZ_EXAMPLES = int(os.environ.get("MIDEA_FUZZ_EXAMPLES", "2000"))

fuzz_settings = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=FUZZ_EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow],
)
round_trip_settings = settings(fuzz_settings, max_examples=max(FUZZ_EXAMPLES // 4, 50))


@cache
def all_vectors() -> dict[str, dict[str, Any]]:
    """The vectors of vectors.json by id."""
    entries = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in entries}


def vector(vector_id: str) -> dict[str, Any]:
    """One vector by id."""
    return all_vectors()[vector_id]


def vector_bytes(vector_id: str) -> bytes:
    """The ``hex`` field of a vector as bytes."""
    return bytes.fromhex(vector(vector_id)["hex"])


BASE_STATE = AcState(
    power=True,
    mode=Mode.COOL,
    target_temperature=24.0,
    fan_speed=102,
    swing_vertical=False,
    swing_horizontal=False,
    eco=False,
    turbo=False,
    sleep=False,
    fahrenheit_display=False,
    display_on=True,
    display_state=0,
    indoor_temperature=25.0,
    outdoor_temperature=30.0,
    error_code=0,
    appliance_error=False,
    filter_alert=False,
)


def ac_state(**fields: Any) -> AcState:
    """BASE_STATE (on, cool, 24.0, auto fan, everything else off) with ``fields`` replaced."""
    return replace(BASE_STATE, **fields)
