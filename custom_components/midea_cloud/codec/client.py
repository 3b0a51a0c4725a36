"""The async cloud client: login, appliance list, query and SET (docs/protocol.md §D2-§D13)."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
import logging
from typing import Any

import aiohttp

from .capabilities import (
    Capabilities,
    CapabilityPage,
    capabilities_from_records,
    parse_capabilities_frame,
)
from .crypto import SessionKeys, decrypt_serial, derive_cbc_keys, derive_ecb_keys
from .errors import (
    MideaAccountNotFoundError,
    MideaApiError,
    MideaApplianceOfflineError,
    MideaAuthError,
    MideaConfigError,
    MideaEncryptionError,
    MideaError,
    MideaLegacyRelayError,
    MideaLoginBudgetError,
    MideaMalformedAnswerError,
    MideaNetworkError,
    MideaNoReplyError,
    MideaNoStateError,
    MideaProtocolError,
    MideaRateLimitedError,
    MideaServerError,
    MideaSessionError,
    MideaUnconfirmedError,
)
from .frames import (
    MessageIdCounter,
    build_capabilities_query_frame,
    build_display_toggle_frame,
    build_query_frame,
    build_set_frame,
)
from .model import AcChanges, AcState, Appliance
from .order import decode_reply_frame, encode_order
from .packet import SequenceCounter, build_packet
from .profiles import DEFAULT_PROFILE, PROFILES
from .server import parse_region_domain, validate_server_url
from .session import StoredSession
from .signing import login_password, terminal_id
from .state import apply_changes, parse_state_frame
from .transport import ClientStats, Transport

_LOGGER = logging.getLogger(__name__)

PATH_LOGIN_ID = "/v1/user/login/id/get"
PATH_LOGIN_NEW = "/v1/user/login/new"
PATH_LOGIN_OLD = "/v1/user/login"
PATH_LIST = "/v1/appliance/user/list/get"
PATH_SEND_NEW = "/v1/appliance/transparent/send/new"
PATH_SEND_OLD = "/v1/appliance/transparent/send"

LOGIN_TIMEOUT = 15.0
SEND_TIMEOUT = 30.0
STATE_MAX_AGE = timedelta(seconds=30)
LOGIN_BUDGET = 3
LOGIN_BUDGET_WINDOW = timedelta(hours=1)
EARLY_SESSION_END = timedelta(hours=1)
INVALID_SESSION = 3106
_ACCOUNT_ERRORS = (MideaAuthError, MideaAccountNotFoundError, MideaRateLimitedError)
LEGACY_RELAY_MESSAGE = (
    "the server rejected the legacy relay; the /new login did not provide randomData"
)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class _Session:
    """Credentials of one logged-in session; never printed."""

    __slots__ = ("created", "generation", "keys", "legacy", "session_id")

    def __init__(
        self,
        session_id: str,
        keys: SessionKeys,
        *,
        legacy: bool,
        generation: int,
        created: datetime,
    ) -> None:
        self.session_id = session_id
        self.keys = keys
        self.legacy = legacy
        self.generation = generation
        self.created = created

    def __repr__(self) -> str:
        return f"<session #{self.generation}{' legacy' if self.legacy else ''}>"


class MideaCloudClient:
    """One account on the mapp cloud. Safe to share between concurrent tasks."""

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
        retry_delay: float = 2.0,
        login_timeout: float = LOGIN_TIMEOUT,
        send_timeout: float = SEND_TIMEOUT,
        server_map: Mapping[str, str] | None = None,
        login_blocked_until: datetime | None = None,
        clock: Callable[[], datetime] | None = None,
        sequence: SequenceCounter | None = None,
        message_ids: MessageIdCounter | None = None,
    ) -> None:
        if profile not in PROFILES:
            raise MideaConfigError(f"unknown app profile {profile!r}")
        if relay_concurrency < 1:
            raise MideaConfigError("relay_concurrency must be at least 1")
        self.account = account
        self.profile = PROFILES[profile]
        self.beep = beep
        self.stats = ClientStats()
        self.user_id: str | None = None
        self.login_blocked_until = login_blocked_until
        self._override = validate_server_url(server) if server else None
        self.server: str | None = self._override
        self._digest = password_digest
        self._clock = clock or _utcnow
        self._transport = Transport(session, self.profile, self._clock, self.stats, server_map)
        self._retry_delay = retry_delay
        self._login_timeout = login_timeout
        self._send_timeout = send_timeout
        self._sequence = sequence or SequenceCounter()
        self._message_ids = message_ids or MessageIdCounter()
        self._session: _Session | None = None
        self._generation = 0
        self._ended_generation = 0
        self._login_lock = asyncio.Lock()
        self._login_times: deque[datetime] = deque()
        self._login_attempts = 0
        self._login_failure: MideaError | None = None
        self._failed_after = 0
        self._credentials_rejected = False
        self._relay_slots = asyncio.Semaphore(relay_concurrency)
        self._unit_locks: dict[str, asyncio.Lock] = {}
        self._states: dict[str, tuple[AcState, datetime]] = {}
        self.session_listener: Callable[[StoredSession | None], None] | None = None

    def __repr__(self) -> str:
        return f"<MideaCloudClient {self.profile.key} server={self.server}>"

    @property
    def logged_in(self) -> bool:
        """True while the client holds a session."""
        return self._session is not None

    @property
    def stored_session(self) -> StoredSession | None:
        """The current session in the form kept between runs; None without a session."""
        session = self._session
        if session is None or self.server is None:
            return None
        return StoredSession(
            session_id=session.session_id,
            keys=session.keys,
            legacy=session.legacy,
            server=self.server,
            created=session.created,
            user_id=self.user_id,
        )

    def restore_session(self, stored: StoredSession) -> bool:
        """Use a session kept from an earlier run, so that no login is needed until the cloud
        ends it (3106, 3144). Return False, keeping none, when it belongs to another server than
        the one this client was told to use, or when the client already has a session."""
        if self._session is not None or (
            self._override is not None and stored.server != self._override
        ):
            return False
        self._generation += 1
        self._session = _Session(
            stored.session_id,
            stored.keys,
            legacy=stored.legacy,
            generation=self._generation,
            created=stored.created,
        )
        self.server = stored.server
        self.user_id = stored.user_id or self.user_id
        return True

    def _session_changed(self) -> None:
        if self.session_listener is not None:
            self.session_listener(self.stored_session)

    def last_state(self, appliance_id: str) -> AcState | None:
        """The freshest state known for an appliance, from a query or a SET reply."""
        known = self._states.get(appliance_id)
        return known[0] if known else None

    # --- login -------------------------------------------------------------------------------

    async def login(self) -> None:
        """Log in now (probing the servers unless one was given), replacing any session.

        This is the caller's explicit login: it also lifts the refusal that follows a 3101.
        """
        async with self._login_lock:
            self._credentials_rejected = False
            await self._login_locked()

    async def _ensure_session(self) -> _Session:
        session = self._session
        if session is not None:
            return session
        seen = self._login_attempts
        async with self._login_lock:
            if self._session is None:
                if seen != self._login_attempts and self._login_failure is not None:
                    raise self._login_failure
                await self._login_locked()
            assert self._session is not None
            return self._session

    async def _relogin(self, failed: _Session, *, redetect: bool = False) -> None:
        """Replace a session the cloud refused; callers that lost the same session share one try."""
        async with self._login_lock:
            if self._session is not None and self._session.generation != failed.generation:
                return
            if self._login_failure is not None and self._failed_after == failed.generation:
                raise self._login_failure
            self._session = None
            if redetect and self._override is None:
                self.server = None
            self._failed_after = failed.generation
            try:
                await self._login_locked()
            except MideaError:
                self._session_changed()
                raise

    def _check_login_allowed(self) -> None:
        if self._credentials_rejected:
            raise MideaAuthError(msg="the cloud rejected these credentials; not retrying them")
        now = self._clock()
        if self.login_blocked_until is not None:
            if now < self.login_blocked_until:
                raise MideaRateLimitedError(self.login_blocked_until)
            self.login_blocked_until = None
        while self._login_times and now - self._login_times[0] >= LOGIN_BUDGET_WINDOW:
            self._login_times.popleft()
        if len(self._login_times) >= LOGIN_BUDGET:
            raise MideaLoginBudgetError(self._login_times[0] + LOGIN_BUDGET_WINDOW)
        self._login_times.append(now)

    def _can_login(self) -> bool:
        now = self._clock()
        if self.login_blocked_until is not None and now < self.login_blocked_until:
            return False
        recent = [t for t in self._login_times if now - t < LOGIN_BUDGET_WINDOW]
        return len(recent) < LOGIN_BUDGET

    async def _login_locked(self) -> None:
        self._login_failure = None
        try:
            await self._attempt_login()
        except MideaError as err:
            self._login_failure = err
            if isinstance(err, MideaAuthError):
                self._credentials_rejected = True
            raise
        finally:
            self._login_attempts += 1

    async def _attempt_login(self) -> None:
        self._check_login_allowed()
        self.stats.logins += 1
        try:
            base, login_id = await self._find_server()
            result = await self._post(
                base,
                PATH_LOGIN_NEW,
                {
                    "loginAccount": self.account,
                    "password": login_password(login_id, self._digest, self.profile.app_key),
                    "encryptVersion": "1",
                    "pushType": "4",
                    "pushToken": "false",
                    "terminalId": terminal_id(self.account),
                },
            )
            session_id = _require_text(result, "sessionId", PATH_LOGIN_NEW)
            random_data = result.get("randomData")
            if isinstance(random_data, str) and random_data:
                keys = derive_cbc_keys(
                    self.profile.app_key,
                    _require_text(result, "accessToken", PATH_LOGIN_NEW),
                    random_data,
                )
                legacy = False
                self._follow_region_domain(base, result.get("regionDomain"))
            else:
                session_id, keys = await self._legacy_login(base)
                legacy = True
                self.server = base
        except MideaRateLimitedError as err:
            self.login_blocked_until = err.until
            _LOGGER.debug(
                "The cloud refused more logins for this account; next attempt after %s",
                err.until.isoformat(timespec="minutes"),
            )
            raise
        user_id = result.get("userId")
        self.user_id = str(user_id) if user_id not in (None, "") else self.user_id
        self._generation += 1
        self._session = _Session(
            session_id, keys, legacy=legacy, generation=self._generation, created=self._clock()
        )
        _LOGGER.debug("Logged in on %s (%s)", self.server, "ECB" if legacy else "CBC")
        self._session_changed()

    async def _find_server(self) -> tuple[str, str]:
        """Return (server, loginId) from the first server that knows the account (D2)."""
        if self._override is not None:
            candidates: list[str] = [self._override]
        else:
            cached = [self.server] if self.server else []
            candidates = cached + [s for s in self.profile.servers if s not in cached]
        unreachable: MideaNetworkError | None = None
        for base in candidates:
            try:
                result = await self._post(base, PATH_LOGIN_ID, {"loginAccount": self.account})
            except MideaNetworkError as err:
                _LOGGER.debug("Server %s unreachable: %s", base, err)
                unreachable = err
                continue
            except MideaAccountNotFoundError:
                continue
            self.server = base
            return base, _require_text(result, "loginId", PATH_LOGIN_ID)
        if unreachable is not None:
            raise unreachable
        raise MideaAccountNotFoundError(
            msg=(
                f"account not found for {self.profile.name} on any server; "
                "try the other app profile"
            )
        )

    def _follow_region_domain(self, base: str, value: object) -> None:
        self.server = base
        if value in (None, "") or self._override is not None:
            return
        origin = parse_region_domain(value)
        if origin is None:
            _LOGGER.warning("Ignoring an unexpected regionDomain from the cloud: %r", value)
            return
        self.server = origin

    async def _legacy_login(self, base: str) -> tuple[str, SessionKeys]:
        """The ECB fallback of D4 step 6, used only when /login/new gave no randomData."""
        login_id = _require_text(
            await self._post(base, PATH_LOGIN_ID, {"loginAccount": self.account}),
            "loginId",
            PATH_LOGIN_ID,
        )
        result = await self._post(
            base,
            PATH_LOGIN_OLD,
            {
                "loginAccount": self.account,
                "password": login_password(login_id, self._digest, self.profile.app_key),
            },
        )
        keys = derive_ecb_keys(
            self.profile.app_key, _require_text(result, "accessToken", PATH_LOGIN_OLD)
        )
        return _require_text(result, "sessionId", PATH_LOGIN_OLD), keys

    async def _post(
        self, base: str, path: str, extra: Mapping[str, str], *, timeout: float | None = None
    ) -> dict[str, Any]:
        return await self._transport.call(
            base, path, extra, timeout=self._login_timeout if timeout is None else timeout
        )

    # --- calls inside a session ----------------------------------------------------------------

    async def _with_session[T](
        self,
        operation: Callable[[_Session], Awaitable[T]],
        *,
        relogin_on_protocol_error: bool,
    ) -> T:
        """Run an operation, logging in again once on 3106/3144/1011/3102 (D13)."""
        session = await self._ensure_session()
        try:
            return await operation(session)
        except MideaSessionError as err:
            self._note_session_end(session, err)
            await self._relogin(session)
        except MideaAccountNotFoundError:
            await self._relogin(session, redetect=True)
        except MideaMalformedAnswerError:
            raise
        except (MideaEncryptionError, MideaProtocolError):
            if not relogin_on_protocol_error or not self._can_login():
                raise
            await self._relogin(session)
        return await operation(await self._ensure_session())

    def _note_session_end(self, session: _Session, err: MideaSessionError) -> None:
        """Count a 3106 once per session, when the session was younger than an hour."""
        if err.code != INVALID_SESSION or session.generation <= self._ended_generation:
            return
        self._ended_generation = session.generation
        if self._clock() - session.created < EARLY_SESSION_END:
            self.stats.sessions_ended_early += 1

    async def _session_post(
        self, session: _Session, path: str, extra: Mapping[str, str], timeout: float
    ) -> dict[str, Any]:
        assert self.server is not None
        return await self._post(
            self.server, path, {"sessionId": session.session_id, **extra}, timeout=timeout
        )

    async def list_appliances(self) -> list[Appliance]:
        """The account's appliances, with decrypted serial numbers."""

        async def fetch(session: _Session) -> list[Appliance]:
            result = await self._session_post(session, PATH_LIST, {}, self._login_timeout)
            return _parse_appliances(result, session.keys)

        return await self._with_session(fetch, relogin_on_protocol_error=False)

    async def _relay(self, session: _Session, appliance_id: str, frame: bytes) -> bytes:
        """Send one frame through transparent/send and return the frame of the reply."""
        try:
            numeric_id = int(appliance_id)
        except ValueError as err:
            raise MideaConfigError("an appliance id is a decimal number") from err
        packet = build_packet(frame, numeric_id, self._sequence.next(), self._clock())
        order = encode_order(session.keys, packet)
        path = PATH_SEND_OLD if session.legacy else PATH_SEND_NEW
        _LOGGER.debug("Sending to %s: %s", appliance_id, frame.hex())
        async with self._relay_slots:
            self.stats.relay_requests += 1
            try:
                result = await self._session_post(
                    session,
                    path,
                    {"applianceId": appliance_id, "funId": "0008", "order": order},
                    self._send_timeout,
                )
            except MideaLegacyRelayError as err:
                if session.legacy:
                    raise MideaLegacyRelayError(msg=LEGACY_RELAY_MESSAGE) from err
                raise
        reply = result.get("reply")
        if not isinstance(reply, str):
            raise MideaProtocolError("the relay answer has no reply")
        reply_frame = decode_reply_frame(session.keys, reply)
        _LOGGER.debug("Reply from %s: %s", appliance_id, reply_frame.hex())
        return reply_frame

    def _remember(self, appliance_id: str, state: AcState) -> AcState:
        self._states[appliance_id] = (state, self._clock())
        return state

    async def query(self, appliance_id: str) -> AcState:
        """Query the state of one appliance: one relay request when all goes well."""

        async def ask(session: _Session) -> AcState:
            frame = build_query_frame(self._message_ids.next())
            return parse_state_frame(await self._relay(session, appliance_id, frame))

        async def ask_with_retries() -> AcState:
            try:
                return await self._with_session(ask, relogin_on_protocol_error=True)
            except (MideaNoReplyError, MideaServerError) as err:
                _LOGGER.debug("Query of %s got %s; one retry", appliance_id, err.code)
                await asyncio.sleep(self._retry_delay)
            return await self._with_session(ask, relogin_on_protocol_error=False)

        return self._remember(appliance_id, await ask_with_retries())

    async def query_capabilities(self, appliance_id: str) -> Capabilities:
        """Ask the unit what it supports (0xB5): one request, two when it has a second page.

        A unit that does not answer (3176) raises MideaNoReplyError; there is no retry, since
        many units never answer this query, and for the same reason that 3176 is not recorded as
        the last cloud error. When only the second page goes unanswered, the first page is used.
        """

        def ask(page: int) -> Callable[[_Session], Awaitable[CapabilityPage]]:
            async def send(session: _Session) -> CapabilityPage:
                frame = build_capabilities_query_frame(
                    message_id=self._message_ids.next(), page=page
                )
                return parse_capabilities_frame(await self._relay(session, appliance_id, frame))

            return send

        with self._transport.not_recording(MideaNoReplyError.code):
            first = await self._with_session(ask(0), relogin_on_protocol_error=True)
            records = dict(first.records)
            if first.more:
                try:
                    second = await self._with_session(ask(1), relogin_on_protocol_error=True)
                except MideaNoReplyError:
                    _LOGGER.debug("%s did not send its second capabilities page", appliance_id)
                else:
                    records.update(second.records)
        return capabilities_from_records(records)

    def _unit_lock(self, appliance_id: str) -> asyncio.Lock:
        return self._unit_locks.setdefault(appliance_id, asyncio.Lock())

    async def _fresh_state(self, appliance_id: str) -> AcState:
        known = self._states.get(appliance_id)
        if known is not None and self._clock() - known[1] <= STATE_MAX_AGE:
            return known[0]
        try:
            return await self.query(appliance_id)
        except MideaApplianceOfflineError:
            raise
        except (MideaApiError, MideaNetworkError, MideaProtocolError) as err:
            if known is None:
                raise MideaNoStateError(
                    f"no known state for {appliance_id}; no SET was sent"
                ) from err
            _LOGGER.debug("Using the last known state of %s: %s", appliance_id, err)
            return known[0]

    async def _send_command(self, appliance_id: str, frame_for: Callable[[], bytes]) -> AcState:
        """Send a state-changing frame once; its C0 reply is the new state (D10)."""

        async def send(session: _Session) -> AcState:
            try:
                reply = await self._relay(session, appliance_id, frame_for())
            except MideaNoReplyError as err:
                raise MideaUnconfirmedError(
                    f"{appliance_id} did not confirm the command (3176)", reached_cloud=True
                ) from err
            except MideaNetworkError as err:
                raise MideaUnconfirmedError(f"{appliance_id}: {err}", reached_cloud=False) from err
            try:
                return parse_state_frame(reply)
            except MideaProtocolError as err:
                raise MideaUnconfirmedError(
                    f"{appliance_id}: unreadable confirmation", reached_cloud=True
                ) from err

        try:
            state = await self._with_session(send, relogin_on_protocol_error=False)
        except MideaUnconfirmedError:
            self._states.pop(appliance_id, None)
            raise
        return self._remember(appliance_id, state)

    async def apply(
        self, appliance_id: str, changes: AcChanges, *, beep: bool | None = None
    ) -> AcState:
        """Merge changes into the freshest state and send one 33-byte SET; return the new state."""
        async with self._unit_lock(appliance_id):
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
        async with self._unit_lock(appliance_id):
            try:
                current = await self.query(appliance_id)
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


def _require_text(result: Mapping[str, Any], key: str, path: str) -> str:
    value = result.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value:
        raise MideaProtocolError(f"the answer to {path} has no {key}")
    return value


def _parse_appliances(result: Mapping[str, Any], keys: SessionKeys) -> list[Appliance]:
    items = result.get("list")
    if not isinstance(items, list):
        raise MideaMalformedAnswerError(f"the answer to {PATH_LIST} has no list of appliances")
    appliances = []
    for item in items:
        if not isinstance(item, dict):
            raise MideaProtocolError("an appliance list item is not an object")
        appliance_id = _require_text(item, "id", PATH_LIST)
        if not appliance_id.isdecimal():
            raise MideaProtocolError("an appliance id is not a decimal number")
        sn = item.get("sn")
        appliances.append(
            Appliance(
                id=appliance_id,
                name=str(item.get("name") or appliance_id),
                type=str(item.get("type") or ""),
                online=str(item.get("onlineStatus")) == "1",
                model=str(item.get("modelNumber") or ""),
                serial=decrypt_serial(keys, sn) if isinstance(sn, str) and sn else "",
                description=str(item.get("des") or ""),
            )
        )
    return appliances
