"""Facts about the machine and the software a benchmark ran on."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
import os
from pathlib import Path
import platform


def _first_line(path: str, prefix: str) -> str:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return "unknown"
    found = next((line for line in lines if line.startswith(prefix)), "")
    return found.split(":", 1)[-1].strip() or "unknown"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def facts() -> dict[str, str]:
    """Date, CPU, memory, OS and the versions that matter."""
    return {
        "date (UTC)": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "CPU": f"{_first_line('/proc/cpuinfo', 'model name')}, {os.cpu_count()} cores",
        "memory": _first_line("/proc/meminfo", "MemTotal"),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Home Assistant": _version("homeassistant"),
        "aiohttp": _version("aiohttp"),
        "pycryptodome": _version("pycryptodome"),
    }
