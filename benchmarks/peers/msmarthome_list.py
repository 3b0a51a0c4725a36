"""An outside client logs in to an MSmartHome cloud (the emulator) and lists the account's units.

Runs in benchmarks/.venv-peers. Reads on stdin::

    {"peer": "msmart-ng" | "midea-beautiful-air", "entry": "<origin of the mp-prod host>",
     "server_map": {"<canonical origin>": "<loopback origin>"}, "email": ..., "password": ...}

and prints ``{"units": [{"id", "name", "sn", "type"}], "error": text|null, "code": int|null}``.
A peer that does not import ends the process with status 3 (the caller reports how to install it).

How each peer is pointed at the emulator, and what of it is ours:

* msmart-ng ``SmartHomeCloud``: its class constant ``BASE_URL`` is set to ``entry``. It has no
  router and no unit list of its own: login is its ``login()``; the list goes through its own
  signed transport (``_api_request`` + ``_build_request_body``) with the list endpoint. It has
  no session-key code either, so the serials are decrypted here with the keys unwrapped by its
  K0/IV0 primitive (``_Security.decrypt_aes_app_key``).

The peers are imported when used, so that one missing peer does not hide the other.
* midea-beautiful-air ``MideaCloud`` with its ``SUPPORTED_APPS["MSmartHome"]`` entry, ``api_url`` on
  ``entry``. Its own router call runs first; the ``masUrl`` it answers is a canonical https origin,
  so its origin is swapped for the loopback one from ``server_map``. Then ``authenticate()`` and
  ``list_appliances()`` as published.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from typing import Any
from urllib.parse import urlsplit

PROXY_PATH = "/mas/v5/app/proxy?alias="
LIST_PATH = "/v1/appliance/user/list/get"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
PEER_MISSING = 3


class NotLoopbackError(RuntimeError):
    """The peer was about to leave the loopback emulator."""


def _loopback(url: str) -> str:
    if urlsplit(url).hostname not in LOOPBACK_HOSTS:
        raise NotLoopbackError(f"refusing to contact {url!r}: not the loopback emulator")
    return url


def _failure(err: Exception) -> dict[str, Any]:
    code = getattr(err, "code", None)  # msmart-ng's ApiError
    if code is None:
        code = getattr(err, "error_code", None)  # midea-beautiful-air's cloud errors
    return {
        "units": [],
        "error": f"{type(err).__name__}: {err}",
        "code": int(code) if isinstance(code, int | str) and str(code).isdigit() else None,
    }


async def _msmart_ng(request: dict[str, Any]) -> dict[str, Any]:
    smart_home_cloud = importlib.import_module("msmart.cloud").SmartHomeCloud
    aes = importlib.import_module("Crypto.Cipher.AES")
    padding = importlib.import_module("Crypto.Util.Padding")

    smart_home_cloud.BASE_URL = _loopback(request["entry"])
    cloud = smart_home_cloud(account=request["email"], password=request["password"])
    try:
        await cloud.login()
        answer = await cloud._api_request(LIST_PATH, cloud._build_request_body({}))
    except Exception as err:  # every failure of the peer is the answer
        return _failure(err)
    security = cloud._security
    session = cloud._session
    data_key = security.decrypt_aes_app_key(bytes.fromhex(session["accessToken"]))
    data_iv = security.decrypt_aes_app_key(bytes.fromhex(session["randomData"]))

    def serial(hex_text: str) -> str:
        cipher = aes.new(data_key, aes.MODE_CBC, iv=data_iv)
        return str(padding.unpad(cipher.decrypt(bytes.fromhex(hex_text)), 16).decode())

    units = [
        {"id": item["id"], "name": item["name"], "sn": serial(item["sn"]), "type": item["type"]}
        for item in answer["list"]
    ]
    return {"units": units, "error": None, "code": None}


def _midea_beautiful_air(request: dict[str, Any]) -> dict[str, Any]:
    midea_cloud = importlib.import_module("midea_beautiful.cloud").MideaCloud
    app = importlib.import_module("midea_beautiful.midea").SUPPORTED_APPS["MSmartHome"]
    cloud = midea_cloud(
        app["appkey"],
        request["email"],
        request["password"],
        appid=app["appid"],
        api_url=_loopback(request["entry"]) + PROXY_PATH,
        iot_key=app["iotkey"],
        hmac_key=app["hmackey"],
        proxied=app["proxied"],
    )
    cloud.sleep_interval = 0  # its retry back-off (documented as adjustable for tests)
    try:
        cloud._get_region()
        routed = urlsplit(cloud._api_url)
        origin = f"{routed.scheme}://{routed.netloc}"
        cloud._api_url = (
            _loopback(request["server_map"].get(origin, origin)) + cloud._api_url[len(origin) :]
        )
        cloud.authenticate()
        listed = cloud.list_appliances()
    except Exception as err:  # every failure of the peer is the answer
        return _failure(err)
    units = [
        {"id": item["id"], "name": item["name"], "sn": item["sn"], "type": item["type"]}
        for item in listed
    ]
    return {"units": units, "error": None, "code": None}


def list_units(request: dict[str, Any]) -> dict[str, Any]:
    """Log in with the peer named in ``request`` and list the account's units."""
    try:
        if request["peer"] == "msmart-ng":
            return asyncio.run(_msmart_ng(request))
        if request["peer"] == "midea-beautiful-air":
            return _midea_beautiful_air(request)
    except ImportError as err:
        print(f"{request['peer']} does not import: {err}", file=sys.stderr)
        sys.exit(PEER_MISSING)
    raise ValueError(f"unknown peer {request['peer']!r}")


def main() -> None:
    """Run the listing described on stdin and print the JSON answer."""
    json.dump(list_units(json.load(sys.stdin)), sys.stdout)


if __name__ == "__main__":
    main()
