"""The emulated regions: one per canonical mapp server of the app profiles (D2)."""

from __future__ import annotations

from urllib.parse import urlsplit

from custom_components.midea_cloud.codec.profiles import MAPP_SERVERS, PROFILES, AppProfile


def _label(origin: str) -> str:
    return (urlsplit(origin).hostname or "").split(".")[0]


REGION_ORIGINS: dict[str, str] = {_label(origin): origin for origin in MAPP_SERVERS}
DEFAULT_REGION = _label(MAPP_SERVERS[0])


def profile_for_app_id(app_id: str) -> AppProfile | None:
    """The app profile whose appId is ``app_id``."""
    return next((p for p in PROFILES.values() if p.app_id == app_id), None)


def profile_for_key(key: str) -> AppProfile:
    """The app profile called ``key`` (ValueError for an unknown one)."""
    try:
        return PROFILES[key]
    except KeyError:
        raise ValueError(f"unknown app {key!r}; known: {', '.join(PROFILES)}") from None
