"""The HTTP bodies of cloud answers, including the deliberately broken ones."""

from __future__ import annotations

import json

from aiohttp import web

from .errors import message_for

JSON_TYPE = "application/json"


def _code(code: int, as_number: bool) -> int | str:
    return code if as_number else str(code)


def success(result: dict[str, object], *, as_number: bool = False) -> web.Response:
    """errorCode 0 with ``result``."""
    return envelope({"errorCode": _code(0, as_number), "msg": "ok", "result": result})


def error(code: int, *, as_number: bool = False) -> web.Response:
    """A non-zero errorCode with the cloud's message."""
    return envelope({"errorCode": _code(code, as_number), "msg": message_for(code)})


def envelope(payload: dict[str, object]) -> web.Response:
    """Any JSON object, compact, as the cloud sends it."""
    return web.Response(text=json.dumps(payload, separators=(",", ":")), content_type=JSON_TYPE)


def null_error_code() -> web.Response:
    """``errorCode: null`` (seen after malformed requests)."""
    return envelope({"errorCode": None, "msg": "system error"})


def null_result(*, as_number: bool = False) -> web.Response:
    """errorCode 0 with ``result: null``: success that carries nothing (no list, no reply)."""
    return envelope({"errorCode": _code(0, as_number), "msg": "ok", "result": None})


def not_json() -> web.Response:
    """An HTML error page with status 200, as a proxy in front of the cloud might send."""
    return web.Response(text="<html><body>502 Bad Gateway</body></html>", content_type="text/html")


def truncated_json() -> web.Response:
    """The first half of a success answer."""
    text = json.dumps({"errorCode": "0", "msg": "ok", "result": {"reply": "00" * 32}})
    return web.Response(text=text[: len(text) // 2], content_type=JSON_TYPE)


def http_status(status: int) -> web.Response:
    """A bare HTTP status; a redirect points back at this server (clients must not follow it)."""
    headers = {"Location": "/redirected"} if 300 <= status < 400 else None
    return web.Response(status=status, text=f"HTTP {status}", headers=headers)
