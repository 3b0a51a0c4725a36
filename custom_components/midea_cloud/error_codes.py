"""What the error-code and last-cloud-error sensors show: states whose translations say what a
code means, with the number kept as an attribute.

Unit error codes (C0 body[16]): Midea's thing model (docs/error_codes.md) gives each number the
code the unit's display shows; what a display code means comes from Midea's service manuals,
cited per code in docs/error_codes.md. A code without a documented meaning (EH01) is translated
as its display code alone.

Cloud error codes: the errorCode values the codec knows (codec/errors.py, PROTOCOL.md D13).
"""

from __future__ import annotations

from typing import Final

from .codec.errors import (
    MideaAccountNotFoundError,
    MideaApplianceNotFoundError,
    MideaApplianceOfflineError,
    MideaAuthError,
    MideaEncryptionError,
    MideaInvalidParameterError,
    MideaLegacyRelayError,
    MideaNoReplyError,
    MideaRateLimitedError,
    MideaServerError,
    MideaSessionError,
    MideaSignError,
)
from .codec.state import FAULT_LABELS

NO_ERROR: Final = "no_error"
OTHER: Final = "other"
ERROR_CODE_STATES: Final = [
    NO_ERROR,
    *(label.lower() for code, label in sorted(FAULT_LABELS.items()) if code),
    OTHER,
]

LOGIN_EXPIRED: Final = 3144
CLOUD_ERRORS: Final[dict[int, str]] = {
    MideaAuthError.code: "wrong_password",
    MideaAccountNotFoundError.code: "account_not_found",
    MideaSessionError.code: "session_ended",
    LOGIN_EXPIRED: "login_expired",
    MideaInvalidParameterError.code: "request_refused",
    MideaApplianceOfflineError.code: "unit_offline",
    MideaApplianceNotFoundError.code: "unit_not_on_account",
    MideaNoReplyError.code: "unit_did_not_answer",
    MideaSignError.code: "signature_refused",
    MideaRateLimitedError.code: "logins_blocked",
    MideaServerError.code: "server_error",
    MideaLegacyRelayError.code: "relay_refused",
    MideaEncryptionError.code: "encryption_mismatch",
}
CLOUD_ERROR_STATES: Final = [*CLOUD_ERRORS.values(), OTHER]


def error_code_state(code: int) -> str:
    """The error-code sensor's state: ``no_error``, a display code such as ``eh00``, ``other``."""
    if code == 0:
        return NO_ERROR
    label = FAULT_LABELS.get(code)
    return OTHER if label is None else label.lower()


def fault_display_code(code: int) -> str:
    """What a repair shows: the display code when the thing model lists one, else the number."""
    return FAULT_LABELS[code] if code and code in FAULT_LABELS else str(code)


def cloud_error_state(code: int | None) -> str | None:
    """The last-cloud-error sensor's state: what the code means, ``other``, or None (unknown)."""
    if code is None:
        return None
    return CLOUD_ERRORS.get(code, OTHER)
