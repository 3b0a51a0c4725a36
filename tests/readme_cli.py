"""README's command line examples, and running the tool as a user does, against the emulator."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
import shlex
import sys

REPO = Path(__file__).parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
CLI = ".venv/bin/python -m custom_components.midea_cloud.cli"


def readme_cli_section() -> str:
    """README's "Command line tool" section."""
    return README.split("\n## Command line tool\n", 1)[1].split("\n## ", 1)[0]


def readme_cli_examples() -> list[list[str]]:
    """The arguments of each command line of the section's example block."""
    block = readme_cli_section().split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
    return [shlex.split(c.removeprefix(CLI)) for c in commands if c.startswith(CLI)]


async def run_cli(server: str, account: str, password: str, cache: Path, argv: list[str]) -> None:
    """Run the tool in its own process with the account in the environment; it must succeed."""
    env = {
        **os.environ,
        "MIDEA_ACCOUNT": account,
        "MIDEA_PASSWORD": password,
        "XDG_CACHE_HOME": str(cache),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "custom_components.midea_cloud.cli", *argv, "--server", server,
        cwd=REPO, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, (argv, out.decode(), err.decode())
