"""Runs a worker module in benchmarks/.venv-peers and returns its JSON answer."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PEERS_PYTHON = REPO / "benchmarks" / ".venv-peers" / "bin" / "python"


class PeersUnavailableError(RuntimeError):
    """The peers' venv is missing or a worker failed."""


def available() -> bool:
    """True when scripts/bench could create the peers' venv."""
    return PEERS_PYTHON.exists()


async def run_worker(module: str, request: dict[str, Any]) -> Any:
    """Run ``python -m module`` in the peers' venv with ``request`` on stdin; parse its stdout."""
    if not available():
        raise PeersUnavailableError(f"{PEERS_PYTHON} is missing (scripts/bench creates it)")
    process = await asyncio.create_subprocess_exec(
        str(PEERS_PYTHON),
        "-m",
        module,
        cwd=REPO,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate(json.dumps(request).encode())
    if process.returncode != 0:
        raise PeersUnavailableError(f"{module} failed: {err.decode(errors='replace')[-400:]}")
    return json.loads(out)
