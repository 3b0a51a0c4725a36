"""scripts/develop's steps before and after it starts Home Assistant (run with .venv-live).

``python -m demo.prepare config CONFIG_DIR PORT ENV_FILE ACCOUNT`` gets config/ ready while Home
Assistant is stopped: on the first start it copies demo/configuration.yaml and stores what
onboarding's core-config step and the HTTP settings would (Home Assistant on 127.0.0.1:PORT); at
every start it forgets the login block stored for ACCOUNT, the emulator's account, since the
demo's emulator starts fresh. It prints what it did and writes what scripts/develop needs (port,
first start, added accounts) to ENV_FILE as shell assignments.

``python -m demo.prepare home URL NAME USERNAME PASSWORD [--first-start]`` onboards the running
Home Assistant (or logs in as its owner) and, on the first start, sets the home's name,
location, units and time zone and creates the dashboard of demo/dashboard.json.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
from pathlib import Path
import shlex
from typing import Any

import aiohttp

from tests.e2e.api import HomeAssistantApi
from tests.e2e.onboarding import OnboardingError, Owner, onboard

DEMO = Path(__file__).resolve().parent
CONFIGURATION = DEMO / "configuration.yaml"
DASHBOARD = DEMO / "dashboard.json"
DOMAIN = "midea_cloud"
LOGIN_BLOCKS = f"{DOMAIN}.login_blocks"
# configuration.yaml as scripts/develop copied it from tests/e2e before demo/ existed: it set the
# unit system, time zone and country in YAML, which locks them in the UI; such a copy is replaced.
EARLIER_CONFIGURATIONS = {
    "3f483ed83e75ee8d08bea3d1cba99587394e60f39b2a7f848085e93525b10806",
    "ac16b16c6ebd9089218f1d1875a46a421e0016e9b4d1d60f1cf4fcfc83f4cb04",
}
# What the onboarding wizard's core-config step saves; changeable under Settings > System.
HOME = {
    "location_name": "Midea Cloud demo",
    "latitude": 51.5074,
    "longitude": -0.1278,
    "elevation": 11,
    "unit_system": "metric",
    "time_zone": "Europe/London",
    "country": "GB",
    "currency": "GBP",
    "language": "en",
}


def _read_store(path: Path) -> Any:
    """The ``data`` of a Home Assistant storage file, or None when there is none."""
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text())["data"]
    except ValueError, KeyError:
        return None


def _write_store(path: Path, key: str, version: int, minor_version: int, data: Any) -> None:
    """A storage file as Home Assistant's ``Store`` writes it."""
    store = {"version": version, "minor_version": minor_version, "key": key, "data": data}
    path.write_text(json.dumps(store, indent=2))


def _seed_onboarding(storage: Path) -> None:
    """Onboarding with its core-config step done: that step would also start the wizard's
    integrations (Met.no, Radio Browser, ...), which need the internet the demo runs without."""
    from homeassistant.components.onboarding import STORAGE_KEY, STORAGE_VERSION  # noqa: PLC0415
    from homeassistant.components.onboarding.const import STEP_CORE_CONFIG  # noqa: PLC0415

    _write_store(
        storage / STORAGE_KEY, STORAGE_KEY, STORAGE_VERSION, 1, {"done": [STEP_CORE_CONFIG]}
    )


def _seed_http(storage: Path, port: int) -> None:
    """Home Assistant's HTTP settings: its defaults, on 127.0.0.1:``port`` only."""
    from homeassistant.components.http.config import (  # noqa: PLC0415
        HTTP_STORAGE_SCHEMA,
        STORAGE_KEY,
        STORAGE_MINOR_VERSION,
        STORAGE_VERSION,
    )
    from homeassistant.util import dt as dt_util  # noqa: PLC0415

    settings = dict(HTTP_STORAGE_SCHEMA({"server_host": ["127.0.0.1"], "server_port": port}))
    settings.update(created_at=dt_util.utcnow().isoformat(), error=None, error_message=None)
    data = {"stable": settings, "pending": None, "yaml_migration_done": True}
    _write_store(storage / STORAGE_KEY, STORAGE_KEY, STORAGE_VERSION, STORAGE_MINOR_VERSION, data)


def _stored_port(storage: Path) -> int | None:
    """The port Home Assistant will listen on, as its stored HTTP settings say."""
    data = _read_store(storage / "http")
    if not isinstance(data, dict):
        return None
    pending = data.get("pending")
    settings = pending if pending and pending.get("error") is None else data.get("stable")
    port = settings.get("server_port") if isinstance(settings, dict) else None
    return port if isinstance(port, int) else None


