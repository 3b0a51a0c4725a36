"""0xB5 capabilities: record splitting, pages, what each value means, and the cache format.

The three captured replies are real units' answers published with mill1000/midea-msmart's tests
(msmart/device/AC/test_command.py); the expectations below are derived from docs/protocol.md §12.
"""

from __future__ import annotations

from hypothesis import given, strategies as st
import pytest

from custom_components.midea_cloud.codec.capabilities import (
    FULL_CAPABILITIES,
    Capabilities,
    TargetRange,
    capabilities_from_records,
    parse_capabilities_body,
    parse_capabilities_frame,
    records_from_json,
    records_to_json,
)
from custom_components.midea_cloud.codec.errors import MideaProtocolError
from custom_components.midea_cloud.codec.frames import build_frame
from custom_components.midea_cloud.codec.model import FanSpeed, Mode

from .helpers import fuzz_settings, vector_bytes

# A split unit: eco, frost protection, every mode, both swings, turbo both ways; one page.
CAPTURED_SPLIT = bytes.fromhex(
    "aa29ac00000000000303b5071202010113020101140201011502010116020101170201001a020101dedb"
)
# A window unit (2019): cooling modes only, no swing, display control, filter reminder.
CAPTURED_WINDOW = bytes.fromhex(
    "aa29ac00000000000303b507120201021402010015020102170201021a0201021002010524020101990d"
)
# A split unit's first page: any fan percentage, ranges 16..30 in halves, a second page follows.
CAPTURED_FIRST_PAGE = bytes.fromhex(
    "aa3dac00000000000303b50a12020101430001011402010115020101160201001a020101100201011f020103"
    "250207203c203c203c05400001000100c805"
)
# ... and its second page: frost protection, °F display (value 0), self clean, anion.
CAPTURED_SECOND_PAGE = bytes.fromhex(
    "aa23ac00000000000303b5051e020101130201012202010019020100390001010000febe"
)
ALL_SPEEDS = {
    FanSpeed.SILENT,
    FanSpeed.LOW,
    FanSpeed.MEDIUM,
    FanSpeed.HIGH,
    FanSpeed.TURBO,
    FanSpeed.AUTO,
}


def body(*records: tuple[int, bytes], trailer: bytes = b"") -> bytes:
    """A B5 body built by hand: count, then id (LE16), size, value for each record."""
    out = bytearray((0xB5, len(records)))
    for record_id, value in records:
        out += record_id.to_bytes(2, "little") + bytes((len(value),)) + value
    return bytes(out + trailer)


def capabilities(*records: tuple[int, bytes]) -> Capabilities:
    return capabilities_from_records(parse_capabilities_body(body(*records)).records)


def test_captured_split_unit() -> None:
    page = parse_capabilities_frame(CAPTURED_SPLIT)
    found = capabilities_from_records(page.records)

    assert page.more is False
    assert sorted(page.records) == [0x0212, 0x0213, 0x0214, 0x0215, 0x0216, 0x0217, 0x021A]
    assert found.modes == {Mode.AUTO, Mode.COOL, Mode.DRY, Mode.HEAT, Mode.FAN}
    assert (found.swing_vertical, found.swing_horizontal) == (True, True)
    assert (found.eco, found.frost_protection, found.turbo_cool, found.turbo_heat) == (
        True,
        True,
        True,
        True,
    )
    assert found.fan_speeds == {FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH, FanSpeed.AUTO}
    assert (found.filter_reminder, found.display_control) == (False, False)
    assert (found.min_target, found.max_target, found.half_degrees) == (16.0, 30.0, True)
    assert found.reported is True


def test_captured_window_unit() -> None:
    found = capabilities_from_records(parse_capabilities_frame(CAPTURED_WINDOW).records)

    assert found.modes == {Mode.AUTO, Mode.COOL, Mode.DRY, Mode.FAN}
    assert (found.swing_vertical, found.swing_horizontal) == (False, False)
    assert (found.turbo_cool, found.turbo_heat) == (False, False)
    assert (found.eco, found.display_control, found.filter_reminder) == (True, True, True)
    assert found.fan_speeds == {FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH, FanSpeed.AUTO}


def test_captured_pages_merge() -> None:
    first = parse_capabilities_frame(CAPTURED_FIRST_PAGE)
    second = parse_capabilities_frame(CAPTURED_SECOND_PAGE)
    found = capabilities_from_records({**first.records, **second.records})

    assert (first.more, second.more) == (True, False)
    assert found.fan_speeds == ALL_SPEEDS
    assert found.target_ranges[Mode.HEAT] == TargetRange(16.0, 30.0)
    assert (found.half_degrees, found.frost_protection, found.fahrenheit_display) == (
        True,
        True,
        True,
    )


