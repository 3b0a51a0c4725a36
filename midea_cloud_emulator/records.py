"""What the emulator remembers about each request it answered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)
class RequestRecord:
    """One request: the region that got it, the path, its form fields, the errorCode answered
    and when it arrived (the emulator's clock).

    ``error_code`` is None when the answer carried no errorCode (HTTP error, not JSON, a null
    errorCode, a dropped connection, or a request still running).
    """

    region: str
    path: str
    params: dict[str, str]
    error_code: int | None = None
    at: datetime | None = None
