"""The CLI's offline tools: --encode-query, --encode-set, --decode."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from custom_components.midea_cloud.cli import ExitCode, main

V01_QUERY = "aa20ac00000000000003418100ff03ff00020000000000000000000000000171fa"
V17_SET = "aa20ac00000000000002404348667f7f0030000000000000000000000000018c46"
V18_STATE = "aa22ac00000000000303c00148667f7f0030000004657500000000000000000069ec5c"
SECTION16_SET = "aa20ac0000000000000240434e647f7f003f208002000000000000000000fe7ca4"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


def test_encode_query_is_the_golden_frame() -> None:
    assert run("--encode-query", "--msg-id", "1") == (0, V01_QUERY + "\n")


def test_encode_set_is_the_golden_frame() -> None:
    code, text = run(
        "--encode-set", "--on", "--mode", "cool", "--temp", "24", "--fan", "auto", "--beep"
    )
    assert (code, text.strip()) == (0, V17_SET)


def test_encode_set_with_every_flag() -> None:
    code, text = run(
        "--encode-set", "--on", "--mode", "cool", "--temp", "30", "--fan", "turbo",
        "--swing", "both", "--turbo", "--eco", "--beep", "--msg-id", "254",
    )  # fmt: skip
    assert (code, text.strip()) == (0, SECTION16_SET)


def test_decode_a_state_frame() -> None:
    code, text = run("--decode", V18_STATE)
    assert code == 0
    fields = json.dumps(json.loads(text))
    for expected in ('"indoor_temperature": 25.5', '"outdoor_temperature": 33.5', "24.0"):
        assert expected in fields


def test_decode_round_trips_an_encoded_set() -> None:
    _, frame = run("--encode-set", "--off", "--mode", "heat", "--temp", "22.5", "--sleep")
    code, text = run("--decode", frame.strip())
    assert code == 0
    assert '"sleep": true' in text
    assert "22.5" in text


def test_decode_reports_a_bad_checksum() -> None:
    code, text = run("--decode", V18_STATE[:-2] + "00")
    fields = json.loads(text)["frame"]
    assert code == 0
    assert (fields["checksum_ok"], fields["valid"], fields["checksum_expected"]) == (
        False, False, "0x5C",
    )  # fmt: skip


@pytest.mark.parametrize("garbage", ["zz", "aa20", "5a5a0100", "aa2", ""])
def test_decode_garbage_is_one_line(garbage: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run("--decode", garbage)
    assert code == ExitCode.USAGE
    assert text == ""
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ("--encode-query", "--msg-id", "0"),
        ("--encode-set", "--temp", "31"),
        ("--encode-set", "--temp", "15.5"),
        ("--encode-set", "--temp", "22.3"),
    ],
)
def test_invalid_values_are_usage_errors(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(*argv)[0] == ExitCode.USAGE
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [("--decode", V18_STATE), ("--encode-query",), ("--encode-set", "--on"), ("--decode", "zz")],
)
def test_offline_tools_leave_the_session_cache_alone(
    argv: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = tmp_path / "midea_cloud_cli"
    cache.mkdir()
    kept = cache / "kept.json"
    kept.write_text("{}")
    run("--account", "someone@example.com", "--password", "secret", *argv)
    assert list(cache.iterdir()) == [kept]
    assert kept.read_text() == "{}"
