"""The phone apps the emulated cloud serves, and its servers: the cloud's own copy.

The integration's codec has the same constants on its side of the wire; the emulator keeps
its own so that it imports nothing of the integration (and no Home Assistant).
"""

from __future__ import annotations

from dataclasses import dataclass

MAPP_SERVERS: tuple[str, ...] = (
    "https://mapp.appsmb.com",
    "https://mapp-eu.appsmb.com",
    "https://mapp-us.appsmb.com",
)


@dataclass(frozen=True, slots=True)
class AppProfile:
    """A phone app as the cloud knows it: its key, its appId and the key it signs with."""

    key: str
    app_id: str
    app_key: str


APP_PROFILES: dict[str, AppProfile] = {
    profile.key: profile
    for profile in (
        AppProfile(key="midea_air", app_id="1117", app_key="ff0cf6f5f0c3471de36341cab3f7a9af"),
        AppProfile(key="nethome_plus", app_id="1017", app_key="3742e9e5842d4ad59c2db887e12449f9"),
    )
}
DEFAULT_APP = "midea_air"