def _accounts(storage: Path) -> list[dict[str, str]]:
    """The Midea Cloud entries config/ keeps: title and server of each."""
    data = _read_store(storage / "core.config_entries") or {}
    return [
        {"title": entry.get("title", ""), "server": entry.get("data", {}).get("server") or ""}
        for entry in data.get("entries", [])
        if entry.get("domain") == DOMAIN
    ]


def _forget_login_block(storage: Path, account: str) -> bool:
    """Drop ``account``'s stored 7610 deadline; other accounts' blocks (a real account's, say)
    are kept. True when there was one."""
    path = storage / LOGIN_BLOCKS
    if not path.is_file():
        return False
    try:
        store = json.loads(path.read_text())
        blocks = store["data"]
    except ValueError, KeyError:
        return False
    if not isinstance(blocks, dict) or blocks.pop(account.lower(), None) is None:
        return False
    path.write_text(json.dumps(store, indent=2))
    return True


def prepare_config(config: Path, port: int, account: str) -> dict[str, str]:
    """Get config/ ready for a start; returns scripts/develop's variables."""
    storage = config / ".storage"
    storage.mkdir(parents=True, exist_ok=True)
    first_start = not (storage / "onboarding").exists()
    configuration = config / "configuration.yaml"
    if not configuration.exists():
        configuration.write_bytes(CONFIGURATION.read_bytes())
    elif hashlib.sha256(configuration.read_bytes()).hexdigest() in EARLIER_CONFIGURATIONS:
        configuration.write_bytes(CONFIGURATION.read_bytes())
        first_start = True
        print(
            "==> replaced config/configuration.yaml (an earlier demo's, which locked the unit "
            "system in YAML) with demo/configuration.yaml"
        )
    if not (storage / "onboarding").exists():
        _seed_onboarding(storage)
    if _stored_port(storage) is None:
        _seed_http(storage, port)
    if _forget_login_block(storage, account):
        print(
            f"==> forgot the login block of {account} stored by an earlier run: this emulator "
            "starts fresh and has blocked nothing"
        )
    accounts = _accounts(storage)
    return {
        "HASS_PORT": str(_stored_port(storage) or port),
        "FIRST_START": "1" if first_start else "",
        "ADDED_ACCOUNTS": ", ".join(account["title"] for account in accounts),
        "ADDED_SERVERS": " ".join(
            sorted({account["server"] or "automatic" for account in accounts})
        ),
    }


async def set_up_home(url: str, owner: Owner, first_start: bool) -> None:
    """Onboard (or log in); on the first start set the home up and create the dashboard."""
    async with aiohttp.ClientSession() as http:
        api = HomeAssistantApi(http, url, await onboard(http, url, owner))
        if not first_start:
            return
        await api.call("config/core/update", **HOME)
        dashboard = json.loads(DASHBOARD.read_text())
        existing = {item["url_path"] for item in await api.call("lovelace/dashboards/list")}
        if dashboard["url_path"] in existing:
            return
        await api.call(
            "lovelace/dashboards/create",
            url_path=dashboard["url_path"],
            title=dashboard["title"],
            icon=dashboard["icon"],
            mode="storage",
            show_in_sidebar=True,
            require_admin=False,
        )
        await api.call(
            "lovelace/config/save", url_path=dashboard["url_path"], config=dashboard["config"]
        )


def main() -> int:
    """Run one step; exit status 1 when Home Assistant refuses it."""
    parser = argparse.ArgumentParser(prog="python -m demo.prepare")
    steps = parser.add_subparsers(dest="step", required=True)
    config = steps.add_parser("config", help="before Home Assistant starts")
    config.add_argument("config_dir", type=Path)
    config.add_argument("port", type=int)
    config.add_argument("env_file", type=Path)
    config.add_argument("account", help="the emulator's account, whose login block is forgotten")
    home = steps.add_parser("home", help="once Home Assistant answers")
    for name in ("url", "name", "username", "password"):
        home.add_argument(name)
    home.add_argument("--first-start", action="store_true")
    args = parser.parse_args()
    if args.step == "config":
        variables = prepare_config(args.config_dir, args.port, args.account)
        args.env_file.write_text(
            "".join(f"{name}={shlex.quote(value)}\n" for name, value in variables.items())
        )
        return 0
    owner = Owner(args.name, args.username, args.password)
    try:
        asyncio.run(set_up_home(args.url, owner, args.first_start))
    except (OnboardingError, aiohttp.ClientError, RuntimeError) as err:
        print(f"demo: {err}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
