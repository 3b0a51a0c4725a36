"""The emulated cloud's data: accounts, units, sessions, clock, faults and request records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from .accounts import Account, Session
from .apps import AppProfile
from .capabilities import CapabilityProfile
from .errors import INVALID_SESSION, TOO_MANY_LOGINS, CloudError
from .faults import FaultPlan
from .ids import IdSource
from .records import RequestRecord
from .regions import REGION_ORIGINS, profile_for_key, region_for
from .state import UnitState
from .unit import SimulatedUnit
from .wire.proxy_sign import iam_digest
from .wire.sign import password_digest

LOGIN_PATHS = frozenset({"/v1/user/login/new", "/v1/user/login", "/mj/user/login"})
_HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Call:
    """One request after its sign and common parameters were checked."""

    region: str
    path: str
    params: dict[str, str]
    profile: AppProfile


class Cloud:
    """Everything the endpoints read and change; no HTTP here."""

    def __init__(
        self,
        *,
        clock: Callable[[], datetime] | None = None,
        seed: int = 0,
        session_ttl: float = 3600.0,
        login_limit_per_hour: int = 10,
        legacy_relay_works: bool = False,
    ) -> None:
        self._clock = clock or (lambda: datetime.now(UTC))
        self._offset = timedelta()
        self._ids = IdSource(seed)
        self.session_ttl = session_ttl
        self.login_limit_per_hour = login_limit_per_hour
        self.legacy_relay_works = legacy_relay_works
        self.error_codes_as_numbers = False
        self.refused_framings: set[str] = set()
        self.refused_csv: set[str] = set()
        self.faults = FaultPlan(seed)
        self.requests: list[RequestRecord] = []
        self.accounts: dict[str, Account] = {}
        self.sessions: dict[str, Session] = {}
        self.sends_in_flight: dict[str, int] = {}
        self.peak_sends_in_flight = 0
        self.peak_sends_by_account: dict[str, int] = {}

    # Clock -----------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The emulator's clock: the injected clock moved on by every ``advance``."""
        return self._clock() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the emulator's clock (room temperatures, session ttl and login rate follow)."""
        self._offset += timedelta(seconds=seconds)
        now = self.now()
        for account in self.accounts.values():
            for unit in account.units.values():
                unit.settle(now)

    # Set-up by tests ---------------------------------------------------------------------------

    def add_account(
        self, email: str, password: str, *, app: str = "midea_air", region: str | None = None
    ) -> Account:
        """Register an account of ``app`` in ``region``, one of the app's ``REGION_ORIGINS``
        (None: "mapp" for the mapp apps, "mp-prod" for MSmartHome)."""
        profile = profile_for_key(app)
        region = region_for(profile, region)
        if email in self.accounts:
            raise ValueError(f"account {email!r} exists already")
        account = Account(
            email=email,
            profile=profile,
            region=region,
            user_id=self._ids.user_id(),
            password_digest=password_digest(password),
            iam_digest=iam_digest(password),
        )
        self.accounts[email] = account
        return account

    def move_account(self, email: str, *, app: str, region: str | None = None) -> Account:
        """Register the account of ``email`` with ``app`` instead, keeping password and units.

        Like an account re-registered with the other phone app: it gets a user id of its own
        (never the old one), the old app answers 3102 for the e-mail from now on and the old
        sessions end (3106). ``region``: where it lives now (None: where it lived).
        """
        old = self.account(email)
        profile = profile_for_key(app)
        if region is None and REGION_ORIGINS[old.region] in profile.servers:
            region = old.region
        region = region_for(profile, region)
        user_id = self._ids.user_id()
        while user_id == old.user_id:
            user_id = self._ids.user_id()
        account = replace(
            old,
            profile=profile,
            region=region,
            user_id=user_id,
            login_id=None,
            login_times=[],
            login_devices=[],
        )
        self.accounts[email] = account
        return account

    def add_unit(
        self,
        email: str,
        *,
        name: str,
        appliance_id: str | None = None,
        online: bool = True,
        model: str = "MSAFB-12HRDN1",
        serial: str | None = None,
        power: bool = False,
        mode: int = 2,
        target: float = 24.0,
        fan: int = 102,
        indoor: float | None = 25.0,
        outdoor: float | None = 30.0,
        swing_vertical: bool = False,
        swing_horizontal: bool = False,
        eco: bool = False,
        turbo: bool = False,
        sleep: bool = False,
        display_on: bool = True,
        fahrenheit_display: bool = False,
        error_code: int = 0,
        filter_alert: bool = False,
        appliance_error: bool = False,
        capabilities: CapabilityProfile | None = None,
        power_w: float | None = None,
        energy_kwh: float | None = None,
        humidity: float | None = None,
        lua: bool = True,
    ) -> SimulatedUnit:
        """Add an air conditioner to the account of ``email``.

        ``capabilities``: the 0xB5 profile it answers with (None: it does not answer).
        ``power_w``, ``energy_kwh``, ``humidity``, ``lua``: what MSmartHome's Lua status
        reports (see ``SimulatedUnit``).
        """
        account = self.account(email)
        if appliance_id is None:
            appliance_id = self._ids.appliance_id()
        elif any(appliance_id in other.units for other in self.accounts.values()):
            raise ValueError(f"appliance {appliance_id} exists already")
        else:
            self._ids.reserve_appliance_id(appliance_id)
        state = UnitState(
            power=power,
            mode=mode,
            target=target,
            fan=fan,
            indoor=indoor,
            outdoor=outdoor,
            swing_vertical=swing_vertical,
            swing_horizontal=swing_horizontal,
            eco=eco,
            turbo=turbo,
            sleep=sleep,
            display_on=display_on,
            fahrenheit_display=fahrenheit_display,
            error_code=error_code,
            filter_alert=filter_alert,
            appliance_error=appliance_error,
        )
        unit = SimulatedUnit(
            appliance_id=appliance_id,
            name=name,
            model=model,
            serial=serial if serial is not None else self._ids.serial(),
            state=state,
            last_settled=self.now(),
            online=online,
            capabilities=capabilities,
            power_w=power_w,
            energy_kwh=energy_kwh,
            humidity=humidity,
            lua=lua,
        )
        account.units[appliance_id] = unit
        return unit

    def remove_unit(self, email: str, appliance_id: str) -> None:
        """Take a unit off the account (later requests for it answer 3127)."""
        del self.account(email).units[appliance_id]

    def account(self, email: str) -> Account:
        """The account registered for ``email`` (KeyError if none)."""
        return self.accounts[email]

    def unit(self, appliance_id: str) -> SimulatedUnit:
        """The unit with ``appliance_id`` on any account (KeyError if none)."""
        for account in self.accounts.values():
            if appliance_id in account.units:
                return account.units[appliance_id]
        raise KeyError(appliance_id)

    def forget_devices(self, email: str) -> None:
        """Sign every login device out of the account (MSmartHome's fix for 65027)."""
        self.account(email).login_devices.clear()

    def expire_sessions(self, email: str | None = None) -> None:
        """Every existing session (of ``email``, or of everyone) ends (3106; 40002 on
        MSmartHome)."""
        for session in self.sessions.values():
            if email is None or session.account.email == email:
                session.valid = False

    # Statistics ----------------------------------------------------------------------------------

    def count(self, path: str | None = None) -> int:
        """Requests received (to ``path`` only, when given)."""
        return sum(1 for record in self.requests if path is None or record.path == path)

    def logins(self, email: str) -> int:
        """Login attempts (/login/new, /login and /mj/user/login, any outcome) naming ``email``."""
        return sum(
            1
            for record in self.requests
            if record.path in LOGIN_PATHS and record.params.get("loginAccount") == email
        )

    @contextmanager
    def tracking_send(self, session_id: str | None) -> Iterator[None]:
        """Count a transparent/send in flight for the session's account (D6: at most one)."""
        session = self.sessions.get(session_id or "")
        email = session.account.email if session is not None else ""
        in_flight = self.sends_in_flight[email] = self.sends_in_flight.get(email, 0) + 1
        self.peak_sends_in_flight = max(self.peak_sends_in_flight, in_flight)
        self.peak_sends_by_account[email] = max(self.peak_sends_by_account.get(email, 0), in_flight)
        try:
            yield
        finally:
            self.sends_in_flight[email] -= 1

    # Used by the endpoints ---------------------------------------------------------------------

    def account_in(self, call: Call, email: str) -> Account | None:
        """The account of ``email`` if it belongs to the call's app and region."""
        account = self.accounts.get(email)
        if account is None or account.profile != call.profile or account.region != call.region:
            return None
        return account

    def new_login_id(self, account: Account) -> str:
        """A fresh login id; it replaces the account's previous one."""
        account.login_id = self._ids.login_id()
        return account.login_id

    def count_login(self, account: Account) -> None:
        """Record a login attempt, or answer 7610 when the hourly limit is used up."""
        now = self.now()
        account.login_times[:] = [t for t in account.login_times if now - t < _HOUR]
        if len(account.login_times) >= self.login_limit_per_hour:
            raise CloudError(TOO_MANY_LOGINS)
        account.login_times.append(now)

    def open_session(
        self, account: Account, region: str, *, with_iv: bool, token_prefix: str = ""
    ) -> Session:
        """A new session with fresh (or the account's fixed) dataKey and dataIV; its id starts
        with ``token_prefix``."""
        if account.single_session:
            self.expire_sessions(account.email)
        if account.session_keys is not None:
            key, iv = (part.encode() for part in account.session_keys)
        else:
            key, iv = self._ids.secret(), self._ids.secret()
        session = Session(
            session_id=token_prefix + self._ids.session_id(),
            account=account,
            region=region,
            data_key=key,
            data_iv=iv if with_iv else None,
            created=self.now(),
        )
        self.sessions[session.session_id] = session
        return session

    def live_session(self, session_id: str, call: Call) -> Session | None:
        """The session ``session_id`` if it is alive and belongs to the call's app and region."""
        session = self.sessions.get(session_id)
        if (
            session is None
            or not session.valid
            or session.region != call.region
            or session.account.profile != call.profile
            or self.accounts.get(session.account.email) is not session.account
            or (self.now() - session.created).total_seconds() >= self.session_ttl
        ):
            return None
        return session

    def session_for(self, call: Call) -> Session:
        """The live session named by the call's sessionId, else 3106."""
        session = self.live_session(call.params.get("sessionId", ""), call)
        if session is None:
            raise CloudError(INVALID_SESSION)
        return session

    def kill_session(self, session_id: str | None) -> None:
        """Invalidate one session (KILL_SESSION fault)."""
        session = self.sessions.get(session_id or "")
        if session is not None:
            session.valid = False