def test_zero_size_records_are_skipped_and_short_records_end_the_list() -> None:
    zero_size = parse_capabilities_body(body((0x0214, b""), (0x0215, b"\x02")))
    cut = parse_capabilities_body(body((0x0214, b"\x03"), (0x0225, b"\x20\x3c\x20\x3c"))[:-2])
    header_only = parse_capabilities_body(bytes.fromhex("b50214020101"))

    assert dict(zero_size.records) == {0x0215: b"\x02"}
    assert dict(cut.records) == {0x0214: b"\x03"}
    assert dict(header_only.records) == {0x0214: b"\x01"}


@pytest.mark.parametrize(
    ("trailer", "more"), [(b"", False), (b"\x01", False), (b"\x01\x07", True), (b"\x00\x07", False)]
)
def test_the_byte_before_the_last_says_whether_a_second_page_follows(
    trailer: bytes, more: bool
) -> None:
    assert parse_capabilities_body(body((0x0214, b"\x01"), trailer=trailer)).more is more


@pytest.mark.parametrize(
    "frame",
    [
        build_frame(0x03, bytes.fromhex("c0") + bytes(20)),
        build_frame(0x03, body((0x0214, b"\x01")), device_type=0xA1),
    ],
    ids=["state reply", "dehumidifier"],
)
def test_only_an_air_conditioner_b5_reply_is_accepted(frame: bytes) -> None:
    with pytest.raises(MideaProtocolError):
        parse_capabilities_frame(frame)


@pytest.mark.parametrize("data", [b"", b"\xb5", b"\xc0\x00"])
def test_a_body_that_is_not_b5_is_refused(data: bytes) -> None:
    with pytest.raises(MideaProtocolError):
        parse_capabilities_body(data)


def test_our_own_query_reads_as_an_empty_page() -> None:
    """V68 has the same body type; read as a reply it holds no record and no second page."""
    page = parse_capabilities_frame(vector_bytes("V68"))

    assert (dict(page.records), page.more) == ({}, False)


@pytest.mark.parametrize(
    ("value", "modes"),
    [
        (0, {Mode.COOL, Mode.DRY, Mode.AUTO}),
        (1, {Mode.COOL, Mode.DRY, Mode.AUTO, Mode.HEAT}),
        (2, {Mode.HEAT, Mode.AUTO}),
        (3, {Mode.COOL}),
        (4, {Mode.COOL, Mode.HEAT}),
        (5, {Mode.COOL, Mode.DRY}),
        (6, {Mode.COOL, Mode.DRY, Mode.HEAT}),
        (7, {Mode.COOL, Mode.HEAT, Mode.AUTO}),
        (8, {Mode.COOL, Mode.AUTO}),
        (9, {Mode.COOL, Mode.DRY, Mode.AUTO, Mode.HEAT}),
        (42, {Mode.COOL, Mode.DRY, Mode.AUTO, Mode.HEAT}),
    ],
)
def test_modes(value: int, modes: set[Mode]) -> None:
    assert capabilities((0x0214, bytes((value,)))).modes == {*modes, Mode.FAN}


@pytest.mark.parametrize(
    ("value", "speeds"),
    [
        (1, ALL_SPEEDS),
        (3, {FanSpeed.LOW, FanSpeed.HIGH}),
        (4, {FanSpeed.LOW, FanSpeed.HIGH, FanSpeed.AUTO}),
        (5, {FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH, FanSpeed.AUTO}),
        (6, ALL_SPEEDS - {FanSpeed.TURBO}),
        (7, {FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH}),
        (0, {FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH, FanSpeed.AUTO}),
    ],
)
def test_fan_speeds(value: int, speeds: set[FanSpeed]) -> None:
    assert capabilities((0x0210, bytes((value,)))).fan_speeds == speeds


@pytest.mark.parametrize(
    ("value", "pair"),
    [
        (0, (True, False)),
        (1, (True, True)),
        (2, (False, False)),
        (3, (False, True)),
        (9, (False, False)),
    ],
)
def test_swing_and_turbo_use_the_same_four_values(value: int, pair: tuple[bool, bool]) -> None:
    found = capabilities((0x0215, bytes((value,))), (0x021A, bytes((value,))))

    assert (found.swing_vertical, found.swing_horizontal) == pair
    assert (found.turbo_cool, found.turbo_heat) == pair


