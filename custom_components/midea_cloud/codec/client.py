"""The async cloud client of one account: unit list, queries and commands (docs/protocol.md).

It composes the seams of the codec: the cloud's wire (``mapp.MappCloud``: login, list, relay),
the session and its login budget (``session.SessionKeeper``), and each unit's state
(``units.UnitStates``). What is here is the policy above them: retries, freshness, commands.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import logging

import aiohttp

from .capabilities import (
    Capabilities,
    CapabilityPage,
    capabilities_from_records,
    parse_capabilities_frame,
)
from .errors import (
    MideaAccountNotFoundError,
    MideaApiError,
    MideaApplianceOfflineError,
    MideaAuthError,
    MideaConfigError,
    MideaMalformedAnswerError,
    MideaNetworkError,
    MideaNoReplyError,
    MideaNoStateError,
    MideaProtocolError,
    MideaRateLimitedError,
    MideaServerError,
    MideaUnconfirmedError,
    MideaUnsupportedError,
)
from .frames import (
    MessageIdCounter,
    build_capabilities_query_frame,
    build_display_toggle_frame,
    build_query_frame,
    build_set_frame,
)
from .login_budget import LoginBudget
from .lua_status import LuaReadings
from .mapp import MappCloud
from .model import AcChanges, AcState, Appliance
from .msmarthome import is_device_id
from .msmarthome_cloud import MSmartHomeCloud
from .packet import SequenceCounter
from .profiles import DEFAULT_PROFILE, PROFILES
from .proxy_transport import ProxyTransport
from .server import validate_server_url
from .session import LiveSession, SessionKeeper, StoredSession
from .state import apply_changes, parse_state_frame
from .transport import ClientStats, Transport, WireSettings
from .units import UnitStates

_LOGGER = logging.getLogger(__name__)

LOGIN_TIMEOUT = 15.0
SEND_TIMEOUT = 30.0
MSMARTHOME_RELOGIN_SPACING = timedelta(minutes=1)
_ACCOUNT_ERRORS = (MideaAuthError, MideaAccountNotFoundError, MideaRateLimitedError)


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ClientHooks:
    """What tests, benchmarks and the emulator replace; production uses the defaults.

    ``server_map`` sends a cloud origin (``https://mapp.appsmb.com``) to another URL, the
    emulator's; ``sequence`` and ``message_ids`` make frames reproducible.
    """

    clock: Callable[[], datetime] = _utcnow
    retry_delay: float = 2.0
    login_timeout: float = LOGIN_TIMEOUT
    send_timeout: float = SEND_TIMEOUT
    server_map: Mapping[str, str] = field(default_factory=dict)
    sequence: SequenceCounter = field(default_factory=SequenceCounter)
    message_ids: MessageIdCounter = field(default_factory=MessageIdCounter)


class MideaCloudClient:
    """One account on a Midea cloud. Safe to share between concurrent tasks."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        account: str,
        password_digest: str,
        profile: str = DEFAULT_PROFILE,
        server: str | None = None,
        *,
        relay_concurrency: int = 1,
        beep: bool = False,
        login_blocked_until: datetime | None = None,
        iam_digest: str | None = None,
        device_id: str | None = None,
        hooks: ClientHooks | None = None,
    ) -> None:
        if profile not in PROFILES:
            raise MideaConfigError(f"unknown app profile {profile!r}")
        if relay_concurrency < 1:
            raise MideaConfigError("relay_concurrency must be at least 1")
        hooks = hooks or ClientHooks()
        self.account = account
        self.profile = PROFILES[profile]
        self.beep = beep
        self.stats = ClientStats()
        self._clock = hooks.clock
        self._retry_delay = hooks.retry_delay
        self._message_ids = hooks.message_ids
        override = validate_server_url(server) if server else None
        settings = WireSettings(
            self.stats, self._clock, relay_concurrency, hooks.login_timeout, hooks.send_timeout
        )
        self._cloud: MappCloud | MSmartHomeCloud
        relogin_spacing = timedelta(0)
        if self.profile.is_msmarthome:
            if not iam_digest or not device_id or not is_device_id(device_id):
                raise MideaConfigError("MSmartHome needs the password's iam digest and a device id")
            self._cloud = MSmartHomeCloud(
                ProxyTransport(session, self._clock, self.stats, hooks.server_map),
                account,
                password_digest,
                iam_digest,
                device_id,
                settings=settings,
                server=override,
            )
            relogin_spacing = MSMARTHOME_RELOGIN_SPACING
        else:
            self._cloud = MappCloud(
                Transport(session, self.profile, self._clock, self.stats, hooks.server_map),
                self.profile,
                account,
                password_digest,
                override,
                settings=settings,
                sequence=hooks.sequence,
            )
        self._sessions = SessionKeeper(
            self._cloud,
            LoginBudget(self._clock, login_blocked_until),
            self.stats,
            self._clock,
            relogin_spacing,
        )
        self._units = UnitStates(self._clock)

    def __repr__(self) -> str:
        return f"<MideaCloudClient {self.profile.key} server={self.server}>"

    # --- the session ---------------------------------------------------------------------------

    @property
    def server(self) -> str | None:
        """The server of the session in use, else the one found or given last."""
        session = self._sessions.current
        return session.server if session is not None else self._cloud.server

    @property
    def user_id(self) -> str | None:
        """The account's user id, once a login or a stored session told it."""
        session = self._sessions.current
        return session.user_id if session is not None else self._cloud.user_id

    @property
    def logged_in(self) -> bool:
        """True while the client holds a session."""
        return self._sessions.current is not None

    @property
    def login_blocked_until(self) -> datetime | None:
        """When the cloud's login block (7610) ends; None without one."""
        return self._sessions.budget.blocked_until

    @login_blocked_until.setter
    def login_blocked_until(self, until: datetime | None) -> None:
        self._sessions.budget.blocked_until = until

    @property
    def session_listener(self) -> Callable[[StoredSession | None], None] | None:
        """Called with the new session (None when it ended) after every change."""
        return self._sessions.listener

    @session_listener.setter
    def session_listener(self, listener: Callable[[StoredSession | None], None] | None) -> None:
        self._sessions.listener = listener

    @property
    def stored_session(self) -> StoredSession | None:
        """The current session in the form kept between runs; None without a session."""
        session = self._sessions.current
        return None if session is None else session.stored()

    def restore_session(self, stored: StoredSession) -> bool:
        """Use a session kept from an earlier run, so that no login is needed until the cloud
        ends it (3106, 3144). Return False, keeping none, when it belongs to another server than
        the one this client was told to use, or when the client already has a session."""
        if not self._cloud.accepts(stored.server) or not self._sessions.restore(stored):
            return False
        self._cloud.server = stored.server
        return True

    async def login(self) -> None:
        """Log in now (probing the servers unless one was given), replacing any session.

        This is the caller's explicit login: it also lifts the refusal that follows a 3101.
        """
        await self._sessions.login()

    async def list_appliances(self) -> list[Appliance]:
        """The account's appliances, with decrypted serial numbers."""
        return await self._sessions.run(
            self._cloud.list_appliances, relogin_on_protocol_error=False
        )

    # --- queries -------------------------------------------------------------------------------

    def last_state(self, appliance_id: str) -> AcState | None:
        """The newest state known for an appliance, from a query or a command's reply."""
        return self._units.get(appliance_id)

    def keep_only(self, appliance_ids: set[str]) -> None:
        """Forget the states of appliances that left the account."""
        self._units.keep_only(appliance_ids)

    async def query(self, appliance_id: str) -> AcState:
        """Query the state of one appliance: one relay request when all goes well.

        A query waits for a command to the same appliance in progress; its answer is kept
        before the next command to it may start, so a late answer never hides a newer state.
        """
        async with self._units.lock(appliance_id):
            return await self._query_locked(appliance_id)

    async def _query_locked(self, appliance_id: str) -> AcState:
        async def ask(session: LiveSession) -> AcState:
            frame = build_query_frame(self._message_ids.next())
            return parse_state_frame(await self._cloud.relay(session, appliance_id, frame))

        try:
            state = await self._sessions.run(ask, relogin_on_protocol_error=True)
        except (MideaNoReplyError, MideaServerError) as err:
            _LOGGER.debug("Query of %s got %s; one retry", appliance_id, err.code)
            await asyncio.sleep(self._retry_delay)
            state = await self._sessions.run(ask, relogin_on_protocol_error=False)
        return self._units.remember(appliance_id, state)

    async def query_capabilities(self, appliance_id: str) -> Capabilities:
        """Ask the unit what it supports (0xB5): one request, two when it has a second page.

        A unit that does not answer (3176) raises MideaNoReplyError; there is no retry, since
        many units never answer this query, and for the same reason that 3176 is not recorded as
        the last cloud error. When only the second page goes unanswered, the first page is used.
        """

        def ask(page: int) -> Callable[[LiveSession], Awaitable[CapabilityPage]]:
            async def send(session: LiveSession) -> CapabilityPage:
                frame = build_capabilities_query_frame(
                    message_id=self._message_ids.next(), page=page
                )
                return parse_capabilities_frame(
                    await self._cloud.relay(session, appliance_id, frame)
                )

            return send

        async with self._units.lock(appliance_id):
            with self._cloud.not_recording(MideaNoReplyError.code):
                first = await self._sessions.run(ask(0), relogin_on_protocol_error=True)
                records = dict(first.records)
                if first.more:
                    try:
                        second = await self._sessions.run(ask(1), relogin_on_protocol_error=True)
                    except MideaNoReplyError:
                        _LOGGER.debug("%s did not send its second capabilities page", appliance_id)
                    else:
                        records.update(second.records)
        return capabilities_from_records(records)

    @property
    def has_readings(self) -> bool:
        """True when the account's cloud can give power, energy and humidity (MSmartHome)."""
        return isinstance(self._cloud, MSmartHomeCloud)

    def last_readings(self, appliance_id: str) -> LuaReadings | None:
        """The appliance's newest power, energy and humidity readings, None before any."""
        return self._units.readings(appliance_id)

    async def read_readings(self, appliance_id: str) -> LuaReadings:
        """Ask the cloud for an appliance's power, energy and humidity and keep the answer.

        Only MSmartHome's cloud gives them (its Lua status call); on the legacy cloud this
        raises MideaUnsupportedError without a request.
        """
        if not isinstance(self._cloud, MSmartHomeCloud):
            raise MideaUnsupportedError("the legacy cloud gives no power, energy or humidity")
        cloud = self._cloud
        readings = await self._sessions.run(
            lambda session: cloud.readings(session, appliance_id),
            relogin_on_protocol_error=False,
        )
        return self._units.remember_readings(appliance_id, readings)

    # --- commands ------------------------------------------------------------------------------

    async def apply(
        self, appliance_id: str, changes: AcChanges, *, beep: bool | None = None
    ) -> AcState:
        """Merge changes into the freshest state and send one 33-byte SET; return the new state."""
        async with self._units.lock(appliance_id):
            current = await self._fresh_state(appliance_id)
            wanted = apply_changes(current, changes)
            use_beep = self.beep if beep is None else beep
            return await self._send_command(
                appliance_id,
                lambda: build_set_frame(wanted, message_id=self._message_ids.next(), beep=use_beep),
            )

    async def set_display(
        self, appliance_id: str, on: bool, *, beep: bool | None = None
    ) -> AcState:
        """Switch the unit's display light on or off.

        The frame toggles, so the display state is read first, every time: a remembered state
        may be stale, and a toggle sent on it could switch the light the wrong way. When that
        read fails nothing is sent (MideaNoStateError, or the error that concerns the unit's
        connection or the account as it is).
        """
        async with self._units.lock(appliance_id):
            try:
                current = await self._query_locked(appliance_id)
            except (MideaApplianceOfflineError, *_ACCOUNT_ERRORS):
                raise
            except (MideaApiError, MideaNetworkError, MideaProtocolError) as err:
                raise MideaNoStateError(
                    f"the display state of {appliance_id} could not be read; no toggle was sent"
                ) from err
            if current.display_on == on:
                return current
            use_beep = self.beep if beep is None else beep
            return await self._send_command(
                appliance_id,
                lambda: build_display_toggle_frame(
                    message_id=self._message_ids.next(), beep=use_beep
                ),
            )

    async def _fresh_state(self, appliance_id: str) -> AcState:
        """A state at most 30 s old to merge changes into (§D10): queried when older."""
        if (fresh := self._units.fresh(appliance_id)) is not None:
            return fresh
        known = self._units.trusted(appliance_id)
        try:
            return await self._query_locked(appliance_id)
        except MideaApplianceOfflineError:
            raise
        except (MideaApiError, MideaNetworkError, MideaProtocolError) as err:
            if known is None:
                raise MideaNoStateError(
                    f"no known state for {appliance_id}; no SET was sent"
                ) from err
            _LOGGER.debug("Using the last known state of %s: %s", appliance_id, err)
            return known

    async def _send_command(self, appliance_id: str, frame_for: Callable[[], bytes]) -> AcState:
        """Send a state-changing frame once; its C0 reply is the new state (§D10).

        A reply that cannot be read, at any layer, leaves the command unconfirmed: the cloud
        took it, so only a query can tell what the unit did.
        """

        async def send(session: LiveSession) -> AcState:
            try:
                reply = await self._cloud.relay(session, appliance_id, frame_for())
            except MideaNoReplyError as err:
                raise MideaUnconfirmedError(
                    f"{appliance_id} did not confirm the command (3176)", reached_cloud=True
                ) from err
            except (MideaNetworkError, MideaMalformedAnswerError) as err:
                raise MideaUnconfirmedError(f"{appliance_id}: {err}", reached_cloud=False) from err
            except MideaProtocolError as err:
                raise MideaUnconfirmedError(
                    f"{appliance_id}: unreadable confirmation", reached_cloud=True
                ) from err
            try:
                return parse_state_frame(reply)
            except MideaProtocolError as err:
                raise MideaUnconfirmedError(
                    f"{appliance_id}: unreadable confirmation", reached_cloud=True
                ) from err

        try:
            state = await self._sessions.run(send, relogin_on_protocol_error=False)
        except MideaUnconfirmedError:
            self._units.doubt(appliance_id)
            raise
        return self._units.remember(appliance_id, state)
