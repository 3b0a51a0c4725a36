"""The emulator in a process of its own (scripts/emulator's command line), so that its work and
memory stay out of the measurements of Home Assistant's process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import re
import sys

from midea_cloud_emulator.regions import DEFAULT_REGION

from .emulated import PASSWORD, email

_SERVER_LINE = re.compile(r"^\s+(\S+)\s+(http://127\.0\.0\.1:\d+)\s")


@asynccontextmanager
async def emulator_process(units: int, latency: float, account: int = 1) -> AsyncIterator[str]:
    """Run the emulator with the ``account``-th account of ``units`` units; yield its URL.

    Each account gets its own seed, so that two emulators never share an appliance id.
    """
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "midea_cloud_emulator",
        "--port",
        "0",
        "--devices",
        str(units),
        "--account",
        email(account),
        "--password",
        PASSWORD,
        "--latency",
        str(latency),
        "--login-limit",
        "1000",
        "--seed",
        str(account),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        yield await _default_url(process)
    finally:
        process.terminate()
        await process.wait()


async def _default_url(process: asyncio.subprocess.Process) -> str:
    assert process.stdout is not None
    while line := (await asyncio.wait_for(process.stdout.readline(), timeout=30)).decode():
        match = _SERVER_LINE.match(line)
        if match and match.group(1) == DEFAULT_REGION:
            return match.group(2)
    raise RuntimeError("the emulator exited without listening")
