"""A logged-in session as it is kept between runs: in a config entry, in the CLI's cache file.

A session is worth keeping: the cloud allows one per account and blocks logins for an hour after
too many, so a restart that reuses the last session costs no login. What is kept is the session
id, its AES keys and the server it belongs to; never the password or its digest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .crypto import SessionKeys
from .errors import MideaConfigError, MideaEncryptionError


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
