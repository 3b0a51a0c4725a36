"""README's command line section: exactly the flags the tool accepts, and what its examples cost."""

from __future__ import annotations

from pathlib import Path
import re

from custom_components.midea_cloud.cli import build_parser
from midea_cloud_emulator import CloudEmulator
from tests.readme_cli import README, readme_cli_examples, readme_cli_section, run_cli

ACCOUNT = "readme@example.com"
PASSWORD = "readme-Pa55word"
FLAG = re.compile(r"--[a-z][a-z-]*")


def test_every_flag_is_in_readmes_table() -> None:
    rows = [line for line in readme_cli_section().splitlines() if line.startswith("| `")]
    documented = {flag for row in rows for flag in FLAG.findall(row.split(" | ")[0])}
    accepted = set(FLAG.findall(build_parser().format_help())) - {"--help"}
    assert documented == accepted


async def test_readmes_examples_cost_one_login_in_all(socket_enabled: None, tmp_path: Path) -> None:
    emulator = CloudEmulator()
    emulator.add_account(ACCOUNT, PASSWORD, region="mapp")
    emulator.add_unit(ACCOUNT, name="Living room", power=False, mode=2, target=24.0)
    emulator.add_unit(ACCOUNT, name="Bedroom", power=False, mode=2, target=24.0)
    await emulator.start()
    try:
        examples = readme_cli_examples()
        assert len(examples) == 6
        for argv in examples:
            await run_cli(emulator.url, ACCOUNT, PASSWORD, tmp_path, argv)
        assert emulator.logins(ACCOUNT) == 1
        assert "the examples above cost one login in all" in " ".join(README.split())
    finally:
        await emulator.stop()
