"""The HTTP bodies of cloud answers, including the deliberately broken ones."""

from __future__ import annotations

from dataclasses import dataclass
import json

from aiohttp import web

from .errors import message_for

JSON_TYPE = "application/json"


@dataclass(frozen=True, slots=True)
class Shape:
    """The names of an answer's code and payload fields."""

    code: str
    result: str


MAPP = Shape("errorCode", "result")
PROXY = Shape("code", "data")


def _code(code: int, as_number: bool) -> int | str:
    return code if as_number else str(code)


def success(
    result: dict[str, object], *, as_number: bool = False, shape: Shape = MAPP
) -> web.Response:
    """errorCode 0 with ``result``."""
    return envelope({shape.code: _code(0, as_number), "msg": "ok", shape.result: result})


def error(code: int, *, as_number: bool = False, shape: Shape = MAPP) -> web.Response:
    """A non-zero errorCode with the cloud's message."""
    return envelope({shape.code: _code(code, as_number), "msg": message_for(code)})


def envelope(payload: dict[str, object]) -> web.Response:
    """Any JSON object, compact, as the cloud sends it."""
    return web.Response(text=json.dumps(payload, separators=(",", ":")), content_type=JSON_TYPE)


def null_error_code(shape: Shape = MAPP) -> web.Response:
    """``errorCode: null`` (seen after malformed requests)."""
    return envelope({shape.code: None, "msg": "system error"})


def null_result(*, as_number: bool = False, shape: Shape = MAPP) -> web.Response:
    """errorCode 0 with ``result: null``: success that carries nothing (no list, no reply)."""
    return envelope({shape.code: _code(0, as_number), "msg": "ok", shape.result: None})


def not_json() -> web.Response:
    """An HTML error page with status 200, as a proxy in front of the cloud might send."""
    return web.Response(text="<html><body>502 Bad Gateway</body></html>", content_type="text/html")


def truncated_json(shape: Shape = MAPP) -> web.Response:
    """The first half of a success answer."""
    text = json.dumps({shape.code: "0", "msg": "ok", shape.result: {"reply": "00" * 32}})
    return web.Response(text=text[: len(text) // 2], content_type=JSON_TYPE)


def http_status(status: int) -> web.Response:
    """A bare HTTP status; a redirect points back at this server (clients must not follow it)."""
    headers = {"Location": "/redirected"} if 300 <= status < 400 else None
    return web.Response(status=status, text=f"HTTP {status}", headers=headers)
