"""How many logins the client may still start: its own budget and the cloud's block (§D13)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta

from .errors import (
    MideaAccountNotFoundError,
    MideaApiError,
    MideaAuthError,
    MideaDeviceQuotaError,
    MideaLoginBudgetError,
    MideaRateLimitedError,
)

REFUSALS = (MideaAuthError, MideaAccountNotFoundError, MideaDeviceQuotaError)
"""Login answers only the owner can change: 3101 wrong password, 3102 no such account on any
server of the app, 65027 too many devices."""

LOGIN_BUDGET = 3
LOGIN_BUDGET_WINDOW = timedelta(hours=1)


class LoginBudget:
    """At most three logins in a rolling hour, none during the cloud's block (7610), and none
    after a refusal only the owner can lift (3101, 3102, 65027) until the caller logs in
    explicitly."""

    def __init__(
        self, clock: Callable[[], datetime], blocked_until: datetime | None = None
    ) -> None:
        self.blocked_until = blocked_until
        self.refusal: MideaApiError | None = None
        self._clock = clock
        self._times: deque[datetime] = deque()

    def take(self) -> None:
        """Count one login now, or raise the reason it may not start."""
        if self.refusal is not None:
            raise type(self.refusal)(msg="refused at the last login; not asking again")
        now = self._clock()
        if self.blocked_until is not None:
            if now < self.blocked_until:
                raise MideaRateLimitedError(self.blocked_until)
            self.blocked_until = None
        while self._times and now - self._times[0] >= LOGIN_BUDGET_WINDOW:
            self._times.popleft()
        if len(self._times) >= LOGIN_BUDGET:
            raise MideaLoginBudgetError(self._times[0] + LOGIN_BUDGET_WINDOW)
        self._times.append(now)

    def allows(self) -> bool:
        """True when a login could start now (nothing is counted)."""
        now = self._clock()
        if self.blocked_until is not None and now < self.blocked_until:
            return False
        recent = [t for t in self._times if now - t < LOGIN_BUDGET_WINDOW]
        return len(recent) < LOGIN_BUDGET
