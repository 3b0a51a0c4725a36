"""The emulated regions: one per mapp server the apps know."""

from __future__ import annotations

from urllib.parse import urlsplit

from .apps import APP_PROFILES, MAPP_SERVERS, AppProfile


def _label(origin: str) -> str:
    return (urlsplit(origin).hostname or "").split(".")[0]


REGION_ORIGINS: dict[str, str] = {_label(origin): origin for origin in MAPP_SERVERS}
DEFAULT_REGION = _label(MAPP_SERVERS[0])


def profile_for_app_id(app_id: str) -> AppProfile | None:
    """The app profile whose appId is ``app_id``."""
    return next((p for p in APP_PROFILES.values() if p.app_id == app_id), None)


def profile_for_key(key: str) -> AppProfile:
    """The app profile called ``key`` (ValueError for an unknown one)."""
    try:
        return APP_PROFILES[key]
    except KeyError:
        raise ValueError(f"unknown app {key!r}; known: {', '.join(APP_PROFILES)}") from None
