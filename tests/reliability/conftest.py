"""Fixtures: Home Assistant with the integration against an emulator that can be stopped and
started again on the same ports (a refused connection, then recovery)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator
import socket
import time

from _pytest.terminal import TerminalReporter
import pytest

from midea_cloud_emulator import CloudEmulator
from tests.integration.conftest import (
    EMAIL,
    PASSWORD,
    auto_enable_custom_integrations,
)

from . import figures
from .matrix import matrix_key
from .scene import MSMARTHOME

__all__ = ["EMAIL", "PASSWORD", "auto_enable_custom_integrations"]

REGIONS = 5  # the emulator listens on port .. port + 4: three mapp and two MSmartHome regions


def free_ports(count: int) -> int:
    """A port P such that P .. P + count - 1 are free on 127.0.0.1 right now."""
    while True:
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port: int = first.getsockname()[1]
            others = [socket.socket() for _ in range(count - 1)]
            try:
                for offset, other in enumerate(others, start=1):
                    other.bind(("127.0.0.1", port + offset))
            except OSError:
                continue
            finally:
                for other in others:
                    other.close()
        return port


class RestartableEmulator(CloudEmulator):
    """The emulator on fixed ports, so that it can be stopped and started again."""

    def __init__(self) -> None:
        super().__init__()
        self.port = free_ports(REGIONS)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on this emulator's own ports."""
        await super().start(host, port or self.port)


@pytest.fixture
async def emulator(socket_enabled: None) -> AsyncGenerator[RestartableEmulator]:
    """The cloud emulator with one Midea Air and one MSmartHome account, and no units yet."""
    cloud = RestartableEmulator()
    cloud.add_account(EMAIL, PASSWORD)
    cloud.add_account(MSMARTHOME.email, PASSWORD, app="msmarthome", region="mp-eu-prod")
    await cloud.start()
    yield cloud
    await cloud.stop()


STARTED = time.perf_counter()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Note each fault-matrix row's result: the document shows it next to the row's figures."""
    report = yield
    callspec = getattr(item, "callspec", None)
    if item.name.startswith("test_fault[") and callspec is not None and report.when == "call":
        params = callspec.params
        figures.note_outcome("matrix", matrix_key(params["cloud"], params["row"]), report.passed)
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write what the reliability tests observed to this run's results file."""
    written = figures.write(time.perf_counter() - STARTED)
    if written is not None:
        figures.report(f"figures written to {written}")


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    """Print what the reliability tests measured."""
    if figures.LINES:
        terminalreporter.section("reliability figures")
        for line in figures.LINES:
            terminalreporter.write_line(line)
