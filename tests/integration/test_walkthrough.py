"""README's walk-through, as a new owner does it, with the logins it costs counted.

Add the account (a wrong password first), reconfigure without a change, reload twice, restart,
then run README's command line examples; Home Assistant notices at its next poll that the CLI's
login ended its session. The emulator allows one session per account, as the cloud does. The
number of logins is the one README states (section "Logins").
"""

from __future__ import annotations

from pathlib import Path
import re

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er

from custom_components.midea_cloud.const import CONF_APP, CONF_SERVER, DOMAIN, POLL_INTERVAL
from midea_cloud_emulator import CloudEmulator, SimulatedUnit
from tests.readme_cli import README, readme_cli_examples, run_cli

from .conftest import EMAIL, PASSWORD, advance

STATED = re.compile(r"README's walk-through costs \*\*(\d+) logins\*\*")


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
        await run_cli(emulator.url, EMAIL, PASSWORD, tmp_path, argv)

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
