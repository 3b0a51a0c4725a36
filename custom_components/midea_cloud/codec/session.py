"""The account's session: logging in when needed, once for all callers, and keeping it.

A session is worth keeping: the cloud allows one per account and blocks logins for an hour after
too many, so a restart that reuses the last session costs no login. What is kept between runs (in
a config entry, in the CLI's cache file) is the session id, its AES keys and the server it
belongs to; never the password or its digest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
import logging
from typing import Any, Protocol

from .crypto import SessionKeys
from .errors import (
    MideaAccountNotFoundError,
    MideaConfigError,
    MideaEncryptionError,
    MideaError,
    MideaMalformedAnswerError,
    MideaProtocolError,
    MideaRateLimitedError,
    MideaSessionError,
)
from .login_budget import REFUSALS, LoginBudget
from .transport import ClientStats

_LOGGER = logging.getLogger(__name__)
EARLY_SESSION_END = timedelta(hours=1)


@dataclass(frozen=True, slots=True, repr=False)
class StoredSession:
    """Everything needed to use a session again without logging in."""

    session_id: str
    keys: SessionKeys
    legacy: bool
    server: str
    created: datetime
    user_id: str | None = None

    def __repr__(self) -> str:
        return f"<stored session on {self.server}{' legacy' if self.legacy else ''}>"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form (secrets included: store it where a token would be stored)."""
        return {
            "session_id": self.session_id,
            "data_key": self.keys.data_key.hex(),
            "data_iv": None if self.keys.data_iv is None else self.keys.data_iv.hex(),
            "legacy": self.legacy,
            "server": self.server,
            "created": self.created.isoformat(),
            "user_id": self.user_id,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoredSession:
        """Read what :meth:`as_dict` wrote; anything else raises MideaConfigError."""
        try:
            iv = data["data_iv"]
            created = datetime.fromisoformat(data["created"])
            user_id = data.get("user_id")
            session = cls(
                session_id=_text(data["session_id"]),
                keys=SessionKeys(
                    bytes.fromhex(_text(data["data_key"])),
                    None if iv is None else bytes.fromhex(_text(iv)),
                ),
                legacy=_flag(data["legacy"]),
                server=_text(data["server"]),
                created=created,
                user_id=None if user_id is None else _text(user_id),
            )
        except (KeyError, TypeError, ValueError, MideaEncryptionError) as err:
            raise MideaConfigError("the stored session is unreadable") from err
        if created.tzinfo is None:
            raise MideaConfigError("the stored session has no time zone")
        return session


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("not a non-empty string")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not a boolean")
    return value


@dataclass(frozen=True, slots=True, repr=False)
class LiveSession:
    """One logged-in session of this run; ``generation`` tells a session from the next one."""

    session_id: str
    keys: SessionKeys
    legacy: bool
    server: str
    created: datetime
    user_id: str | None
    generation: int = 0

    def __repr__(self) -> str:
        return f"<session #{self.generation}{' legacy' if self.legacy else ''}>"

    def stored(self) -> StoredSession:
        """The form kept between runs."""
        return StoredSession(
            session_id=self.session_id,
            keys=self.keys,
            legacy=self.legacy,
            server=self.server,
            created=self.created,
            user_id=self.user_id,
        )

    @classmethod
    def from_stored(cls, stored: StoredSession, generation: int) -> LiveSession:
        """A session kept from an earlier run, as this run's session number ``generation``."""
        return cls(
            stored.session_id,
            stored.keys,
            stored.legacy,
            stored.server,
            stored.created,
            stored.user_id,
            generation,
        )


class CloudLogin(Protocol):
    """One cloud's login: find the account's server, log in, return the new session."""

    async def __call__(self, *, redetect: bool) -> LiveSession:
        """Log in; with ``redetect``, forget the server found before (the account moved)."""
        ...


class SessionKeeper:
    """Holds the account's session; logs in when there is none or the cloud ended it (§D13).

    Logins are serialised, counted by the login budget, and shared: callers that lost the same
    session wait for one login and share its outcome.
    """

    def __init__(
        self,
        login: CloudLogin,
        budget: LoginBudget,
        stats: ClientStats,
        clock: Callable[[], datetime],
        relogin_spacing: timedelta = timedelta(0),
    ) -> None:
        self.budget = budget
        self._relogin_spacing = relogin_spacing
        self._last_login: datetime | None = None
        self.listener: Callable[[StoredSession | None], None] | None = None
        self._login = login
        self._stats = stats
        self._clock = clock
        self._session: LiveSession | None = None
        self._generation = 0
        self._ended_generation = 0
        self._lock = asyncio.Lock()
        self._attempts = 0
        self._failure: MideaError | None = None
        self._failed_after = 0

    @property
    def current(self) -> LiveSession | None:
        """The session in use, if any."""
        return self._session

    def restore(self, stored: StoredSession) -> bool:
        """Use a session kept from an earlier run; False when one is already in use."""
        if self._session is not None:
            return False
        self._generation += 1
        self._session = LiveSession.from_stored(stored, self._generation)
        return True

    async def login(self) -> None:
        """Log in now, replacing any session; this also lifts a 3101, 3102 or 65027 refusal."""
        async with self._lock:
            self.budget.refusal = None
            await self._login_locked(redetect=False)

    async def run[T](
        self,
        operation: Callable[[LiveSession], Awaitable[T]],
        *,
        relogin_on_protocol_error: bool,
    ) -> T:
        """Run an operation, logging in again once on 3106/3144/1011/3102 (§D13)."""
        session = await self._ensure()
        try:
            return await operation(session)
        except MideaSessionError as err:
            self._note_session_end(session, err)
            if self._too_soon() and self._session is not None and self._session == session:
                raise
            await self._relogin(session)
        except MideaAccountNotFoundError:
            await self._relogin(session, redetect=True)
        except MideaMalformedAnswerError:
            raise
        except MideaEncryptionError, MideaProtocolError:
            if not relogin_on_protocol_error or not self.budget.allows():
                raise
            await self._relogin(session)
        return await operation(await self._ensure())

    def _too_soon(self) -> bool:
        """True when the last login is more recent than the cloud's spacing between logins."""
        last = self._last_login
        return last is not None and self._clock() - last < self._relogin_spacing

    async def _ensure(self) -> LiveSession:
        session = self._session
        if session is not None:
            return session
        seen = self._attempts
        async with self._lock:
            if self._session is None:
                if seen != self._attempts and self._failure is not None:
                    raise self._failure
                await self._login_locked(redetect=False)
            assert self._session is not None
            return self._session

    async def _relogin(self, failed: LiveSession, *, redetect: bool = False) -> None:
        async with self._lock:
            if self._session is not None and self._session.generation != failed.generation:
                return
            if self._failure is not None and self._failed_after == failed.generation:
                raise self._failure
            self._session = None
            self._failed_after = failed.generation
            try:
                await self._login_locked(redetect=redetect)
            except MideaError:
                self._changed()
                raise

    async def _login_locked(self, *, redetect: bool) -> None:
        self._failure = None
        try:
            self.budget.take()
            self._stats.logins += 1
            self._last_login = self._clock()
            try:
                session = await self._login(redetect=redetect)
            except MideaRateLimitedError as err:
                self.budget.blocked_until = err.until
                _LOGGER.debug(
                    "The cloud refused more logins for this account; next attempt after %s",
                    err.until.isoformat(timespec="minutes"),
                )
                raise
        except MideaError as err:
            self._failure = err
            if isinstance(err, REFUSALS):
                self.budget.refusal = err
            raise
        finally:
            self._attempts += 1
        self._generation += 1
        self._session = replace(session, generation=self._generation)
        self._changed()

    def _note_session_end(self, session: LiveSession, err: MideaSessionError) -> None:
        """Count a 3106 once per session, when the session was younger than an hour."""
        if err.code != MideaSessionError.code or session.generation <= self._ended_generation:
            return
        self._ended_generation = session.generation
        if self._clock() - session.created < EARLY_SESSION_END:
            self._stats.sessions_ended_early += 1

    def _changed(self) -> None:
        if self.listener is not None:
            self.listener(None if self._session is None else self._session.stored())
