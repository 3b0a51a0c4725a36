"""Signed CSV codec (docs/protocol.md §6.3; V45)."""

from __future__ import annotations

from hypothesis import given, strategies as st
import pytest

from custom_components.midea_cloud.codec.errors import MideaProtocolError
from custom_components.midea_cloud.codec.signed_csv import from_signed_csv, to_signed_csv

from .helpers import round_trip_settings, vector


def test_v45_both_directions() -> None:
    data, text = bytes.fromhex(vector("V45")["hex"]), vector("V45")["decoded"]["text"]
    assert to_signed_csv(data) == text
    assert from_signed_csv(text) == data
    assert from_signed_csv(text + ",") == data


def test_unsigned_items_are_accepted() -> None:
    assert from_signed_csv("170,255,128") == b"\xaa\xff\x80"


def test_empty() -> None:
    assert to_signed_csv(b"") == ""
    assert from_signed_csv("") == b""


@pytest.mark.parametrize(
    "text",
    [
        ",",
        "1,,2",
        "1,2,,",
        "256",
        "-129",
        "1 ,2",
        " 1",
        "+1",
        "0x10",
        "1.0",
        "\u0661",
        "1_0",
        "1,-",
    ],
)
def test_malformed_text_is_rejected(text: str) -> None:
    with pytest.raises(MideaProtocolError):
        from_signed_csv(text)


@round_trip_settings
@given(st.binary(max_size=400))
def test_round_trip(data: bytes) -> None:
    text = to_signed_csv(data)
    assert " " not in text
    assert not text.endswith(",")
    assert from_signed_csv(text) == data
