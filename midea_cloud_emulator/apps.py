"""The phone apps the emulated clouds serve, and their servers: the cloud's own copy.

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
MSMARTHOME_SERVERS: tuple[str, ...] = (
    "https://mp-prod.appsmb.com",
    "https://mp-eu-prod.appsmb.com",
)


@dataclass(frozen=True, slots=True)
class AppProfile:
    """A phone app as the cloud knows it: its key, its appId and the key it signs with.

    ``servers``: the cloud the app talks to. MSmartHome (the v5 proxy) also signs with
    ``iot_key`` and ``hmac_key``; its ``app_key`` hashes passwords and wraps session keys.
    """

    key: str
    app_id: str
    app_key: str
    servers: tuple[str, ...] = MAPP_SERVERS
    iot_key: str = ""
    hmac_key: str = ""

    @property
    def is_msmarthome(self) -> bool:
        """True for the app of the v5 proxy cloud."""
        return self.servers == MSMARTHOME_SERVERS


APP_PROFILES: dict[str, AppProfile] = {
    profile.key: profile
    for profile in (
        AppProfile(key="midea_air", app_id="1117", app_key="ff0cf6f5f0c3471de36341cab3f7a9af"),
        AppProfile(key="nethome_plus", app_id="1017", app_key="3742e9e5842d4ad59c2db887e12449f9"),
        AppProfile(
            key="msmarthome",
            app_id="1010",
            app_key="ac21b9f9cbfe4ca5a88562ef25e2b768",
            servers=MSMARTHOME_SERVERS,
            iot_key="meicloud",
            hmac_key="PROD_VnoClJI9aikS8dyy",
        ),
    )
}
DEFAULT_APP = "midea_air"
MSMARTHOME_APP = "msmarthome"
