"""README's walk-through, as a new owner does it, with the logins it costs counted.

Add the account (a wrong password first), reconfigure without a change, reload twice, restart,
then run README's command line examples; Home Assistant notices at its next poll that the CLI's
login ended its session. The emulator allows one session per account, as the cloud does. The
number of logins is the one README states (section "Logins").
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
import re
import shlex
import sys

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er

from custom_components.midea_cloud.const import CONF_APP, CONF_SERVER, DOMAIN, POLL_INTERVAL
from midea_cloud_emulator import CloudEmulator, SimulatedUnit

from .conftest import EMAIL, PASSWORD, advance

REPO = Path(__file__).parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
CLI = ".venv/bin/python -m custom_components.midea_cloud.cli"
STATED = re.compile(r"README's walk-through costs \*\*(\d+) logins\*\*")


def readme_cli_examples() -> list[list[str]]:
    """The command lines of README's command line section that talk to the cloud."""
    section = README.split("## Command line tool", 1)[1].split("\n## ", 1)[0]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        command = line.split("  #", 1)[0].strip()
        if command.startswith(CLI):
            commands.append(shlex.split(command.removeprefix(CLI)))
    return commands


async def run_cli(emulator: CloudEmulator, cache: Path, argv: list[str]) -> None:
    env = {
        **os.environ,
        "MIDEA_ACCOUNT": EMAIL,
        "MIDEA_PASSWORD": PASSWORD,
        "XDG_CACHE_HOME": str(cache),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "custom_components.midea_cloud.cli", *argv,
        "--server", emulator.url,
        cwd=REPO, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, (argv, out.decode(), err.decode())


async def test_readme_walkthrough_costs_the_logins_readme_states(
    hass: HomeAssistant,
    emulator: CloudEmulator,
    living_room: SimulatedUnit,
    bedroom: SimulatedUnit,
    freezer: FrozenDateTimeFactory,
    tmp_path: Path,
) -> None:
    emulator.account(EMAIL).single_session = True
    typed = {CONF_EMAIL: EMAIL, CONF_APP: "midea_air", CONF_SERVER: emulator.url}

    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**typed, CONF_PASSWORD: "a wrong password"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**typed, CONF_PASSWORD: PASSWORD}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry = result["result"]

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_APP: "midea_air", CONF_SERVER: emulator.url}
    )
    assert result["reason"] == "reconfigure_successful"

    for _ in range(2):
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    examples = readme_cli_examples()
    assert len(examples) >= 3
    for argv in examples:
        await run_cli(emulator, tmp_path, argv)

    await advance(hass, freezer, POLL_INTERVAL)

    assert entry.state is ConfigEntryState.LOADED
    entities = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    assert entities
    states = {entity.entity_id: hass.states.get(entity.entity_id) for entity in entities}
    assert [
        name for name, state in states.items() if state is None or state.state == STATE_UNAVAILABLE
    ] == []
    stated = STATED.search(README)
    assert stated is not None, "README does not state the walk-through's logins"
    assert emulator.logins(EMAIL) == int(stated.group(1))
