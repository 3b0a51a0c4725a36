"""Onboarding and login through Home Assistant's HTTP API, the calls its first-run wizard makes.

``python -m tests.e2e.onboarding URL NAME USERNAME PASSWORD`` onboards a fresh Home Assistant
(or finishes an interrupted onboarding) and checks that the owner can log in. The browser test
and the demo (through demo/prepare.py) use it.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp

ONBOARDING_STEPS = ("user", "core_config", "analytics", "integration")


@dataclass(frozen=True)
class Owner:
    """The first user, created by onboarding."""

    name: str
    username: str
    password: str


class OnboardingError(Exception):
    """Home Assistant refused an onboarding or login call."""


async def _json(response: aiohttp.ClientResponse) -> Any:
    if response.status != 200:
        raise OnboardingError(f"{response.method} {response.url.path}: HTTP {response.status}")
    return await response.json()


async def pending_steps(http: aiohttp.ClientSession, url: str) -> list[str]:
    """The onboarding steps not done yet (Home Assistant drops the view once all are done)."""
    async with http.get(f"{url}/api/onboarding") as response:
        if response.status == 404:
            return []
        return [step["step"] for step in await _json(response) if not step["done"]]


async def log_in(http: aiohttp.ClientSession, url: str, owner: Owner) -> str:
    """Log in with the login form's flow; returns an access token."""
    client_id = f"{url}/"
    async with http.post(
        f"{url}/auth/login_flow",
        json={"client_id": client_id, "handler": ["homeassistant", None], "redirect_uri": url},
    ) as response:
        flow = await _json(response)
    async with http.post(
        f"{url}/auth/login_flow/{flow['flow_id']}",
        json={"client_id": client_id, "username": owner.username, "password": owner.password},
    ) as response:
        result = await _json(response)
    if result.get("type") != "create_entry":
        raise OnboardingError(f"Home Assistant refused the login of {owner.username!r}")
    return await _access_token(http, url, result["result"])


async def _access_token(http: aiohttp.ClientSession, url: str, code: str) -> str:
    async with http.post(
        f"{url}/auth/token",
        data={"grant_type": "authorization_code", "code": code, "client_id": f"{url}/"},
    ) as response:
        token: str = (await _json(response))["access_token"]
        return token


async def onboard(http: aiohttp.ClientSession, url: str, owner: Owner) -> str:
    """Finish every pending onboarding step; returns the owner's access token."""
    client_id = f"{url}/"
    steps = await pending_steps(http, url)
    if "user" not in steps:
        token = await log_in(http, url, owner)
    else:
        async with http.post(
            f"{url}/api/onboarding/users",
            json={
                "client_id": client_id,
                "name": owner.name,
                "username": owner.username,
                "password": owner.password,
                "language": "en",
            },
        ) as response:
            token = await _access_token(http, url, (await _json(response))["auth_code"])
    bodies: dict[str, dict[str, str]] = {
        "core_config": {},
        "analytics": {},
        "integration": {"client_id": client_id, "redirect_uri": f"{url}/?auth_callback=1"},
    }
    for step, body in bodies.items():
        if step in steps:
            async with http.post(
                f"{url}/api/onboarding/{step}",
                json=body,
                headers={"Authorization": f"Bearer {token}"},
            ) as response:
                await _json(response)
    if await pending_steps(http, url):
        raise OnboardingError("onboarding is still not complete")
    return token


async def _main(url: str, owner: Owner) -> None:
    async with aiohttp.ClientSession() as http:
        await onboard(http, url, owner)
        await log_in(http, url, owner)


def main() -> int:
    """Onboard the Home Assistant at URL with the given owner; exit status 1 on failure."""
    parser = argparse.ArgumentParser(prog="python -m tests.e2e.onboarding")
    for name in ("url", "name", "username", "password"):
        parser.add_argument(name)
    args = parser.parse_args()
    try:
        asyncio.run(_main(args.url, Owner(args.name, args.username, args.password)))
    except (OnboardingError, aiohttp.ClientError) as err:
        print(f"onboarding: {err}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
