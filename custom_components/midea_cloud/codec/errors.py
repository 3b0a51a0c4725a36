"""Errors raised by the codec: one class per meaning of docs/protocol.md §14."""

from __future__ import annotations

from datetime import datetime


class MideaError(Exception):
    """Base class of every error the codec raises."""


class MideaConfigError(MideaError):
    """The caller's configuration is invalid (for example a server URL that is not allowed)."""


class MideaNetworkError(MideaError):
    """The cloud could not be reached: connection error, timeout or an HTTP status not 200."""


class MideaProtocolError(MideaError):
    """Something from the network is malformed: JSON, hex, padding, CSV, packet or frame."""


class MideaMalformedAnswerError(MideaProtocolError):
    """The HTTP body is not the JSON answer of D3 (not JSON, no valid errorCode, a result that is
    not an object). Something between us and the cloud failed, not the session keys: unlike a
    reply that cannot be decrypted (D13), it is no reason to log in again."""


class MideaUnsupportedError(MideaError):
    """The request cannot be expressed in the frames this project builds (frost protection)."""


class MideaNoStateError(MideaError):
    """A SET needs a known state of the unit and none could be obtained."""


class MideaApiError(MideaError):
    """The cloud answered with a non-zero errorCode."""

    code: int = 0

    def __init__(self, code: int | None = None, msg: str = "") -> None:
        if code is not None:
            self.code = code
        self.msg = msg
        super().__init__(f"cloud error {self.code}" + (f": {msg}" if msg else ""))


class MideaAuthError(MideaApiError):
    """3101: wrong account or password."""

    code = 3101


class MideaAccountNotFoundError(MideaApiError):
    """3102 on every server: the account is not registered with this app."""

    code = 3102


class MideaSessionError(MideaApiError):
    """3106 or 3144: the session expired or was replaced (re-login handled by the client)."""

    code = 3106


class MideaInvalidParameterError(MideaApiError):
    """3004: the cloud refused a parameter (usually the appliance id)."""

    code = 3004


class MideaApplianceOfflineError(MideaApiError):
    """3123: the appliance is offline."""

    code = 3123


class MideaApplianceNotFoundError(MideaApiError):
    """3127: the appliance does not exist on this account."""

    code = 3127


class MideaNoReplyError(MideaApiError):
    """3176 on a query: the appliance did not answer in time."""

    code = 3176


class MideaUnconfirmedError(MideaError):
    """A SET was sent but not confirmed (3176 or a timeout); the state must be queried again.

    ``reached_cloud`` is True when the cloud took the command (3176, unreadable reply) and False
    when the request itself failed on the network, so the unit may never have seen it.
    """

    def __init__(self, message: str, *, reached_cloud: bool) -> None:
        super().__init__(message)
        self.reached_cloud = reached_cloud


class MideaSignError(MideaApiError):
    """3301: the cloud rejected the request signature (a bug, not a user error)."""

    code = 3301


class MideaRateLimitedError(MideaApiError):
    """7610, or the client's own login budget: no login is attempted before ``until``."""

    code = 7610

    def __init__(self, until: datetime, code: int | None = None, msg: str = "") -> None:
        self.until = until
        super().__init__(code, msg)
        self.args = (f"logins blocked until {until.isoformat(timespec='seconds')}",)


class MideaLoginBudgetError(MideaRateLimitedError):
    """The client's own budget of automatic logins (3 in a rolling hour) is spent."""

    code = 0


class MideaServerError(MideaApiError):
    """9999: transient server fault."""

    code = 9999


class MideaLegacyRelayError(MideaApiError):
    """1000 on the old relay: the /new login did not provide randomData."""

    code = 1000


class MideaEncryptionError(MideaApiError):
    """1011, or session keys that cannot be derived or used."""

    code = 1011


API_ERRORS: dict[int, type[MideaApiError]] = {
    cls.code: cls
    for cls in (
        MideaAuthError,
        MideaAccountNotFoundError,
        MideaInvalidParameterError,
        MideaApplianceOfflineError,
        MideaApplianceNotFoundError,
        MideaNoReplyError,
        MideaSignError,
        MideaServerError,
        MideaLegacyRelayError,
        MideaEncryptionError,
    )
}
API_ERRORS[3106] = MideaSessionError
API_ERRORS[3144] = MideaSessionError


# --- MSmartHome (docs/msmarthome.md §9) ---------------------------------------------------------


class MideaDeviceQuotaError(MideaApiError):
    """65027 on the MSmartHome login: too many devices signed in to this account; never retried."""

    code = 65027
    meaning = "too many devices signed in to this account"

    def __init__(self, code: int | None = None, msg: str = "") -> None:
        super().__init__(code, f"{self.meaning} ({msg})" if msg else self.meaning)


class MideaTokenExpiredError(MideaSessionError):
    """40002 on MSmartHome: the access token is no longer valid, so the session ended."""

    code = 40002


class MideaLuaUnsupportedError(MideaApiError):
    """1014 on MSmartHome's Lua status: the cloud cannot answer this query for this unit."""

    code = 1014


class MideaProxySignError(MideaApiError):
    """44003 on MSmartHome: the cloud rejected the request signature (a bug, not a user error)."""

    code = 44003


class MideaRouteNotFoundError(MideaApiError):
    """10004 from an MSmartHome router: it knows no server for this account."""

    code = 10004


API_ERRORS.update(
    {
        cls.code: cls
        for cls in (
            MideaDeviceQuotaError,
            MideaTokenExpiredError,
            MideaLuaUnsupportedError,
            MideaProxySignError,
            MideaRouteNotFoundError,
        )
    }
)