@pytest.mark.parametrize(
    ("record_id", "field", "true_values", "false_values"),
    [
        (0x0212, "eco", (1, 2), (0, 3)),
        (0x0213, "frost_protection", (1,), (0, 2)),
        (0x0222, "fahrenheit_display", (0,), (1, 2)),
        (0x0224, "display_control", (1, 2, 100), (0, 3)),
        (0x0217, "filter_reminder", (1, 2, 4), (0, 3)),
    ],
)
def test_single_flags(
    record_id: int, field: str, true_values: tuple[int, ...], false_values: tuple[int, ...]
) -> None:
    for value in true_values:
        assert getattr(capabilities((record_id, bytes((value,)))), field) is True, value
    for value in false_values:
        assert getattr(capabilities((record_id, bytes((value,)))), field) is False, value
    assert getattr(capabilities(), field) is False


def test_a_unit_that_reports_nothing_keeps_modes_speeds_and_ranges() -> None:
    found = capabilities()

    assert found.modes == FULL_CAPABILITIES.modes
    assert found.fan_speeds == {FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH, FanSpeed.AUTO}
    assert (found.min_target, found.max_target, found.half_degrees) == (16.0, 30.0, True)
    assert (found.eco, found.swing_vertical, found.display_control) == (False, False, False)


@pytest.mark.parametrize(
    ("value", "ranges", "limits", "half_degrees"),
    [
        (
            bytes((34, 60, 36, 58, 32, 62, 0)),
            {Mode.COOL: (17.0, 30.0), Mode.AUTO: (18.0, 29.0), Mode.HEAT: (16.0, 31.0)},
            (16.0, 30.0),
            False,
        ),
        (
            bytes((35, 59, 35, 59, 35, 59)),
            {Mode.COOL: (17.5, 29.5), Mode.AUTO: (17.5, 29.5), Mode.HEAT: (17.5, 29.5)},
            (17.5, 29.5),
            True,
        ),
        (
            bytes((24, 70, 24, 70, 24, 70, 1)),
            {Mode.COOL: (12.0, 35.0), Mode.AUTO: (12.0, 35.0), Mode.HEAT: (12.0, 35.0)},
            (16.0, 30.0),
            True,
        ),
    ],
    ids=["per mode, whole degrees", "no decimals byte", "wider than a SET can carry"],
)
def test_target_ranges(
    value: bytes,
    ranges: dict[Mode, tuple[float, float]],
    limits: tuple[float, float],
    half_degrees: bool,
) -> None:
    found = capabilities((0x0225, value))

    assert {mode: (r.minimum, r.maximum) for mode, r in found.target_ranges.items()} == ranges
    assert (found.min_target, found.max_target) == limits
    assert found.half_degrees is half_degrees


def test_a_short_temperature_record_is_ignored() -> None:
    assert capabilities((0x0225, b"\x22\x3c\x22")).min_target == 16.0


def test_full_capabilities_offer_every_control() -> None:
    assert FULL_CAPABILITIES.reported is False
    assert FULL_CAPABILITIES.fan_speeds == ALL_SPEEDS
    assert FULL_CAPABILITIES.modes == {Mode.AUTO, Mode.COOL, Mode.DRY, Mode.HEAT, Mode.FAN}
    assert (FULL_CAPABILITIES.min_target, FULL_CAPABILITIES.max_target) == (16.0, 30.0)
    assert FULL_CAPABILITIES.records == {}


def test_records_survive_the_cache_format() -> None:
    records = dict(parse_capabilities_frame(CAPTURED_FIRST_PAGE).records)

    stored = records_to_json(records)

    assert stored["0x0225"] == "203c203c203c05"
    assert records_from_json(stored) == records
    assert capabilities_from_records(records_from_json(stored)) == capabilities_from_records(
        records
    )


@pytest.mark.parametrize("stored", [{"0x02zz": "01"}, {"0x0214": "0"}, {"0x0214": 1}])
def test_a_damaged_cache_is_refused(stored: dict[str, object]) -> None:
    with pytest.raises(MideaProtocolError):
        records_from_json(stored)  # type: ignore[arg-type]


record_strategy = st.dictionaries(
    st.integers(0, 0xFFFF), st.binary(min_size=1, max_size=12), max_size=12
)


@fuzz_settings
@given(records=record_strategy, more=st.booleans(), message_id=st.integers(0, 255))
def test_any_records_split_back_exactly(
    records: dict[int, bytes], more: bool, message_id: int
) -> None:
    page = parse_capabilities_body(body(*records.items(), trailer=bytes((more, message_id))))

    assert dict(page.records) == records
    assert page.more is more


@fuzz_settings
@given(data=st.binary(min_size=1, max_size=80))
def test_any_bytes_after_b5_and_a_count_are_read_without_error(data: bytes) -> None:
    page = parse_capabilities_body(b"\xb5" + data)

    capabilities_from_records(page.records)
