"""Cloud accounts and their login sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .apps import AppProfile
from .unit import SimulatedUnit


@dataclass(eq=False)
class Account:
    """One account of one app in one region. Tests may flip the option attributes.

    Options:
      random_data: /login/new answers randomData (False: the client must use the old login).
      region_domain: /login/new answers regionDomain.
      region_domain_value: the regionDomain sent (None: the canonical origin of ``region``).
      session_keys: (dataKey, dataIV) every new session uses, for byte-exact tests (None: random).
      single_session: a new login invalidates the account's older sessions (phone-app effect).
      route_found: MSmartHome's routers know the account (False: they answer 10004).
      device_quota: MSmartHome: how many login deviceIds may sign in (the next one gets 65027).
    """

    email: str
    profile: AppProfile
    region: str
    user_id: str
    password_digest: str = field(repr=False)
    iam_digest: str = field(default="", repr=False)
    random_data: bool = True
    region_domain: bool = True
    region_domain_value: str | None = None
    session_keys: tuple[str, str] | None = field(default=None, repr=False)
    single_session: bool = False
    route_found: bool = True
    device_quota: int = 5
    login_devices: list[str] = field(default_factory=list, repr=False)
    units: dict[str, SimulatedUnit] = field(default_factory=dict)
    login_id: str | None = field(default=None, repr=False)
    login_times: list[datetime] = field(default_factory=list, repr=False)

    @property
    def app(self) -> str:
        """The app profile key (``midea_air``, ``nethome_plus`` or ``msmarthome``)."""
        return self.profile.key


@dataclass(eq=False)
class Session:
    """A login session. ``data_iv`` is None for an ECB session (old login, or no randomData)."""

    session_id: str = field(repr=False)
    account: Account
    region: str
    data_key: bytes = field(repr=False)
    data_iv: bytes | None = field(repr=False)
    created: datetime
    valid: bool = True

    @property
    def is_cbc(self) -> bool:
        """True for a /login/new session that got randomData."""
        return self.data_iv is not None
