"""App profiles (docs/protocol.md §D1) and the known servers (§D2): data, not code paths."""

from __future__ import annotations

from dataclasses import dataclass

MAPP_SERVERS: tuple[str, ...] = (
    "https://mapp.appsmb.com",
    "https://mapp-eu.appsmb.com",
    "https://mapp-us.appsmb.com",
)


@dataclass(frozen=True, slots=True)
class AppProfile:
    """One phone app on a Midea cloud family."""

    key: str
    name: str
    app_id: str
    app_key: str
    src: str
    servers: tuple[str, ...]
    cloud_family: str

    @property
    def is_msmarthome(self) -> bool:
        """True for the app on MSmartHome's cloud (the v5 proxy, docs/msmarthome.md)."""
        return self.cloud_family == "msmarthome"


PROFILES: dict[str, AppProfile] = {
    profile.key: profile
    for profile in (
        AppProfile(
            key="midea_air",
            name="Midea Air",
            app_id="1117",
            app_key="ff0cf6f5f0c3471de36341cab3f7a9af",
            src="17",
            servers=MAPP_SERVERS,
            cloud_family="mapp",
        ),
        AppProfile(
            key="nethome_plus",
            name="NetHome Plus",
            app_id="1017",
            app_key="3742e9e5842d4ad59c2db887e12449f9",
            src="17",
            servers=MAPP_SERVERS,
            cloud_family="mapp",
        ),
        AppProfile(
            key="msmarthome",
            name="MSmartHome",
            app_id="1010",
            app_key="ac21b9f9cbfe4ca5a88562ef25e2b768",
            src="1010",
            servers=("https://mp-prod.appsmb.com",),
            cloud_family="msmarthome",
        ),
    )
}
DEFAULT_PROFILE = "midea_air"
