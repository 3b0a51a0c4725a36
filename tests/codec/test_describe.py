"""The --decode description of frames and packets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from custom_components.midea_cloud.codec.describe import describe_hex
from custom_components.midea_cloud.codec.errors import MideaProtocolError
from custom_components.midea_cloud.codec.frames import build_frame

from .helpers import vector


def _describe(text: str) -> Any:
    """describe_hex as the command line prints it: through JSON."""
    return json.loads(json.dumps(describe_hex(text)))


def test_state_reply_packet() -> None:
    text = (
        "5a5a01005b00208001000000000000000000000079df0d8648700000000000000000000000000000"
        + vector("V18")["hex"]
        + "00" * 16
    )
    described = _describe(text)
    assert described["kind"] == "packet"
    assert described["packet"] == {
        "length": 91,
        "message_type": "0100",
        "length_field": 91,
        "length_field_ok": True,
        "flags": "2080",
        "reply": True,
        "sequence": 1,
        "timestamp": "0000000000000000",
        "timestamp_utc": None,
        "appliance_id": 123456789012345,
        "reserved": "00" * 14,
        "trailer": "00" * 16,
    }
    frame = described["frame"]
    assert frame["valid"] is True
    assert frame["device_type"] == "0xAC"
    assert frame["body_type"] == "0xC0"
    assert frame["state"]["indoor_temperature"] == 25.5
    assert frame["state"]["thing_model"]["outTemp"] == 33.5
    assert frame["state"]["target_humidity"] == 0
    assert "set" not in frame


def test_set_frame_with_whitespace() -> None:
    text = " ".join(vector("V17")["hex"][i : i + 2] for i in range(0, 66, 2)) + "\n"
    described = _describe(text)
    assert described["kind"] == "frame"
    frame = described["frame"]
    assert frame["hex"] == vector("V17")["hex"]
    assert frame["set"]["target_temperature"] == 24.0
    assert frame["set"]["beep"] is True
    assert (frame["crc8"], frame["crc8_ok"], frame["checksum_ok"]) == ("0x8C", True, True)


def test_v44_reports_the_bad_body_check_byte() -> None:
    described = _describe(vector("V44")["hex"])
    frame = described["frame"]
    assert described["packet"]["timestamp_utc"] == "2018-03-14T00:00:00+00:00"
    assert frame["checksum_ok"] is True
    assert frame["checksum_expected"] == frame["checksum"] == "0x81"
    assert (frame["body_check"], frame["crc8"]) == ("0xBB", "0x08")
    assert frame["crc8_ok"] is False
    assert frame["body_sum_ok"] is False
    assert frame["valid"] is False
    assert frame["set"]["message_id"] == 3


def test_query_and_other_appliances_have_no_decoded_body() -> None:
    frame = _describe(vector("V08")["hex"])["frame"]
    assert (frame["device_type"], frame["protocol"], frame["message_type"]) == ("0xA1", 3, "0x03")
    assert "state" not in frame
    assert "set" not in frame
    assert "state" not in _describe(vector("V41")["hex"])["frame"]


def test_broken_length_byte_is_reported() -> None:
    frame = _describe(vector("V01")["hex"] + "00")["frame"]
    assert frame["length_ok"] is False
    assert frame["valid"] is False


@pytest.mark.parametrize("text", ["", "zz", "abc", "0102", "5a5a00", "aa0102", "5a5a" + "00" * 50])
def test_malformed_input(text: str) -> None:
    with pytest.raises(MideaProtocolError):
        describe_hex(text)


def test_capabilities_reply_lists_its_records() -> None:
    """A B5 reply with two records (modes 2, display control 1) and no second page."""
    frame = build_frame(0x03, bytes.fromhex("b50214020102240201010007"))

    described = _describe(frame.hex())["frame"]

    assert described["body_type"] == "0xB5"
    assert described["capabilities"] == {
        "records": {"0x0214": "02", "0x0224": "01"},
        "more": False,
    }
