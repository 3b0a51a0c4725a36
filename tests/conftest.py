"""The gate that keeps Home Assistant's deprecation reports out of our code."""

from __future__ import annotations

from collections.abc import Iterator
import logging

import pytest

from custom_components.midea_cloud.const import DOMAIN

# Home Assistant's frame helper reports a deprecated call as "Detected that custom integration
# '<domain>' <does something>" (once as a warning, then at debug level); its event-loop guard
# reports "Detected blocking call to …".
_REPORTERS = ("homeassistant.helpers.frame", "homeassistant.util.loop")
REPORTS = (f"integration '{DOMAIN}'", "Detected blocking call")


def deprecation_reports(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The first line of every report Home Assistant made of our code so far in this test."""
    return [
        record.getMessage().splitlines()[0]
        for when in ("setup", "call")
        for record in caplog.get_records(when)
        if any(text in record.getMessage() for text in REPORTS)
    ]


@pytest.fixture(autouse=True)
def no_deprecation_reports(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail a test during which Home Assistant reported our code for a deprecated or blocking
    call: such a report reaches the owner's log and announces a break in a coming release."""
    for reporter in _REPORTERS:
        caplog.set_level(logging.DEBUG, logger=reporter)
    yield
    if reports := deprecation_reports(caplog):
        pytest.fail("Home Assistant reported our code:\n" + "\n".join(reports), pytrace=False)
