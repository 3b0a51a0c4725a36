"""Constants of the Midea Cloud integration."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
import logging
from typing import Final

from homeassistant.util.hass_dict import HassKey

DOMAIN: Final = "midea_cloud"
LOGGER = logging.getLogger(__package__)

CONF_PASSWORD_DIGEST: Final = "password_digest"  # noqa: S105  (a key name)
CONF_APP: Final = "app"
CONF_SERVER: Final = "server"
CONF_SESSION: Final = "session"
CONF_IAM_DIGEST: Final = "iam_digest"
"""MSmartHome entries only: the password's second digest, which its login needs too."""
CONF_DEVICE_ID: Final = "device_id"
"""MSmartHome entries only: the random id this installation logs in as, made once per entry."""

DATA_SERVER_MAP: Final[HassKey[Mapping[str, str]]] = HassKey(f"{DOMAIN}_server_map")
"""Where clients send the cloud's regional origins: ``https://mapp-eu.appsmb.com`` -> URL.

Exists for the cloud emulator and the tests only: they put ``CloudEmulator.server_map`` here so
that an entry without a server URL (region detection, regionDomain) reaches the emulator's three
regions. Nothing in the integration sets it, so in production it is absent and every request goes
to the origin it names.
"""

CONF_BEEP: Final = "beep"
CONF_TARGET_STEP: Final = "target_step"
DEFAULT_BEEP: Final = False
DEFAULT_TARGET_STEP: Final = 1.0
TARGET_STEPS: Final = (0.5, 1.0)

MANUFACTURER: Final = "Midea"

POLL_INTERVAL: Final = timedelta(seconds=60)
UNIT_LIST_INTERVAL: Final = timedelta(minutes=10)
READINGS_INTERVAL: Final = timedelta(minutes=5)
CONFIRMATION_DELAY: Final = timedelta(seconds=3)
RELAY_CONCURRENCY: Final = 4
FAILURES_BEFORE_UNAVAILABLE: Final = 3
CAPABILITY_REFRESH: Final = timedelta(days=1)
CAPABILITY_RETRY: Final = timedelta(hours=1)
SESSION_TAKEOVER_WINDOW: Final = timedelta(hours=6)
SESSION_TAKEOVERS_FOR_ISSUE: Final = 3

MIN_TARGET_TEMPERATURE: Final = 16.0
MAX_TARGET_TEMPERATURE: Final = 30.0
