"""The emulated regions: one per server the apps know (three mapp, two MSmartHome)."""

from __future__ import annotations

from urllib.parse import urlsplit

from .apps import APP_PROFILES, MAPP_SERVERS, MSMARTHOME_SERVERS, AppProfile


def _label(origin: str) -> str:
    return (urlsplit(origin).hostname or "").split(".")[0]


REGION_ORIGINS: dict[str, str] = {
    _label(origin): origin for origin in (*MAPP_SERVERS, *MSMARTHOME_SERVERS)
}
DEFAULT_REGION = _label(MAPP_SERVERS[0])
DEFAULT_MSMARTHOME_REGION = _label(MSMARTHOME_SERVERS[0])
MSMARTHOME_REGIONS = frozenset(_label(origin) for origin in MSMARTHOME_SERVERS)


def profile_for_app_id(app_id: str) -> AppProfile | None:
    """The app profile whose appId is ``app_id``."""
    return next((p for p in APP_PROFILES.values() if p.app_id == app_id), None)


def profile_for_key(key: str) -> AppProfile:
    """The app profile called ``key`` (ValueError for an unknown one)."""
    try:
        return APP_PROFILES[key]
    except KeyError:
        raise ValueError(f"unknown app {key!r}; known: {', '.join(APP_PROFILES)}") from None


def region_for(profile: AppProfile, region: str | None) -> str:
    """``region`` checked against the app's servers (None: the app's default region)."""
    if region is None:
        return DEFAULT_MSMARTHOME_REGION if profile.is_msmarthome else DEFAULT_REGION
    if region not in REGION_ORIGINS:
        raise ValueError(f"unknown region {region!r}; known: {', '.join(REGION_ORIGINS)}")
    if REGION_ORIGINS[region] not in profile.servers:
        known = ", ".join(_label(origin) for origin in profile.servers)
        raise ValueError(f"app {profile.key!r} has no region {region!r}; its regions: {known}")
    return region
