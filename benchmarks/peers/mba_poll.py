"""midea-beautiful-air polling units through a cloud (the emulator), timed; runs in .venv-peers.

Reads {"url", "email", "password", "units": [ids], "repeats", "adapt_fun_id"} on stdin and
prints {"walls": [s per poll of every unit], "targets": [...], "error": text or null}.
midea-beautiful-air sends ``funId=0000``; docs/protocol.md §D6 (and the emulator) want ``0008``.
With ``adapt_fun_id`` the only change made to the library is that parameter.
"""

from __future__ import annotations

import json
import sys
from time import perf_counter
from typing import Any

from midea_beautiful.cloud import MideaCloud
from midea_beautiful.exceptions import MideaError
from midea_beautiful.lan import LanDevice
from midea_beautiful.midea import SUPPORTED_APPS

SEND = "/v1/appliance/transparent/send"


class FunId0008Cloud(MideaCloud):
    """MideaCloud with funId 0008 on transparent/send, nothing else changed."""

    def api_request(self, endpoint: str, args: dict[str, Any] | None = None, *more, **options):
        if endpoint == SEND and args:
            args = {**args, "funId": "0008"}
        return super().api_request(endpoint, args, *more, **options)


def poll(request: dict[str, Any]) -> dict[str, Any]:
    """Log in, then poll every unit ``repeats`` times, one unit after the other."""
    app = SUPPORTED_APPS["Midea Air"]
    kind = FunId0008Cloud if request["adapt_fun_id"] else MideaCloud
    cloud = kind(
        app["appkey"],
        request["email"],
        request["password"],
        appid=app["appid"],
        api_url=request["url"],
    )
    cloud.sleep_interval = 0  # its retry back-off (documented as adjustable for tests)
    devices = [LanDevice(appliance_id=unit, appliance_type="0xac") for unit in request["units"]]
    walls: list[float] = []
    try:
        cloud.authenticate()
        for _ in range(request["repeats"]):
            start = perf_counter()
            for device in devices:
                device.refresh(cloud)
            walls.append(perf_counter() - start)
    except MideaError as err:
        return {"walls": walls, "targets": [], "error": f"{type(err).__name__}: {err}"}
    targets = [device.state.target_temperature for device in devices]
    return {"walls": walls, "targets": targets, "error": None}


def main() -> None:
    """Run the poll described on stdin and print the JSON answer."""
    json.dump(poll(json.load(sys.stdin)), sys.stdout)


if __name__ == "__main__":
    main()
