"""What the log may contain while the cloud misbehaves: no traceback, each problem once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
import logging
from pathlib import PurePath

import pytest

# Records of the emulator's own server side (it is the cloud, not the integration under test).
CLOUD_SIDE = ("midea_cloud_emulator", "aiohttp.server", "aiohttp.web", "aiohttp.access")


def asyncio_debug_report(record: logging.LogRecord) -> bool:
    """What asyncio's debug mode (on in Home Assistant's tests) says of the loop itself: its
    INFO lines ("<Server …> is serving", a subprocess that exited) and its report of a slow
    callback ("Executing <Task …> took 105.000 seconds"), whose duration under freezegun is the
    simulated time the test moved on meanwhile, not work of the code under test. Its warnings
    and errors about tasks (an exception never retrieved) still count."""
    if record.name != "asyncio":
        return False
    return record.levelno < logging.WARNING or record.getMessage().startswith("Executing ")


def ours(records: list[logging.LogRecord]) -> list[logging.LogRecord]:
    """The records of Home Assistant and the integration, without the emulator's and without
    asyncio's debug-mode reports of the loop."""
    return [
        record
        for record in records
        if not record.name.startswith(CLOUD_SIDE) and not asyncio_debug_report(record)
    ]


def forgetter(caplog: pytest.LogCaptureFixture, config: pytest.Config) -> Callable[[], None]:
    """A function that drops the records pytest has kept so far (caplog's and the report's):
    hours of them would count as memory growth of the code under test."""
    plugin = config.pluginmanager.get_plugin("logging-plugin")

    def forget() -> None:
        caplog.clear()
        plugin.report_handler.reset()

    return forget


def coordinator_debug_detail(record: logging.LogRecord) -> bool:
    """Home Assistant's DataUpdateCoordinator's own debug detail of a failed update (since
    2026.x): ``logger.debug("Full error:", exc_info=True)`` right after the error it logs, shown
    only with debug logging. The error itself (ERROR, no traceback) still counts."""
    return (
        record.levelno == logging.DEBUG
        and record.getMessage() == "Full error:"
        and PurePath(record.pathname).parts[-3:]
        == ("homeassistant", "helpers", "update_coordinator.py")
    )


def tracebacks(records: list[logging.LogRecord]) -> list[str]:
    """Every record that carries or prints a traceback, but Home Assistant's coordinator's debug
    detail of a failed update (``coordinator_debug_detail``)."""
    return [
        f"{record.name}: {record.getMessage()[:200]}"
        for record in ours(records)
        if (record.exc_info or record.exc_text or "Traceback" in record.getMessage())
        and not coordinator_debug_detail(record)
    ]


def notable(records: list[logging.LogRecord]) -> list[str]:
    """The messages a user sees at the default log level (INFO and above)."""
    return [record.getMessage() for record in ours(records) if record.levelno >= logging.INFO]


def repeated(messages: list[str]) -> dict[str, int]:
    """Messages logged more than once."""
    return {message: count for message, count in Counter(messages).items() if count > 1}


def unexpected(messages: list[str], expected: tuple[str, ...]) -> list[str]:
    """Messages that none of the ``expected`` fragments accounts for."""
    return [message for message in messages if not any(part in message for part in expected)]


def storage_writes(records: list[logging.LogRecord]) -> dict[str, int]:
    """How often each of the integration's stores was written (the test harness logs each)."""
    prefix = "Writing data to midea_cloud."
    messages = (record.getMessage() for record in records)
    return dict(
        Counter(text[len(prefix) :].split(":")[0] for text in messages if text.startswith(prefix))
    )


def missing(messages: list[str], expected: tuple[str, ...]) -> list[str]:
    """Expected fragments that no message contains exactly once."""
    return [part for part in expected if sum(part in message for message in messages) != 1]
