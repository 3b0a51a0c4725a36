"""Sessions taken over by the phone app: the cloud keeps one session per account.

Each time the phone app signs in to the same account, the cloud ends our session (3106) and
the integration has to sign in again; the cloud in turn may sign the app out. The client counts
the sessions that ended within an hour of their login (an expired session lives longer). Once
or twice a day does no harm; three times within six hours, a repair explains the fix: a second
(family) account for Home Assistant.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from .const import SESSION_TAKEOVER_WINDOW, SESSION_TAKEOVERS_FOR_ISSUE
from .issues import (
    ISSUE_SESSION_TAKEN_OVER,
    async_delete_account_issue,
    async_raise_account_issue,
)


class TakeoverWatch:
    """Counts the sessions the cloud ended and shows or removes the repair."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        self._hass = hass
        self._entry = entry
        self._seen = 0
        self._times: deque[datetime] = deque()

    def observe(self, ended_sessions: int, now: datetime) -> None:
        """Take the client's count of sessions ended early at ``now``."""
        self._times.extend([now] * max(0, ended_sessions - self._seen))
        self._seen = ended_sessions
        while self._times and now - self._times[0] >= SESSION_TAKEOVER_WINDOW:
            self._times.popleft()
        if len(self._times) >= SESSION_TAKEOVERS_FOR_ISSUE:
            hours = int(SESSION_TAKEOVER_WINDOW.total_seconds() // 3600)
            async_raise_account_issue(
                self._hass,
                self._entry,
                ISSUE_SESSION_TAKEN_OVER,
                {"count": str(len(self._times)), "hours": str(hours)},
            )
        else:
            async_delete_account_issue(self._hass, self._entry, ISSUE_SESSION_TAKEN_OVER)

    @property
    def recent(self) -> int:
        """Sessions ended within the window, as of the last observation."""
        return len(self._times)
