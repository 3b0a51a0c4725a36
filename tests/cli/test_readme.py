"""README's command line section: exactly the flags the tool accepts, and what its examples cost."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
import re
import shlex
import sys

from custom_components.midea_cloud.cli import build_parser
from midea_cloud_emulator import CloudEmulator

REPO = Path(__file__).parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
CLI = ".venv/bin/python -m custom_components.midea_cloud.cli"
ACCOUNT = "readme@example.com"
PASSWORD = "readme-Pa55word"


def documented_flags() -> set[str]:
    section = README.split("\n## Command line tool\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {flag for row in rows for flag in re.findall(r"--[a-z][a-z-]*", row.split(" | ")[0])}


def test_every_flag_is_in_readmes_table() -> None:
    accepted = {
        option
        for action in build_parser()._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }
    assert documented_flags() == accepted


def readme_examples() -> list[list[str]]:
    section = README.split("\n## Command line tool\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
    return [shlex.split(c.removeprefix(CLI)) for c in commands if c.startswith(CLI)]


async def test_readmes_examples_cost_one_login_in_all(socket_enabled: None, tmp_path: Path) -> None:
    emulator = CloudEmulator()
    emulator.add_account(ACCOUNT, PASSWORD, region="mapp")
    emulator.add_unit(ACCOUNT, name="Living room", power=False, mode=2, target=24.0)
    emulator.add_unit(ACCOUNT, name="Bedroom", power=False, mode=2, target=24.0)
    await emulator.start()
    env = {
        **os.environ,
        "MIDEA_ACCOUNT": ACCOUNT,
        "MIDEA_PASSWORD": PASSWORD,
        "XDG_CACHE_HOME": str(tmp_path),
    }
    try:
        examples = readme_examples()
        assert len(examples) == 6
        for argv in examples:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "custom_components.midea_cloud.cli", *argv,
                "--server", emulator.url,
                cwd=REPO, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            out, err = await asyncio.wait_for(process.communicate(), timeout=60)
            assert process.returncode == 0, (argv, out, err)
        assert emulator.logins(ACCOUNT) == 1
        assert "the examples above cost one login in all" in " ".join(README.split())
    finally:
        await emulator.stop()
