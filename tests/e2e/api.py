"""The few REST and websocket calls the browser test makes to set the scene and read results."""

from __future__ import annotations

from typing import Any

import aiohttp


class HomeAssistantApi:
    """Home Assistant's API as the owner (an access token from onboarding)."""

    def __init__(self, http: aiohttp.ClientSession, url: str, token: str) -> None:
        self.http = http
        self.url = url
        self._token = token
        self._headers = {"Authorization": f"Bearer {token}"}

    async def states(self) -> list[dict[str, Any]]:
        """Every entity's state."""
        async with self.http.get(f"{self.url}/api/states", headers=self._headers) as response:
            response.raise_for_status()
            states: list[dict[str, Any]] = await response.json()
            return states

    async def climate_state(self, name: str) -> dict[str, Any]:
        """The state of the climate entity whose friendly name is ``name``."""
        for state in await self.states():
            if (
                state["entity_id"].startswith("climate.")
                and state["attributes"].get("friendly_name") == name
            ):
                return state
        raise LookupError(f"no climate entity named {name!r}")

    async def state(self, entity_id: str) -> dict[str, Any]:
        """The state of ``entity_id``."""
        async with self.http.get(
            f"{self.url}/api/states/{entity_id}",
            headers=self._headers,
        ) as response:
            response.raise_for_status()
            state: dict[str, Any] = await response.json()
            return state

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST ``body`` to the REST API at ``path``; the answer."""
        async with self.http.post(
            f"{self.url}{path}", json=body, headers=self._headers
        ) as response:
            response.raise_for_status()
            answer: dict[str, Any] = await response.json()
            return answer

    async def call(self, message_type: str, **data: Any) -> Any:
        """One websocket command on a connection of its own; returns its result."""
        async with self.http.ws_connect(f"{self.url}/api/websocket") as ws:
            await ws.receive_json()  # auth_required
            await ws.send_json({"type": "auth", "access_token": self._token})
            if (await ws.receive_json())["type"] != "auth_ok":
                raise PermissionError("the websocket API refused the owner's token")
            await ws.send_json({"id": 1, "type": message_type, **data})
            answer = await ws.receive_json()
        if not answer["success"]:
            raise RuntimeError(f"{message_type} failed: {answer['error']}")
        return answer["result"]

    async def create_dashboard(
        self, url_path: str, title: str, cards: list[dict[str, Any]]
    ) -> None:
        """A dashboard in the sidebar with one view holding ``cards``."""
        await self.call(
            "lovelace/dashboards/create",
            url_path=url_path,
            title=title,
            icon="mdi:thermostat",
            mode="storage",
            show_in_sidebar=True,
            require_admin=False,
        )
        await self.call(
            "lovelace/config/save",
            url_path=url_path,
            config={"views": [{"title": title, "cards": cards}]},
        )

    async def device_id(self, name: str, domain: str) -> str:
        """The registry id of ``domain``'s device named ``name``."""
        for device in await self.call("config/device_registry/list"):
            if device["name"] == name and any(key[0] == domain for key in device["identifiers"]):
                device_id: str = device["id"]
                return device_id
        raise LookupError(f"no {domain} device named {name!r}")

    async def device_of(self, domain: str, identifier: str) -> str:
        """The registry id of the device ``domain`` knows as ``identifier`` (a unit's id)."""
        for device in await self.call("config/device_registry/list"):
            if [domain, identifier] in device["identifiers"]:
                device_id: str = device["id"]
                return device_id
        raise LookupError(f"no {domain} device {identifier!r}")

    async def device_states(self, device_id: str) -> dict[str, dict[str, Any]]:
        """The state of every entity of the device, by entity id."""
        entities = await self.call("config/entity_registry/list")
        ours = {entity["entity_id"] for entity in entities if entity["device_id"] == device_id}
        return {
            state["entity_id"]: state for state in await self.states() if state["entity_id"] in ours
        }

    async def entity_states(self, platform: str) -> dict[str, str]:
        """The state of every entity of the integration ``platform``, by entity id."""
        entities = await self.call("config/entity_registry/list")
        ours = {entity["entity_id"] for entity in entities if entity["platform"] == platform}
        return {
            state["entity_id"]: state["state"]
            for state in await self.states()
            if state["entity_id"] in ours
        }

    async def entry_states(self, domain: str) -> list[str]:
        """The state of each config entry of ``domain`` (``loaded``, ``setup_retry`` ...)."""
        entries = await self.call("config_entries/get", domain=domain)
        return [entry["state"] for entry in entries]

    async def add_entry(self, domain: str, user_input: dict[str, Any]) -> None:
        """Add a config entry through the config flow's REST API (a flow of one form)."""
        flows = "/api/config/config_entries/flow"
        flow = await self._post(flows, {"handler": domain})
        result = await self._post(f"{flows}/{flow['flow_id']}", user_input)
        if result["type"] != "create_entry":
            raise RuntimeError(f"the {domain} flow did not add an entry: {result}")
